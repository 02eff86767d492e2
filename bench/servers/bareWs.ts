/**
 * The plain `ws` relay: one WebSocket per member, JSON text frames, a room that is a set of
 * sockets, and every message forwarded to it, serialised once. The floor under any Socket.IO server.
 * Run: PORT=… node --import tsx bench/servers/bareWs.ts
 */
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { listenAndAnnounce, roomCreationServer } from './bareHttp.ts';

interface RelayRoom {
  version: number;
  sockets: Set<WebSocket>;
}

const rooms = new Map<string, RelayRoom>();
const http = roomCreationServer((roomId) => rooms.set(roomId, { version: 0, sockets: new Set() }));
const wss = new WebSocketServer({ server: http, path: '/ws', maxPayload: 64 * 1024 });

function broadcast(room: RelayRoom, actor: string | null, command: unknown): void {
  room.version += 1;
  const text = JSON.stringify({ version: room.version, at: Date.now(), actor, command });
  for (const socket of room.sockets) socket.send(text);
}

wss.on('connection', (socket) => {
  let room: RelayRoom | undefined;
  let roomId = '';
  let memberId: string | null = null;
  socket.on('message', (data) => {
    let message: { join?: string; name?: string; command?: { type?: string } };
    try {
      message = JSON.parse(String(data));
    } catch {
      socket.terminate();
      return;
    }
    if (message.join !== undefined) {
      roomId = message.join;
      room = rooms.get(roomId);
      if (!room) return socket.close(4404);
      memberId = randomBytes(9).toString('base64url');
      room.sockets.add(socket);
      socket.send(JSON.stringify({ joined: memberId }));
      broadcast(room, null, { type: 'member:join', memberId, name: message.name });
      return;
    }
    if (!room) return;
    broadcast(room, memberId, message.command);
    if (message.command?.type === 'room:end') {
      const ended = room;
      rooms.delete(roomId);
      for (const s of ended.sockets) s.close(4410);
      ended.sockets.clear();
    }
  });
  socket.on('close', () => room?.sockets.delete(socket));
});

await listenAndAnnounce(http);
