import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MemberSecret, RoomId } from '../../../shared/src/protocol/socket.ts';
import type { BoardHub } from '../board/boardHub.ts';
import type { BoardPeer, MessageOutcome } from '../board/boardRoom.ts';
import {
  BOARD_PATH,
  BOARD_PROTOCOL,
  BoardClose,
  type BoardCloseCode,
} from '../../../shared/src/protocol/boardEndpoint.ts';
import type { Clock } from '../clock.ts';
import { tokenBucket } from '../limits/tokenBucket.ts';
import type { Logger } from '../log.ts';
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

/** The member secret among the subprotocols the client offered, if any. */
function offeredSecret(request: IncomingMessage): string | undefined {
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return offered.find((p) => p !== BOARD_PROTOCOL);
}

/** Who an upgrade request is: `/yjs/<roomId>` with the secret as a subprotocol, or why it is refused. */
function identify(
  request: IncomingMessage,
  registry: RoomRegistry,
): { refuse: BoardCloseCode } | { roomId: string; memberId: string } {
  const url = new URL(request.url ?? '/', 'http://board.invalid');
  const roomId = RoomId.safeParse(url.pathname.slice(BOARD_PATH.length + 1));
  const host = roomId.success ? registry.get(roomId.data) : undefined;
  if (!roomId.success || !host) return { refuse: BoardClose.roomNotFound };
  const secret = MemberSecret.safeParse(offeredSecret(request));
  const memberId = secret.success ? host.memberFor(secret.data) : null;
  if (!memberId) return { refuse: BoardClose.unauthorized };
  return { roomId: roomId.data, memberId };
}

export interface BoardEndpointDeps {
  registry: RoomRegistry;
  boards: BoardHub;
  clock: Clock;
  logger: Logger;
}

/**
 * The y-websocket protocol endpoint for commitment boards, on the same HTTP server as Socket.IO.
 * Authenticates with the member secret; refusals are sent as close codes the provider understands.
 * `close()` terminates every board socket and stops listening for upgrades.
 */
export function attachBoardEndpoint(http: HttpServer, { registry, boards, clock, logger }: BoardEndpointDeps) {
  const wss = new WebSocketServer({
    noServer: true,
    // Large enough that our own 64 KiB check, not the socket library, refuses an oversized update.
    maxPayload: 2 * 1024 * 1024,
    handleProtocols: (offered) => (offered.has(BOARD_PROTOCOL) ? BOARD_PROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();

  const closeWith = (ws: WebSocket, code: BoardCloseCode, reason: string) => {
    logger.log('yjs.connection_closed', { code });
    ws.close(code, reason);
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.url?.startsWith(SOCKET_IO_PATH)) return;
    // Socket.IO leaves other paths to us (destroyUpgrade: false); anything but the board is closed.
    if (!request.url?.startsWith(`${BOARD_PATH}/`)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const who = identify(request, registry);
      if ('refuse' in who) return closeWith(ws, who.refuse, 'refused');
      const board = boards.get(who.roomId);
      if (!board) return closeWith(ws, BoardClose.roomNotFound, 'refused');
      alive.set(ws, true);
      const peer: BoardPeer = {
        memberId: who.memberId,
        send: (message) => ws.readyState === ws.OPEN && ws.send(message),
        close: (code, reason) => closeWith(ws, code, reason),
      };
      board.open(peer);
      const allowed = tokenBucket(clock, 200, 50);
      ws.on('message', (data) => {
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
