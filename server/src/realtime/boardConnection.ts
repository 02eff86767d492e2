import type { RawData, WebSocket } from 'ws';
import { BoardClose, type BoardCloseCode } from '../../../shared/src/protocol/boardEndpoint.ts';
import type { BoardPeer, BoardRoom, MessageOutcome } from '../board/boardRoom.ts';
import type { Clock } from '../clock.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';
import type { RefusalTally } from '../refusalTally.ts';

/** A connection sending far faster than anyone types is closed for good. */
const tooFast: MessageOutcome = { kind: 'close', code: BoardClose.tooMany, reason: 'too many messages' };

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** How long a peer closed for what it sent may take to answer the close frame. */
const CLOSE_ANSWER_MS = 2_000;
const PEER_FAULTS: ReadonlySet<BoardCloseCode> = new Set([
  BoardClose.malformed,
  BoardClose.tooLarge,
  BoardClose.tooMany,
]);

/**
 * Refuses a board socket with a close code the provider understands, then drops it at once:
 * nothing of a room lingers in a buffer the peer never reads [PR2]. A peer closed for what it
 * sent may still be sending, and dropping a socket with unread input resets it before the peer
 * reads why; so that peer, if nothing is waiting for it, gets a moment to answer the close frame.
 */
export function closeBoardSocket(ws: WebSocket, refusals: RefusalTally, code: BoardCloseCode, reason: string): void {
  if (ws.readyState !== ws.OPEN) return;
  refusals.count(`board_${code}`);
  ws.close(code, reason);
  if (!PEER_FAULTS.has(code) || ws.bufferedAmount > 0) {
    ws.terminate();
    return;
  }
  const deadline = setTimeout(() => ws.terminate(), CLOSE_ANSWER_MS);
  deadline.unref();
  ws.once('close', () => clearTimeout(deadline));
}

/**
 * One member's open board connection: the peer its BoardRoom talks to, and the socket's
 * handlers. Held by the socket alone, and holding nothing of the upgrade request, so a connection
 * costs the server little more than its socket [RC5].
 */
export class BoardConnection implements BoardPeer {
  /** Answered the last keepalive ping. */
  alive = true;
  readonly #messages: TokenBucket;
  readonly #slowConsumerBytes: number;
  /** Let go on leaving: a socket still answering its close frame must not keep a room's board alive [PR2]. */
  #board: BoardRoom | null;

  constructor(
    readonly memberId: string,
    private readonly ws: WebSocket,
    board: BoardRoom,
    private readonly refusals: RefusalTally,
    clock: Clock,
  ) {
    this.#messages = new TokenBucket(clock, board.limits.messageBurst, board.limits.messagesPerSecond);
    this.#slowConsumerBytes = board.limits.slowConsumerBytes;
    this.#board = board;
    // Unnamed arrows: under tsx a named closure also carries a dictionary of properties for its name.
    ws.on('message', (data) => this.#message(data));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => this.#leave());
    ws.on('error', () => ws.terminate());
    board.open(this);
  }

  send(message: Uint8Array): void {
    const ws = this.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.#slowConsumerBytes) {
      this.refusals.count('slow_consumer');
      ws.terminate();
      return;
    }
    ws.send(message);
  }

  close(code: BoardCloseCode, reason: string): void {
    closeBoardSocket(this.ws, this.refusals, code, reason);
  }

  #message(data: RawData): void {
    const board = this.#board;
    if (!board || this.ws.readyState !== this.ws.OPEN) return;
    const outcome = this.#messages.take() ? board.handle(this, toBytes(data)) : tooFast;
    if (outcome.kind === 'close') {
      this.#leave();
      this.close(outcome.code, outcome.reason);
    }
  }

  #leave(): void {
    this.#board?.leave(this);
    this.#board = null;
  }
}
