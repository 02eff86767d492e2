import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import { routeKeyOf } from '../../../shared/src/crypto/routeKey.ts';
import { SocketAuth } from '../../../shared/src/protocol/socket.ts';
import type { BoardHub } from '../board/boardHub.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import type { AddressLimiter } from '../limits/addressLimiter.ts';
import type { ConnectionGate } from '../limits/connectionGate.ts';
import { clientAddress } from '../limits/clientAddress.ts';
import { originAllowed } from '../limits/origin.ts';
import type { Logger } from '../log.ts';
import { apiResponseHeaders } from '../plugins/securityHeaders.ts';
import type { RefusalTally } from '../refusalTally.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import { Resumptions } from '../resume/resumptions.ts';
import { attendRoom } from './attendRoom.ts';
import { backlogOf, closeRoomSockets, dropNow, type RoomServer, type RoomSocket, socketRooms } from './roomSockets.ts';

export type { RoomServer } from './roomSockets.ts';

export interface SocketServerDeps {
  registry: RoomRegistry;
  boards: BoardHub;
  clock: Clock;
  logger: Logger;
  config: Pick<
    ServerConfig,
    | 'allowedOrigins'
    | 'trustProxy'
    | 'ipv6BudgetPrefix'
    | 'joinDeadlineMs'
    | 'socket'
    | 'board'
    | 'resumeWindowMs'
    | 'maxLifetimeMs'
  >;
  gate: ConnectionGate;
  openings: AddressLimiter;
  refusals: RefusalTally;
}

/** A member's socket with this many packets it has not taken yet is not reading: it is let go. */
/**
 * Backlogs are looked at every 16th event of a room, not at every event (which cost a room's
 * worth of lookups per delivery): a backlog overshoots the limit by 16 packets at most.
 */
const SLOW_CONSUMER_CHECK_EVERY = 16;

/**
 * Attaches Socket.IO to the HTTP server: pages from other origins and addresses over their
 * connection budget are turned away at the handshake; the handshake names the room (and the
 * member secret, if the device has one); each socket then attends its room; accepted commands
 * fan out to the room's members.
 */
