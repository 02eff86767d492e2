import type { FastifyPluginAsync } from 'fastify';

/**
 * GET /healthz: 200 while this process serves (Fastify itself answers 503 once it is closing), so
 * a proxy stops sending it anything then. Draining is not a health matter: the agent
 * (cluster/drainAgent.ts) says that, so a draining process still takes the rooms it holds.
 */
export const healthRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').type('text/plain').send('ok'),
  );
};
