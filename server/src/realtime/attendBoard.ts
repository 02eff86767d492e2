import {
  BoardOpenRequest,
  type BoardOpenedWire,
  BoardRekeyRequest,
  BoardSealRequest,
} from '../../../shared/src/protocol/boardRelay.ts';
import { BoardClose } from '../../../shared/src/protocol/boardEndpoint.ts';
import { packFrames } from '../../../shared/src/protocol/boardPacking.ts';
import type { Ack, ServerToClientEvents } from '../../../shared/src/protocol/socket.ts';
import { refuse } from '../../../shared/src/room/refusal.ts';
import type { BoardHub } from '../board/boardHub.ts';
import type { BoardPeer, BoardRelay } from '../board/boardRelay.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { RefusalTally } from '../refusalTally.ts';
import { answerMessage } from './acks.ts';
import { MessageBudget } from './messageBudget.ts';
import { backlogOf, dropNow, type RoomSocket } from './roomSockets.ts';

export interface BoardAttendDeps {
  boards: BoardHub;
  clock: Clock;
  logger: Logger;
  config: Pick<ServerConfig, 'socket' | 'board'>;
  refusals: RefusalTally;
}

/**
 * A member's socket on the room's encrypted board: the `board:*` handlers, each payload parsed
 * with its shared schema, and the peer the room's relay sends to. Requests (open, seal,
 * rekey) share a budget of their own; frames have a ceiling per socket far above a device's, over
 * which the subscription ends (4429) and a socket that carries on regardless is let go [RC5]. A
 * socket that stops reading is let go as any slow consumer is.
 */
export class BoardAttendance implements BoardPeer {
  #memberId = '';
  #relay: BoardRelay | null = null;
  readonly #requests: MessageBudget;
  readonly #opens: MessageBudget;
  readonly #frames: MessageBudget;

  constructor(
    private readonly socket: RoomSocket,
    private readonly deps: BoardAttendDeps,
    owner: { flooded(): void },
  ) {
    const { socket: limits, board } = deps.config;
    this.#requests = new MessageBudget(deps.clock, owner, limits.messageBurst, limits.messagesPerSecond);
    this.#opens = new MessageBudget(deps.clock, owner, board.openBurst, board.opensPerSecond);
    this.#frames = new MessageBudget(deps.clock, owner, board.socketFrameBurst, board.socketFramesPerSecond);
    // An open answers with the whole snapshot and tail: its own small budget, and none while the
    // socket has not taken what it was sent, so a member cannot make the server queue copies.
    socket.on('board:open', (payload, ack) =>
      answerMessage(
        deps,
        this.#opens.take() && backlogOf(socket) === 0,
        BoardOpenRequest,
        this,
        this.open,
        payload,
        ack,
      ),
    );
    socket.on('board:seal', (payload, ack) =>
      answerMessage(deps, this.#requests.take(), BoardSealRequest, this, this.seal, payload, ack),
    );
    socket.on('board:rekey', (payload, ack) =>
      answerMessage(deps, this.#requests.take(), BoardRekeyRequest, this, this.rekey, payload, ack),
    );
    socket.on('board:frame', (payload) => this.#frame(payload));
  }

  get memberId(): string {
    return this.#memberId;
  }

  send<E extends 'board:frame' | 'board:key' | 'board:epoch' | 'board:needs' | 'board:closed'>(
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    const { socket } = this;
    if (!socket.connected) return;
    if (backlogOf(socket) > this.deps.config.socket.slowConsumerPackets) {
      this.deps.refusals.count('slow_consumer');
      dropNow(socket);
      return;
    }
    (socket.emit as (event: E, ...args: Parameters<ServerToClientEvents[E]>) => boolean)(event, ...args);
  }

  open(): Ack<BoardOpenedWire> {
    const memberId = this.socket.data.memberId;
    if (!memberId) return refuse('notAMember');
    const relay = this.deps.boards.get(this.socket.data.roomId);
    if (!relay) return refuse('roomEnded');
    if (this.#relay?.has(this) && memberId !== this.#memberId) this.#relay.leave(this);
    this.#memberId = memberId;
    this.#relay = relay;
    const opened = relay.open(this);
    if (!opened.ok) return opened;
    const { snapshot, tail, awareness, ...rest } = opened;
    return { ...rest, snapshot: packFrames(snapshot), tail: packFrames(tail), awareness: packFrames(awareness) };
  }

  seal(request: BoardSealRequest): Ack {
    const relay = this.#subscribed();
    return relay ? relay.seal(this, request) : refuse('boardNotOpen');
  }

  rekey(request: BoardRekeyRequest): Ack {
    const relay = this.#subscribed();
    return relay ? relay.rekey(this, request) : refuse('boardNotOpen');
  }

  /** The socket disconnected, or is no longer a member's: its subscription goes. */
  leave(): void {
    this.#relay?.leave(this);
    this.#relay = null;
  }

  /** The relay, if this socket is subscribed and still its member's. */
  #subscribed(): BoardRelay | null {
    const relay = this.#relay;
    if (!relay?.has(this)) return null;
    if (this.socket.data.memberId === this.#memberId) return relay;
    this.leave();
    return null;
  }

  #frame(payload: unknown): void {
    const withinCeiling = this.#frames.take();
    const relay = this.#subscribed();
    if (!relay) return;
    if (!withinCeiling) {
      relay.close(this, BoardClose.tooMany);
      return;
    }
    try {
      relay.receive(this, payload);
    } catch {
      this.deps.logger.log('handler.error');
      relay.close(this, BoardClose.malformed);
    }
  }
}
