import { type Bytes, owned } from './bytes.ts';

/**
 * HKDF-SHA256 (RFC 5869) through WebCrypto, which has had HKDF in Node since 15 and in every
 * browser for years: no extra code to ship. `length` is in bytes.
 */
export async function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Bytes> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', owned(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: owned(salt), info: owned(info) },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}
