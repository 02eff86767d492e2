import Fastify, { type FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './clock.ts';
import { defaultConfig, type ServerConfig } from './config.ts';
import { registerRoomRoutes } from './http/rooms.ts';
import { registerSecurityHeaders } from './http/security.ts';
import { registerClient } from './http/static.ts';
import { silentLogger, type Logger } from './log.ts';
import { attachSocketServer, type RoomServer } from './realtime/socket.ts';
import { attachBoardEndpoint } from './realtime/yjs.ts';
import { BoardHub } from './board/boardHub.ts';
import { RoomRegistry } from './rooms/registry.ts';

export interface AppOptions {
  clock?: Clock;
  config?: Partial<ServerConfig>;
  logger?: Logger;
}

export interface App {
  fastify: FastifyInstance;
  registry: RoomRegistry;
  boards: BoardHub;
  io: RoomServer;
}

/**
 * Builds the whole server — HTTP routes, Socket.IO, the board endpoint and the room registry —
 * without listening.
 * Closing the Fastify instance ends every room and tells every client.
 */
export async function buildApp(options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const config: ServerConfig = { ...defaultConfig, ...options.config };
  const logger = options.logger ?? silentLogger;

  // Fastify's own request log is off: URLs and bodies are not ours to write down [PR1].
  const fastify = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: config.trustProxy });
  const registry = new RoomRegistry(clock, config, logger);
  const boards = new BoardHub(registry);
  const io = attachSocketServer(fastify.server, registry, clock, logger);
  const boardEndpoint = attachBoardEndpoint(fastify.server, registry, boards, clock, logger);

  registerSecurityHeaders(fastify);
  registerRoomRoutes(fastify, registry, config, clock, logger);
  if (config.clientDir) await registerClient(fastify, config.clientDir);

  fastify.addHook('preClose', async () => {
    logger.log('server.closing', { rooms: registry.size });
    registry.endAll();
    boardEndpoint.close();
    await io.close();
  });
  return { fastify, registry, boards, io };
}
