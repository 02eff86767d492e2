import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MemberSecret, RoomId } from '../../../shared/src/protocol/socket.ts';
import type { BoardHub } from '../board/boardHub.ts';
import type { BoardPeer } from '../board/boardRoom.ts';
import { BoardClose, type BoardCloseCode } from '../board/closeCodes.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry } from '../rooms/registry.ts';

export const BOARD_PATH = '/yjs/';
const KEEPALIVE_MS = 30_000;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Who an upgrade request is: `/yjs/<roomId>?secret=<member secret>`, or why it is refused. */
function identify(
  request: IncomingMessage,
  registry: RoomRegistry,
): { refuse: BoardCloseCode } | { roomId: string; memberId: string } {
  const url = new URL(request.url ?? '/', 'http://board.invalid');
  const roomId = RoomId.safeParse(url.pathname.slice(BOARD_PATH.length));
  const host = roomId.success ? registry.get(roomId.data) : undefined;
  if (!roomId.success || !host) return { refuse: BoardClose.roomNotFound };
  const secret = MemberSecret.safeParse(url.searchParams.get('secret'));
  const memberId = secret.success ? host.memberFor(secret.data) : null;
  if (!memberId) return { refuse: BoardClose.unauthorized };
  return { roomId: roomId.data, memberId };
}

/**
 * The y-websocket protocol endpoint for commitment boards, on the same HTTP server as Socket.IO.
 * Authenticates with the member secret; refusals are sent as close codes the provider understands.
 */
export function attachBoardEndpoint(http: HttpServer, registry: RoomRegistry, boards: BoardHub, logger: Logger) {
  // Large enough that our own 64 KiB check, not the socket library, refuses an oversized update.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * 1024 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();

  const refuse = (ws: WebSocket, code: BoardCloseCode) => {
    logger.log('yjs.connection_closed', { code });
    ws.close(code, 'refused');
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!request.url?.startsWith(BOARD_PATH)) return;
    wss.handleUpgrade(request, socket, head, (ws) => {
      const who = identify(request, registry);
      if ('refuse' in who) return refuse(ws, who.refuse);
      const board = boards.get(who.roomId);
      if (!board) return refuse(ws, BoardClose.roomNotFound);
      alive.set(ws, true);
      const peer: BoardPeer = {
        memberId: who.memberId,
        send: (message) => ws.readyState === ws.OPEN && ws.send(message),
        close: (code, reason) => {
          logger.log('yjs.connection_closed', { code });
          ws.close(code, reason);
        },
      };
      board.open(peer);
      ws.on('message', (data) => {
        const outcome = board.handle(peer, toBytes(data));
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
