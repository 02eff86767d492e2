import Fastify, { type FastifyInstance } from 'fastify';
import type { BoardHub } from './board/boardHub.ts';
import { systemClock, type Clock } from './clock.ts';
import { defaultConfig, type ServerConfig } from './config.ts';
import { silentLogger, type Logger } from './log.ts';
import { boards } from './plugins/boards.ts';
import { edgeLimits } from './plugins/edgeLimits.ts';
import { roomRegistry } from './plugins/roomRegistry.ts';
import { securityHeaders } from './plugins/securityHeaders.ts';
import { socketServer } from './plugins/socketServer.ts';
import { staticClient } from './plugins/staticClient.ts';
import type { RoomServer } from './realtime/socket.ts';
import type { RoomRegistry } from './rooms/registry.ts';
import { healthRoutes } from './routes/health.ts';
import { roomRoutes } from './routes/rooms.ts';

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
 * Builds the whole server — HTTP routes, Socket.IO with the board relays, and the room registry —
 * without listening.
 * Closing the Fastify instance ends every room and tells every client.
 */
export async function buildApp(options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const config: ServerConfig = { ...defaultConfig, ...options.config };
  const logger = options.logger ?? silentLogger;

  // Fastify's own request log is off: URLs and bodies are not ours to write down [PR1].
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = config.http;
  const fastify = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    // One proxy in front, when trusted: the client is the hop it appended, never what the client sent.
    trustProxy: config.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    // A connection that dribbles its headers or its body is closed, not held [RC5]. Node checks
    // these only every connectionsCheckingInterval (30 s by default): check every second.
    http: { headersTimeout: headersTimeoutMs, connectionsCheckingInterval: 1_000 },
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
  });
  fastify.register(securityHeaders);
  fastify.register(edgeLimits, { clock, config, logger });
  // The order of these is the shutdown order. They are fastify-plugin plugins, so their preClose
  // hooks belong to the root and run in registration order (before those of any encapsulated
  // plugin), and all before the HTTP server closes: every room ends while its sockets can still
  // hear it (board:closed 4410, then room:ended); last, Socket.IO closes, and with it the HTTP
  // server. The board relays subscribe to the registry before Socket.IO does, so a board's
  // subscribers hear 4410 before their room's sockets close. `dependencies` enforce this order.
  fastify.register(roomRegistry, { clock, config, logger });
  fastify.register(boards, { clock, config });
  fastify.register(socketServer, { clock, config, logger });
  fastify.register(roomRoutes, { clock, config });
  fastify.register(healthRoutes);
  if (config.clientDir) fastify.register(staticClient, { root: config.clientDir });
  // Loads the plugins registered so far, so their decorations exist; the app is not started.
  await fastify.after();

  return { fastify, registry: fastify.registry, boards: fastify.boards, io: fastify.io };
}
