/**
 * The bare Socket.IO relay Holdspace is measured against: the same Socket.IO version and server
 * options, rooms that are only a Socket.IO room, and messages forwarded to the room with nothing
 * decided, validated, kept or logged. A room is created over HTTP like Holdspace's, so a join
 * costs the same round trips. Run: PORT=… node --import tsx bench/servers/bareSocketIo.ts
 */
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import { listenAndAnnounce, roomCreationServer } from './bareHttp.ts';

interface RelayRoom {
  version: number;
}

const rooms = new Map<string, RelayRoom>();
const http = roomCreationServer((roomId) => rooms.set(roomId, { version: 0 }));

const io = new Server(http, {
  serveClient: false,
  destroyUpgrade: false,
  maxHttpBufferSize: 64 * 1024,
  pingInterval: 10_000,
  pingTimeout: 8_000,
});

io.on('connection', (socket) => {
  const roomId = String((socket.handshake.auth as { roomId?: unknown }).roomId);
  const room = rooms.get(roomId);
  if (!room) {
    socket.disconnect(true);
    return;
  }
  let memberId: string | null = null;
  const broadcast = (actor: string | null, command: unknown) => {
    room.version += 1;
    io.to(roomId).emit('room:event', { version: room.version, at: Date.now(), actor, command });
    return room.version;
  };

  socket.on('room:join', (request: { name?: unknown }, ack?: (reply: object) => void) => {
    memberId ??= randomBytes(9).toString('base64url');
    void socket.join(roomId);
    broadcast(null, { type: 'member:join', memberId, name: request?.name });
    ack?.({ ok: true, memberId, secret: randomBytes(32).toString('base64url') });
  });

  socket.on('room:command', (request: { command?: { type?: unknown } }, ack?: (reply: object) => void) => {
    const command = request?.command;
    const version = broadcast(memberId, command);
    ack?.({ ok: true, version, duplicate: false });
    if (command?.type === 'room:end') {
      rooms.delete(roomId);
      io.to(roomId).emit('room:ended', { reason: 'facilitator' });
      setImmediate(() => io.in(roomId).disconnectSockets(true));
    }
  });

  socket.on('clock:ping', (_payload: unknown, ack?: (reply: object) => void) => ack?.({ serverNow: Date.now() }));
});

await listenAndAnnounce(http);
