import { toBase64Url, utf8 } from './bytes.ts';

/** The routing key's domain: the proxy hashes on this, never on the room id. */
const ROUTE_KEY_DOMAIN = 'holdspace route v1\n';

/**
 * The key a proxy routes a room's connections by: 132 bits of SHA-256 over a domain and the room
 * id. One-way, so whoever sees it (a proxy, its logs) cannot join the room or find its link.
 */
export async function routeKeyOf(roomId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8(`${ROUTE_KEY_DOMAIN}${roomId}`));
  return toBase64Url(new Uint8Array(digest)).slice(0, 22);
}
