import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MemberSecret, RoomId } from '../../../shared/src/protocol/socket.ts';
import type { BoardHub } from '../board/boardHub.ts';
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
import type { AddressLimiter } from '../limits/addressLimiter.ts';
import type { ConnectionGate } from '../limits/connectionGate.ts';
import { clientAddress } from '../limits/clientAddress.ts';
import { originAllowed } from '../limits/origin.ts';
import type { RefusalTally } from '../refusalTally.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import { BoardConnection, closeBoardSocket } from './boardConnection.ts';

const KEEPALIVE_MS = 30_000;
const SOCKET_IO_PATH = '/socket.io/';
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
  config: Pick<ServerConfig, 'allowedOrigins' | 'trustProxy' | 'ipv6BudgetPrefix'>;
  gate: ConnectionGate;
  openings: AddressLimiter;
  refusals: RefusalTally;
}

/**
 * The y-websocket protocol endpoint for commitment boards, on the same HTTP server as Socket.IO.
 * Pages from other origins and addresses over their connection budget are turned away; the rest
 * authenticate with the member secret; refusals are sent as close codes the provider understands,
 * and the socket is dropped at once after its close frame, so nothing of a room lingers in a
 * buffer the peer never reads [PR2]; only a peer refused for what it sent may answer the frame.
 * `close()` terminates every board socket and stops listening.
 */
export function attachBoardEndpoint(http: HttpServer, deps: BoardEndpointDeps) {
  const { registry, boards, clock, config, gate, openings, refusals } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    // Large enough that our own 64 KiB check, not the socket library, refuses an oversized update.
    maxPayload: 2 * 1024 * 1024,
    handleProtocols: (offered) => (offered.has(BOARD_PROTOCOL) ? BOARD_PROTOCOL : false),
  });
  const connections = new WeakMap<WebSocket, BoardConnection>();
  let closed = false;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.url?.startsWith(SOCKET_IO_PATH)) return;
    // Shutting down: an upgrade that arrives now would wait for an answer nobody gives, and hold
    // the server's closing open for good.
    if (closed) {
      socket.destroy();
      return;
    }
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
    if (!openings.allow(clientAddress(request, config))) {
      refusals.count('address_churn');
      socket.destroy();
      return;
    }
    const release = gate.admitSession(request);
    if (!release) {
      socket.destroy();
      return;
    }
    // On the raw socket: an upgrade the WebSocket library rejects never reaches `accept`.
    socket.once('close', release);
    // Who the socket is, decided now: nothing that outlives the upgrade holds the request.
    const who = identify(request, registry);
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, who));
  };

  const accept = (ws: WebSocket, who: ReturnType<typeof identify>) => {
    if ('refuse' in who) return closeBoardSocket(ws, refusals, who.refuse, 'refused');
    const board = boards.get(who.roomId);
    if (!board) return closeBoardSocket(ws, refusals, BoardClose.roomNotFound, 'refused');
    connections.set(ws, new BoardConnection(who.memberId, ws, board, refusals, clock));
  };
  http.on('upgrade', onUpgrade);

  // Dead connections (a phone that vanished) are found by ping and let go.
  const keepalive = setInterval(() => {
    for (const ws of wss.clients) {
      const connection = connections.get(ws);
      if (!connection?.alive) {
        ws.terminate();
        continue;
      }
      connection.alive = false;
      ws.ping();
    }
  }, KEEPALIVE_MS);
  keepalive.unref();

  return {
    close() {
      closed = true;
      clearInterval(keepalive);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
