import { canWriteBoard } from '../../../shared/src/board/rules.ts';
import type { Clock } from '../clock.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import { type BoardLimits, BoardRoom, type BoardRoomOptions } from './boardRoom.ts';

/**
 * One board per live room: made when the room is made, a row added for each member who joins,
 * destroyed when the room ends [BD1, BD6].
 */
export class BoardHub {
  readonly #boards = new Map<string, BoardRoom>();

  constructor(
    private readonly registry: RoomRegistry,
    private readonly clock: Clock,
    private readonly limits: BoardLimits,
    private readonly options: BoardRoomOptions = {},
  ) {
    registry.subscribe({
      onCreated: (roomId) => {
        this.#boards.set(
          roomId,
          new BoardRoom((memberId) => this.#canWrite(roomId, memberId), this.clock, this.limits, this.options),
        );
      },
      onEvent: (roomId, { command }) => {
        const board = this.#boards.get(roomId);
        if (!board) return;
        if (command.type === 'member:join') board.addRow(command.memberId);
        else if (command.type === 'member:admit') board.addRow(command.memberId);
        else if (command.type === 'member:remove') board.dropMember(command.memberId);
      },
      onEnded: (roomId) => {
        this.#boards.get(roomId)?.destroy();
        this.#boards.delete(roomId);
      },
    });
  }

  get size(): number {
    return this.#boards.size;
  }

  get(roomId: string): BoardRoom | undefined {
    return this.#boards.get(roomId);
  }

  /** The scribe and the facilitator write; everyone else reads. Asked afresh for every message [BD4]. */
  #canWrite(roomId: string, memberId: string): boolean {
    const state = this.registry.get(roomId)?.state;
    return state !== undefined && canWriteBoard(state, memberId);
  }
}
