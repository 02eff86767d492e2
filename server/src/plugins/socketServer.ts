import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { attachSocketServer, type RoomServer } from '../realtime/socket.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Socket.IO server the rooms' members are connected to. */
    io: RoomServer;
  }
}

export interface SocketServerOptions {
  clock: Clock;
  config: ServerConfig;
  logger: Logger;
}

const socketServerPlugin: FastifyPluginAsync<SocketServerOptions> = async (fastify, { clock, config, logger }) => {
  const { registry, boards, gate, openings, refusals } = fastify;
  const io = attachSocketServer(fastify.server, { registry, boards, clock, config, logger, gate, openings, refusals });
  fastify.decorate('io', io);

  // io.close() also closes the HTTP server and waits until every connection is gone; by then the
  // registry's hook has ended every room and told its sockets.
  fastify.addHook('preClose', async () => {
    await io.close();
  });
};

/** Socket.IO on `fastify.server`, shared as `fastify.io`, closed at shutdown. */
export const socketServer = fp(socketServerPlugin, {
  name: 'socket-server',
  fastify: '5.x',
  // 'boards' for the relays the members' sockets reach, and for shutdown order: their 4410 goes
  // out before this plugin's sockets close.
  dependencies: ['edge-limits', 'room-registry', 'boards'],
});
