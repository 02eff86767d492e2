import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { configFromEnv } from './config.ts';
import { connectionCeiling, openFileLimit } from './limits/openFiles.ts';
import { jsonLineLogger } from './log.ts';

const clientDir = fileURLToPath(new URL('../../client/dist', import.meta.url));
const configured = configFromEnv(process.env, clientDir);
const maxConnections = connectionCeiling(configured.http.maxConnections, openFileLimit());
const config = { ...configured, http: { ...configured.http, maxConnections } };
const logger = jsonLineLogger();
const { fastify } = await buildApp({ clock: systemClock, config, logger });

const host = process.env.HOST ?? '0.0.0.0';
await fastify.listen({ port: Number(process.env.PORT ?? 3000), host });
// The port actually bound (PORT=0 asks for any free one).
const address = fastify.server.address();
const port = typeof address === 'object' && address ? address.port : Number(process.env.PORT ?? 3000);
logger.log('server.listening', { port });
const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
process.stdout.write(`Holdspace is running. Open http://${shown}:${port} in a browser.\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fastify.close().then(() => process.exit(0));
  });
}
