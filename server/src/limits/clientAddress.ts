import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

/** Where budgets key addresses, and how a proxy in front is trusted. */
export interface AddressKeying {
  /** Behind one trusted reverse proxy: the client is the last hop it appended to X-Forwarded-For. */
  trustProxy: boolean;
  /** IPv6 addresses share one budget per prefix of this length (a /64 is one network). */
  ipv6BudgetPrefix: number;
}

/** The eight 16-bit groups of an IPv6 address, "::" expanded; null if it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  const [head = '', tail] = address.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  let left = parse(head);
  let right = tail === undefined ? [] : parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const last = (right.length > 0 ? right : left).at(-1) ?? '';
  if (last.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    const groups = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    if (right.length > 0) right = [...right.slice(0, -1), ...groups];
    else left = [...left.slice(0, -1), ...groups];
  }
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((g) => Number.parseInt(g, 16));
}

/**
 * The key an address's budgets are kept under: an IPv4 address as it is (an IPv4-mapped IPv6
 * address as its IPv4), an IPv6 address by its network prefix, since one subscriber holds a whole
 * /64 and could otherwise open 2^64 budgets [RC5]. In memory only; never logged.
 *
 * addressKey('2001:db8:1:2:aaaa::1', 64) === '2001:db8:1:2::/64'
 */
export function addressKey(address: string, ipv6Prefix: number): string {
  const groups = ipv6Groups(address);
  if (!groups) return address;
  if (groups.slice(0, 6).join(':') === '0:0:0:0:0:65535') {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const bits = Math.min(128, Math.max(0, ipv6Prefix));
  const kept = groups.map((group, i) => {
    const from = i * 16;
    if (from + 16 <= bits) return group;
    if (from >= bits) return 0;
    return group & (0xffff << (16 - (bits - from))) & 0xffff;
  });
  return `${kept.map((g) => g.toString(16)).join(':')}/${bits}`;
}

/**
 * The address a request comes from, as a budget key: the socket's peer, or behind a trusted
 * reverse proxy the last address of X-Forwarded-For — the one the proxy itself appended; anything
 * before it is whatever the client chose to send, and would let one client pose as many.
 */
export function clientAddress(request: IncomingMessage, keying: AddressKeying): string {
  let address = request.socket.remoteAddress ?? 'unknown';
  if (keying.trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const list = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    const last = list?.split(',').at(-1)?.trim();
    if (last) address = last;
  }
  return addressKey(address, keying.ipv6BudgetPrefix);
}
