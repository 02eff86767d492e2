import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import { AddressLimiter } from '../limits/addressLimiter.ts';
import { ConnectionGate } from '../limits/connectionGate.ts';
import type { Logger } from '../log.ts';
import { RefusalTally } from '../refusalTally.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every TCP connection counted, per address and for the process [RC5]. */
    gate: ConnectionGate;
    /** Connections opened by address: churning sockets is a cost too [RC5]. */
    openings: AddressLimiter;
    /** What the server turned away, counted for one log line a minute. */
    refusals: RefusalTally;
  }
}

export interface EdgeLimitsOptions {
  clock: Clock;
  config: ServerConfig;
  logger: Logger;
}

const edgeLimitsPlugin: FastifyPluginAsync<EdgeLimitsOptions> = async (fastify, { clock, config, logger }) => {
  const refusals = new RefusalTally(clock, logger);
  const gate = new ConnectionGate(
    {
      perAddress: config.connectionsPerAddress,
      maxConnections: config.http.maxConnections,
      trustProxy: config.trustProxy,
      ipv6BudgetPrefix: config.ipv6BudgetPrefix,
    },
    refusals,
  );
  gate.watch(fastify.server);
  fastify.decorate('gate', gate);
  fastify.decorate(
    'openings',
    new AddressLimiter(clock, config.connectionBurstPerAddress, config.connectionsOpenedPerMinute),
  );
  fastify.decorate('refusals', refusals);
  fastify.addHook('onClose', async () => refusals.flush());
};

/** The budgets every edge shares: connections per address and per process, and the tally of refusals [RC5, PR1]. */
export const edgeLimits = fp(edgeLimitsPlugin, { name: 'edge-limits', fastify: '5.x' });
