import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/** The page talks only to its own origin: no CDNs, fonts or analytics can load [PR5]. */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const securityHeadersPlugin: FastifyPluginAsync = async (fastify) => {
  fastify.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  });
};

/** Security headers on every reply; not encapsulated, so the hook reaches every route of the app. */
export const securityHeaders = fp(securityHeadersPlugin, { name: 'security-headers', fastify: '5.x' });
