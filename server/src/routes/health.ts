import type { FastifyPluginAsync } from 'fastify';

/**
 * GET /healthz: 200 while this process serves, 503 once it is closing, so a proxy stops sending it
 * anything. Draining is not a health matter: the agent (cluster/drainAgent.ts) says that, so a
 * draining process still takes the rooms it holds.
 */
export const healthRoutes: FastifyPluginAsync = async (fastify) => {
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.get('/healthz', async (_request, reply) =>
    reply
      .code(closing ? 503 : 200)
      .header('cache-control', 'no-store')
      .type('text/plain')
      .send(closing ? 'closing' : 'ok'),
  );
};
