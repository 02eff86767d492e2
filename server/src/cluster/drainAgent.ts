import { createServer, type Server } from 'node:net';

/**
 * HAProxy's agent check on its own TCP port: each connection hears `up ready` while this process
 * takes new rooms and `drain` once it is draining, so the proxy sends it no new room while the
 * rooms stuck to it still reach it. Nothing is read from the connection.
 */
export function startDrainAgent(port: number, host: string, draining: () => boolean): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(draining() ? 'drain\n' : 'up ready\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
