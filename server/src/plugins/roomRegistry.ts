import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { RoomRegistry } from '../rooms/registry.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every live room; the board endpoint, Socket.IO and the routes use this one. */
    registry: RoomRegistry;
  }
}

export interface RoomRegistryOptions {
  clock: Clock;
  config: ServerConfig;
  logger: Logger;
}

const roomRegistryPlugin: FastifyPluginAsync<RoomRegistryOptions> = async (fastify, { clock, config, logger }) => {
  const registry = new RoomRegistry(clock, config, logger);
  fastify.decorate('registry', registry);

  // preClose, not onClose: onClose runs after the HTTP server has closed, with no socket left to tell.
  fastify.addHook('preClose', async () => {
    logger.log('server.closing', { rooms: registry.size });
    // With sealing on, a shutdown is a move: the rooms come back from their members' devices.
    if (registry.sealer) registry.releaseAll();
    else registry.endAll();
  });
};

/**
 * The room registry, shared as `fastify.registry`. A shutdown ends every room, and every
 * listener tells its clients: `room:ended` with reason `shutdown`, board close code 4410.
 */
export const roomRegistry = fp(roomRegistryPlugin, { name: 'room-registry', fastify: '5.x' });
