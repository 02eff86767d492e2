import type { Clock } from '../clock.ts';
import type { RefusalTally } from '../refusalTally.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import { BoardRelay } from './boardRelay.ts';
import type { BoardLimits } from './limits.ts';

/**
 * One encrypted board relay per live room: made when the room is made, told of every accepted
 * command (roles and the roster are read afresh for every frame; a removal needs a new key), and
 * dropped when the room ends, closing every subscription with 4410 [BD6].
 */
export class BoardHub {
  readonly #relays = new Map<string, BoardRelay>();

  constructor(registry: RoomRegistry, clock: Clock, limits: BoardLimits, refusals: RefusalTally) {
    registry.subscribe({
      onCreated: (roomId, board = { epoch: 0, rekey: false }) => {
        const host = registry.get(roomId);
        if (!host) return;
        const start = { ...board, onChange: (next: typeof board) => registry.boardChanged(roomId, next) };
        this.#relays.set(roomId, new BoardRelay(roomId, host, clock, limits, refusals, start));
      },
      onEvent: (roomId, { command }) => {
        const relay = this.#relays.get(roomId);
        if (!relay) return;
        if (command.type === 'member:remove') relay.memberRemoved(command.memberId);
        else relay.roomChanged();
      },
      onReleased: (roomId) => {
        this.#relays.get(roomId)?.release();
        this.#relays.delete(roomId);
      },
      onEnded: (roomId) => {
        this.#relays.get(roomId)?.destroy();
        this.#relays.delete(roomId);
      },
    });
  }

  get size(): number {
    return this.#relays.size;
  }

  get(roomId: string): BoardRelay | undefined {
    return this.#relays.get(roomId);
  }
}
