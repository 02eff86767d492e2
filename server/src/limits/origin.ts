import type { IncomingMessage } from 'node:http';

/**
 * Whether the page that opens a socket may: browsers always send its Origin, so another site's
 * page is refused [RC5]. Allowed are the configured origins, or by default the server's own
 * (the Host the request was sent to; behind a trusted proxy, the forwarded host). A request with
 * no Origin is not from a browser page and cannot ride on anyone's session, so it passes.
 */
export function originAllowed(request: IncomingMessage, allowed: readonly string[], trustProxy: boolean): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.length > 0) return allowed.some((a) => new URL(a).origin === parsed.origin);
  const forwardedHost = trustProxy ? request.headers['x-forwarded-host'] : undefined;
  const host = (Array.isArray(forwardedHost) ? forwardedHost[0] : forwardedHost) ?? request.headers.host;
  return host !== undefined && parsed.host === host.split(',')[0]?.trim();
}
