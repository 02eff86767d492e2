import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from '../../server/src/limits/clientAddress.ts';
import { connectionCeiling, openFileLimit } from '../../server/src/limits/openFiles.ts';

const request = (remoteAddress: string, forwarded?: string) =>
  ({ socket: { remoteAddress }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as IncomingMessage;

describe('budget keys for addresses', () => {
  it('[RC5] an IPv6 network shares one budget per /64; IPv4 (and IPv4-mapped) addresses are their own', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1', 64)).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff', 64)).toBe(addressKey('2001:db8:1:2::9', 64));
    expect(addressKey('2001:db8:1:3::1', 64)).not.toBe(addressKey('2001:db8:1:2::1', 64));
    expect(addressKey('2001:db8:1:2:aaaa::1', 48)).toBe('2001:db8:1:0:0:0:0:0/48');
    expect(addressKey('2001:db8:1:2:aaaa::1', 56)).toBe(addressKey('2001:db8:1:ff:1::1', 56));
    expect(addressKey('::ffff:192.0.2.7', 64)).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7', 64)).toBe('192.0.2.7');
    expect(addressKey('::1', 128)).toBe('0:0:0:0:0:0:0:1/128');
  });

  it('[RC5] behind a trusted proxy the client is the hop the proxy appended, never what the client sent', () => {
    const keying = { trustProxy: true, ipv6BudgetPrefix: 64 };
    expect(clientAddress(request('10.0.0.2', '6.6.6.6, 198.51.100.4'), keying)).toBe('198.51.100.4');
    expect(clientAddress(request('10.0.0.2'), keying)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', '198.51.100.4'), { ...keying, trustProxy: false })).toBe('10.0.0.2');
  });

  it('[RC5] the process holds fewer connections than it may open files', () => {
    expect(connectionCeiling(20_000, 400)).toBe(288);
    expect(connectionCeiling(20_000, 1_048_576)).toBe(20_000);
    expect(connectionCeiling(5_000, null)).toBe(5_000);
    const dir = mkdtempSync(join(tmpdir(), 'limits-'));
    try {
      const file = join(dir, 'limits');
      writeFileSync(
        file,
        'Limit  Soft Limit  Hard Limit  Units\nMax open files            400                  4096                 files\n',
      );
      expect(openFileLimit(file)).toBe(400);
      expect(openFileLimit(join(dir, 'missing'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
