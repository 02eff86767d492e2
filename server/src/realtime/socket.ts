import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { CommandRequest } from '../../../shared/src/protocol/commands.ts';
import {
  JoinRequest,
  SocketAuth,
  SyncRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../shared/src/protocol/socket.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { RoomHost } from '../rooms/host.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import { tokenBucket } from '../limits/tokenBucket.ts';
import { refusal } from '../refusals.ts';
import { guarded } from './acks.ts';

interface SocketData {
  roomId: string;
  secret: string | undefined;
  memberId: string | null;
}

type RoomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RoomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Socket.IO rooms: every socket of a room hears that it ended; only members hear its events. */
const everyone = (roomId: string) => `all:${roomId}`;
const members = (roomId: string) => `members:${roomId}`;

export interface SocketServerDeps {
  registry: RoomRegistry;
  clock: Clock;
  logger: Logger;
}

/**
 * Attaches Socket.IO to the HTTP server: handshake auth with the room id and member secret,
 * validated handlers with acknowledgements, and fan-out of accepted commands.
 */
export function attachSocketServer(http: HttpServer, { registry, clock, logger }: SocketServerDeps): RoomServer {
  const io: RoomServer = new Server(http, {
    serveClient: false,
    // The Yjs endpoint shares this HTTP server: leave upgrades for other paths alone.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });

  io.use((socket, next) => {
    const auth = SocketAuth.safeParse(socket.handshake.auth);
    if (!auth.success || !registry.get(auth.data.roomId)) return next(new Error('ROOM_NOT_FOUND'));
    socket.data = { roomId: auth.data.roomId, secret: auth.data.secret, memberId: null };
    next();
  });

  io.on('connection', (socket: RoomSocket) => {
    const { roomId, secret } = socket.data;
    const host = registry.get(roomId);
    if (!host) {
      socket.disconnect(true);
      return;
    }
    void socket.join(everyone(roomId));
    const memberId = host.memberFor(secret);
    if (memberId) admitMember(socket, host, memberId, false);
    else socket.emit('room:preview', previewOf(host, secret));
    registerHandlers(socket, host, clock, logger);
    socket.on('disconnect', () => {
      const id = socket.data.memberId;
      if (id) host.memberDisconnected(id);
    });
  });

  registry.subscribe({
    onEvent(roomId, event) {
      io.to(members(roomId)).emit('room:event', event);
    },
    onEnded(roomId, reason) {
      io.to(everyone(roomId)).emit('room:ended', { reason });
      // After the current handler has sent its acknowledgement (the facilitator's "End room").
      setImmediate(() => io.in(everyone(roomId)).disconnectSockets(true));
    },
  });

  return io;
}

function previewOf(host: RoomHost, secret: string | undefined) {
  const { purpose, members, capacity, stage } = host.state;
  return {
    purpose,
    memberCount: members.length,
    capacity,
    started: stage !== 'lobby',
    creator: host.isCreatorSecret(secret),
  };
}

/** Makes the socket a member's: presence first, then events, then the snapshot they apply to. */
function admitMember(socket: RoomSocket, host: RoomHost, memberId: string, alreadyCounted: boolean): void {
  socket.data.memberId = memberId;
  if (!alreadyCounted) host.memberConnected(memberId);
  void socket.join(members(socket.data.roomId));
  socket.emit('room:snapshot', host.snapshotFor(memberId));
}

function registerHandlers(socket: RoomSocket, host: RoomHost, clock: Clock, logger: Logger): void {
  const handle = guarded(logger, tokenBucket(clock));

  socket.on('clock:ping', (_payload, ack) => {
    if (typeof ack === 'function') ack({ serverNow: clock.now() });
  });

  socket.on(
    'room:join',
    handle(JoinRequest, (request) => {
      if (socket.data.memberId) return refusal('NOT_ALLOWED', 'You have already joined this room.');
      // The same device joining twice (two tabs, a double tap) is the member it already is [RM5].
      const existing = host.memberFor(socket.data.secret);
      if (existing && socket.data.secret) {
        admitMember(socket, host, existing, false);
        return { ok: true, memberId: existing, secret: socket.data.secret };
      }
      const result = host.join(request.name, socket.data.secret, request.joinId);
      if (!result.ok) return refusal(result.refusal.code, result.refusal.message);
      socket.data.secret = result.secret;
      admitMember(socket, host, result.memberId, true);
      logger.log('member.joined', { members: host.state.members.length });
      return { ok: true, memberId: result.memberId, secret: result.secret };
    }),
  );

  socket.on(
    'room:command',
    handle(CommandRequest, ({ command, requestId }) => {
      const memberId = socket.data.memberId;
      if (!memberId) return refusal('NOT_A_MEMBER', 'Join the room first.');
      // A retried send of a command already applied is acknowledged again, applied once [RC4].
      const result = host.command(memberId, command, requestId);
      if (!result.ok) {
        logger.log('command.refused', { command: command.type, code: result.refusal.code });
        return refusal(result.refusal.code, result.refusal.message);
      }
      return { ok: true, version: result.version, duplicate: result.duplicate };
    }),
  );

  socket.on(
    'room:sync',
    handle(SyncRequest, () => {
      const memberId = socket.data.memberId;
      if (!memberId) return refusal('NOT_A_MEMBER', 'Join the room first.');
      return { ok: true, snapshot: host.snapshotFor(memberId) };
    }),
  );
}