export function attachSocketServer(http: HttpServer, deps: SocketServerDeps): RoomServer {
  const { registry, config, gate, openings, refusals } = deps;
  const io: RoomServer = new Server(http, {
    serveClient: false,
    // One message at most: a board frame (64 KiB) travels as a binary attachment of its own.
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    allowRequest: (request, callback) => {
      // Handshakes only: Engine.IO asks this of a request that opens a session, not of the ones after.
      if (!originAllowed(request, config.allowedOrigins, config.trustProxy)) {
        refusals.count('origin_refused');
        return callback(null, false);
      }
      const churning = !openings.allow(clientAddress(request, config));
      if (churning) refusals.count('address_churn');
      callback(null, !churning);
    },
  });

  // Socket.IO answers some requests itself (handshake, long polling): they get the API's headers too.
  io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, apiResponseHeaders));

  // Each Engine.IO connection's address, as a budget key for its sockets; gone with the connection.
  const addresses = new WeakMap<object, string>();
  // Each connection's routing key, when its WebSocket carried one (behind the proxy it always does).
  const routes = new WeakMap<object, string>();
  io.engine.on(
    'connection',
    (connection: { request: IncomingMessage | null; close(): void; once(e: 'close', f: () => void): void }) => {
      const request = connection.request;
      if (!request) return connection.close();
      addresses.set(connection, clientAddress(request, config));
      const route = routeKeyIn(request);
      if (route !== null) routes.set(connection, route);
      const release = gate.admitSession(request);
      forgetRequest(connection, request);
      if (!release) return connection.close();
      connection.once('close', release);
    },
  );

  const sealer = registry.sealer;
  const attendDeps = { ...deps, resumable: sealer !== null };
  const resumptions = sealer && new Resumptions(sealer, attendDeps, config.resumeWindowMs, config.maxLifetimeMs);

  io.use((socket, next) => {
    void handshakeRefusal(socket).then((refused) => next(refused === null ? undefined : new Error(refused)));
  });

  /** Why a handshake is refused, or null: the error a device's connect_error carries. */
  async function handshakeRefusal(socket: RoomSocket): Promise<string | null> {
    const auth = SocketAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return 'ROOM_NOT_FOUND';
    const { roomId, secret } = auth.data;
    // Through the proxy, the routing key decides which process a room lives on: a key that is not
    // this room's would take the room somewhere else, and bring a second copy of it to life there.
    const route = routes.get(socket.conn);
    if (route !== undefined && route !== (await routeKeyOf(roomId))) {
      refusals.count('wrong_route');
      return 'WRONG_ROUTE';
    }
    // A room this process does not hold may come back from its members' devices [RS1], but not
    // to a process that is draining or full: the device tries again, and the proxy sends it elsewhere.
    if (!registry.get(roomId)) {
      if (!resumptions) return 'ROOM_NOT_FOUND';
      if (registry.draining) {
        refusals.count('draining');
        return 'SERVER_DRAINING';
      }
      if (registry.isFull) {
        refusals.count('server_full');
        return 'SERVER_FULL';
      }
    }
    const address = addresses.get(socket.conn) ?? 'unknown';
    socket.data = { roomId, secret, memberId: null, knockId: null, address };
    return null;
  }

  io.on('connection', (socket: RoomSocket) => {
    const host = registry.get(socket.data.roomId);
    if (host) attendRoom(socket, host, attendDeps);
    else if (resumptions) resumptions.wait(socket);
    else socket.disconnect(true);
  });

  registry.subscribe({
    onEvent(roomId, event) {
      const members = socketRooms.members(roomId);
      if (event.version % SLOW_CONSUMER_CHECK_EVERY === 0) {
        letGoOfSlowConsumers(io, members, config.socket.slowConsumerPackets, refusals);
      }
      io.to(members).emit('room:event', event);
    },
    onReleased(roomId) {
      // The room lives on elsewhere: its devices connect again, and the proxy sends them there.
      closeRoomSockets(io, socketRooms.everyone(roomId));
    },
    onEnded(roomId, reason) {
      io.to(socketRooms.everyone(roomId)).emit('room:ended', { reason });
      // After the current handler has sent its acknowledgement (the facilitator's "End room").
      setImmediate(() => closeRoomSockets(io, socketRooms.everyone(roomId)));
    },
  });

  return io;
}

/** The routing key a WebSocket offered as its second subprotocol, after `holdspace` [RS5]. */
function routeKeyIn(request: IncomingMessage): string | null {
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered !== 'string') return null;
  const [first, second] = offered.split(',').map((p) => p.trim());
  return first === 'holdspace' && second !== undefined ? second : null;
}

/**
 * Socket.IO keeps each session's first HTTP request for the session's life, and nothing here
 * needs it once the session is open: the session lets go of it (Socket.IO's own memory advice).
 * Engine.IO still holds a WebSocket session's upgrade request until its socket closes (a "close"
 * listener of its internal WebSocketResponse), so the request's headers go too: together about
 * 0.6 KiB of every connection. Nothing reads them after the handshake (heap snapshots, and the
 * handshake's auth is all Holdspace uses).
 */
function forgetRequest(connection: { request: IncomingMessage | null }, request: IncomingMessage): void {
  connection.request = null;
  request.headers = {};
  request.rawHeaders = [];
}

/**
 * A socket that stops reading makes the server hold everything sent to it. Before a fan-out,
 * members whose backlog has grown past what any reading device reaches are disconnected; their
 * device reconnects and catches up with a snapshot once it reads again [RC5].
 */
function letGoOfSlowConsumers(io: RoomServer, room: string, limit: number, refusals: RefusalTally): void {
  for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
    const socket = io.sockets.sockets.get(id);
    if (socket && backlogOf(socket) > limit) {
      refusals.count('slow_consumer');
      dropNow(socket);
    }
  }
}
