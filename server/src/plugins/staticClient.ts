import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { existsSync } from 'node:fs';

export interface StaticClientOptions {
  /** Folder of the built client. */
  root: string;
}

/**
 * Serves the built client. Hashed assets are cached for good; index.html never is. The build
 * writes brotli and gzip copies of every text file, and the one the browser accepts is sent.
 */
export const staticClient: FastifyPluginAsync<StaticClientOptions> = async (fastify, { root }) => {
  if (!existsSync(root)) {
    fastify.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain').send('The client is not built. Run `npm start`, which builds it first.'),
    );
    return;
  }
  await fastify.register(fastifyStatic, {
    root,
    // An array: with preCompressed, @fastify/static finds a compressed index only from a list.
    index: ['index.html'],
    preCompressed: true,
    setHeaders(reply, path) {
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};
