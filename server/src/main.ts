import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { configFromEnv } from './config.ts';
import { jsonLineLogger } from './log.ts';

const clientDir = fileURLToPath(new URL('../../client/dist', import.meta.url));
const config = configFromEnv(process.env, clientDir);
const logger = jsonLineLogger();
const { fastify } = await buildApp({ clock: systemClock, config, logger });

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
await fastify.listen({ port, host });
logger.log('server.listening', { port });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fastify.close().then(() => process.exit(0));
  });
}
