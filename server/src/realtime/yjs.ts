import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MemberSecret, RoomId } from '../../../shared/src/protocol/socket.ts';
import type { BoardHub } from '../board/boardHub.ts';
import type { BoardPeer, MessageOutcome } from '../board/boardRoom.ts';
import {
  BOARD_NAME,
  BOARD_PATH,
  BOARD_PROTOCOL,
  BoardClose,
  type BoardCloseCode,
  readBoardProtocols,
} from '../../../shared/src/protocol/boardEndpoint.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import type { AddressConnections } from '../limits/addressConnections.ts';
import { clientAddress } from '../limits/clientAddress.ts';
import { originAllowed } from '../limits/origin.ts';
import { tokenBucket } from '../limits/tokenBucket.ts';
import type { RefusalTally } from '../refusalTally.ts';
import type { RoomRegistry } from '../rooms/registry.ts';

const KEEPALIVE_MS = 30_000;
const SOCKET_IO_PATH = '/socket.io/';
/** A connection sending far faster than anyone types is closed for good. */
const tooFast: MessageOutcome = { kind: 'close', code: BoardClose.tooMany, reason: 'too many messages' };

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
}

/**
 * Who an upgrade request is: the room id and the member secret come as subprotocols beside
 * `holdspace`, never in the URL [PR3]; or why it is refused.
 */
function identify(
  request: IncomingMessage,
  registry: RoomRegistry,
): { refuse: BoardCloseCode } | { roomId: string; memberId: string } {
  const offered = readBoardProtocols(offeredProtocols(request));
  const roomId = RoomId.safeParse(offered.roomId);
  const host = roomId.success ? registry.get(roomId.data) : undefined;
  if (!roomId.success || !host) return { refuse: BoardClose.roomNotFound };
  const secret = MemberSecret.safeParse(offered.secret);
  const memberId = secret.success ? host.memberFor(secret.data) : null;
  if (!memberId) return { refuse: BoardClose.unauthorized };
  return { roomId: roomId.data, memberId };
}

export interface BoardEndpointDeps {
  registry: RoomRegistry;
  boards: BoardHub;
  clock: Clock;
  config: Pick<ServerConfig, 'allowedOrigins' | 'trustProxy'>;
  connections: AddressConnections;
  refusals: RefusalTally;
}

/** A peer holding this much the server has sent but it has not read is let go [RC5]. */
const SLOW_CONSUMER_BYTES = 1024 * 1024;
/** How long a peer closed for what it sent may take to answer the close frame. */
const CLOSE_ANSWER_MS = 2_000;
const PEER_FAULTS: ReadonlySet<BoardCloseCode> = new Set([
  BoardClose.malformed,
  BoardClose.tooLarge,
  BoardClose.tooMany,
]);

/**
 * The y-websocket protocol endpoint for commitment boards, on the same HTTP server as Socket.IO.
 * Pages from other origins and addresses over their connection budget are turned away; the rest
 * authenticate with the member secret; refusals are sent as close codes the provider understands,
 * and the socket is dropped at once after its close frame, so nothing of a room lingers in a
 * buffer the peer never reads [PR2]; only a peer refused for what it sent may answer the frame. `close()` terminates every board socket and stops listening.
 */
export function attachBoardEndpoint(http: HttpServer, deps: BoardEndpointDeps) {
  const { registry, boards, clock, config, connections, refusals } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    // Large enough that our own 64 KiB check, not the socket library, refuses an oversized update.
    maxPayload: 2 * 1024 * 1024,
    handleProtocols: (offered) => (offered.has(BOARD_PROTOCOL) ? BOARD_PROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();

  const closeWith = (ws: WebSocket, code: BoardCloseCode, reason: string) => {
    if (ws.readyState !== ws.OPEN) return;
    refusals.count(`board_${code}`);
    ws.close(code, reason);
    // A peer closed for what it sent may still be sending, and dropping a socket with unread input
    // resets it before the peer reads why; so it gets a moment to answer the close frame. Anything
    // else (the room ended, the member was removed) and any backlog is dropped now [PR2].
    if (!PEER_FAULTS.has(code) || ws.bufferedAmount > 0) return ws.terminate();
    const deadline = setTimeout(() => ws.terminate(), CLOSE_ANSWER_MS);
    deadline.unref();
    ws.once('close', () => clearTimeout(deadline));
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.url?.startsWith(SOCKET_IO_PATH)) return;
    // Socket.IO leaves other paths to us (destroyUpgrade: false); anything but the board is closed.
    if (new URL(request.url ?? '/', 'http://board.invalid').pathname !== `${BOARD_PATH}/${BOARD_NAME}`) {
      socket.destroy();
      return;
    }
    if (!originAllowed(request, config.allowedOrigins, config.trustProxy)) {
      refusals.count('origin_refused');
      socket.destroy();
      return;
    }
    const release = connections.open(clientAddress(request, config.trustProxy));
    if (!release) {
      refusals.count('address_full');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.once('close', release);
      const who = identify(request, registry);
      if ('refuse' in who) return closeWith(ws, who.refuse, 'refused');
      const board = boards.get(who.roomId);
      if (!board) return closeWith(ws, BoardClose.roomNotFound, 'refused');
      alive.set(ws, true);
      const peer: BoardPeer = {
        memberId: who.memberId,
        send: (message) => {
          if (ws.readyState !== ws.OPEN) return;
          if (ws.bufferedAmount > SLOW_CONSUMER_BYTES) {
            refusals.count('slow_consumer');
            ws.terminate();
            return;
          }
          ws.send(message);
        },
        close: (code, reason) => closeWith(ws, code, reason),
      };
      board.open(peer);
      const allowed = tokenBucket(clock, 200, 50);
      ws.on('message', (data) => {
        if (ws.readyState !== ws.OPEN) return;
        const outcome = allowed() ? board.handle(peer, toBytes(data)) : tooFast;
        if (outcome.kind === 'close') {
          board.leave(peer);
          peer.close(outcome.code, outcome.reason);
        }
      });
      ws.on('pong', () => alive.set(ws, true));
      ws.on('close', () => board.leave(peer));
      ws.on('error', () => ws.terminate());
    });
  };
  http.on('upgrade', onUpgrade);

  // Dead connections (a phone that vanished) are found by ping and let go.
  const keepalive = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, KEEPALIVE_MS);
  keepalive.unref();

  return {
    close() {
      clearInterval(keepalive);
      http.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
