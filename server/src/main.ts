import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { startDrainAgent } from './cluster/drainAgent.ts';
import { systemClock } from './clock.ts';
import { configFromEnv } from './config.ts';
import { connectionCeiling, openFileLimit } from './limits/openFiles.ts';
import { jsonLineLogger } from './log.ts';

const clientDir = fileURLToPath(new URL('../../client/dist', import.meta.url));
const configured = configFromEnv(process.env, clientDir);
const maxConnections = connectionCeiling(configured.http.maxConnections, openFileLimit());
const config = { ...configured, http: { ...configured.http, maxConnections } };
const logger = jsonLineLogger();
const { fastify, registry } = await buildApp({ clock: systemClock, config, logger });

const host = process.env.HOST ?? '0.0.0.0';
await fastify.listen({ port: Number(process.env.PORT ?? 3000), host });
// The port actually bound (PORT=0 asks for any free one).
const address = fastify.server.address();
const port = typeof address === 'object' && address ? address.port : Number(process.env.PORT ?? 3000);
logger.log('server.listening', { port });
const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
process.stdout.write(`Holdspace is running. Open http://${shown}:${port} in a browser.\n`);

const agent = config.agentPort === null ? null : await startDrainAgent(config.agentPort, host, () => registry.draining);

let closing = false;
function close(): void {
  if (closing) return;
  closing = true;
  agent?.close();
  void fastify.close().then(() => process.exit(0));
}

/**
 * SIGTERM with sealing on, behind a proxy that hears the agent, drains: no new room comes here,
 * the live ones stay until they end or the drain time passes, then they move (their devices bring
 * them back elsewhere) and the process exits. Otherwise, and on SIGINT, it closes at once (a second
 * SIGTERM too); with sealing on, its rooms then move rather than end.
 */
process.once('SIGINT', close);
process.on('SIGTERM', () => {
  // Draining needs a proxy that hears of it (the agent): alone, a process would only refuse rooms.
  if (!registry.sealer || agent === null || registry.draining) return close();
  registry.drain();
  logger.log('server.draining', { rooms: registry.size });
  const deadline = Date.now() + config.drainMs;
  const watch = setInterval(() => {
    if (registry.size > 0 && Date.now() < deadline) return;
    clearInterval(watch);
    close();
  }, 1_000);
});
