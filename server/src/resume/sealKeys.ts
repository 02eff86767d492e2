import { z } from 'zod';

/** One seal key: its id, and 32 random bytes. */
export interface SealKey {
  kid: string;
  key: Buffer;
}

/** The processes' shared seal keys: the first seals, every one verifies, so a key can rotate out. */
export interface SealKeys {
  current: SealKey;
  byKid: ReadonlyMap<string, Buffer>;
}

const Pair = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/_-]{43}=?$/, 'Expected kid:base64 of 32 bytes.')
  .transform((pair) => {
    const [kid, text] = pair.split(':') as [string, string];
    return { kid, key: Buffer.from(text, text.includes('+') || text.includes('/') ? 'base64' : 'base64url') };
  })
  .refine(({ key }) => key.length === 32, 'A seal key is 32 random bytes.');

/**
 * `HOLDSPACE_SEAL_KEYS`: comma-separated `kid:base64key` pairs, from the operator's configuration
 * (never a file the server writes). Unset: null, and a restart ends rooms as it always did.
 * Throws on a malformed value rather than run without the seal the operator asked for.
 */
export function sealKeysFrom(value: string | undefined): SealKeys | null {
  if (!value?.trim()) return null;
  const pairs = z
    .array(Pair)
    .min(1)
    .parse(value.split(',').map((p) => p.trim()));
  const byKid = new Map<string, Buffer>();
  for (const { kid, key } of pairs) {
    if (byKid.has(kid)) throw new Error(`HOLDSPACE_SEAL_KEYS names key ${kid} twice.`);
    byKid.set(kid, key);
  }
  const first = pairs[0] as { kid: string; key: Buffer };
  return { current: first, byKid };
}
