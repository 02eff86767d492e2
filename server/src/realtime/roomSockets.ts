import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/src/protocol/socket.ts';

export interface SocketData {
  roomId: string;
  secret: string | undefined;
  /** Set once the socket is a member's. */
  memberId: string | null;
  /** Set while the socket's person is knocking [RM6]. */
  knockId: string | null;
  /** The budget key of the address it comes from; in memory only, never logged. */
  address: string;
}

export type RoomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RoomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The Socket.IO rooms a room's sockets sit in: everyone hears that the room ended; only members
 * hear its events. What one member alone may know goes through the room host's member links.
 */
export const socketRooms = {
  everyone: (roomId: string) => `all:${roomId}`,
  members: (roomId: string) => `members:${roomId}`,
};

interface EngineConnection {
  writeBuffer: unknown[];
  close(discard?: boolean): void;
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
}

const connectionOf = (socket: RoomSocket) => socket.conn as unknown as EngineConnection;

/** Packets sent to a socket that its connection has not yet handed to the network. */
export function backlogOf(socket: RoomSocket): number {
  return connectionOf(socket).writeBuffer.length;
}

function backlogged(connection: EngineConnection): boolean {
  return connection.writeBuffer.length > 0 || (connection.transport?.socket?.bufferedAmount ?? 0) > 0;
}

/**
 * Drops a socket's connection now, with whatever it had not yet taken: a device that stopped
 * reading must not keep a room's names and words alive in the server's buffers [PR2].
 */
export function dropNow(socket: RoomSocket): void {
  const connection = connectionOf(socket);
  socket.disconnect(true);
  connection.close(true);
  connection.transport?.socket?.terminate?.();
}

/**
 * Closes a socket: a device that keeps up gets a clean close after what was just sent to it; one
 * with a backlog is dropped at once [PR2].
 */
export function closeSocket(socket: RoomSocket): void {
  if (backlogged(connectionOf(socket))) dropNow(socket);
  else socket.disconnect(true);
}

/** Closes every socket in a Socket.IO room (see `closeSocket`). */
export function closeRoomSockets(io: RoomServer, room: string): void {
  for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
    const socket = io.sockets.sockets.get(id);
    if (socket) closeSocket(socket);
  }
}
