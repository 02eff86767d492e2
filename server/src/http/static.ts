import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';

/** Serves the built client. Hashed assets are cached for good; index.html never is. */
export async function registerClient(app: FastifyInstance, clientDir: string): Promise<void> {
  if (!existsSync(clientDir)) {
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain').send('The client is not built. Run `npm start`, which builds it first.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: clientDir,
    index: 'index.html',
    setHeaders(reply, path) {
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
