import type { IncomingMessage } from 'node:http';

/**
 * The address a connection comes from, as Fastify's `request.ip` reads it: the socket's peer, or
 * behind a trusted reverse proxy the first address of X-Forwarded-For. Used only as a key for
 * budgets, in memory; never logged.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? 'unknown';
}
