// Byte helpers for the end-to-end crypto: base64url, concatenation, UTF-8, comparison, big-endian
// u32s and randomness. Pure, no Buffer: the same code runs in Node 20 and the browser.

/** Bytes backed by a plain ArrayBuffer, which is what WebCrypto takes. */
export type Bytes = Uint8Array<ArrayBuffer>;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The same bytes as `Bytes`: the view itself if it already sits on an ArrayBuffer, else a copy. */
export function owned(bytes: Uint8Array): Bytes {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Bytes) : new Uint8Array(bytes);
}

/** Base64url without padding. toBase64Url(new Uint8Array([251, 255])) // '-_8' */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict base64url without padding: null for any other character, padding, a length that cannot
 * be base64 (4n + 1) or unused low bits that are not zero (so each byte string has one spelling).
 */
export function fromBase64Url(text: string): Bytes | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return toBase64Url(bytes) === text ? bytes : null;
}

export function concatBytes(...parts: readonly Uint8Array[]): Bytes {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function utf8(text: string): Bytes {
  return new TextEncoder().encode(text) as Bytes;
}

/**
 * A line of a signed or authenticated text prefix: refuses a newline, so that two different sets
 * of fields can never join into the same bytes. Throws RangeError (a caller's mistake).
 */
export function line(text: string | number): string {
  const value = String(text);
  if (value.includes('\n')) throw new RangeError('a field of a signed text holds a newline');
  return value;
}

/** Equal length and bytes; looks at every byte whatever the first difference. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function isU32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

export function writeU32be(target: Uint8Array, offset: number, value: number): void {
  if (!isU32(value)) throw new RangeError(`not a u32: ${value}`);
  new DataView(target.buffer, target.byteOffset, target.byteLength).setUint32(offset, value, false);
}

export function readU32be(source: Uint8Array, offset: number): number {
  return new DataView(source.buffer, source.byteOffset, source.byteLength).getUint32(offset, false);
}

export function randomBytes(length: number): Bytes {
  const out = new Uint8Array(length);
  globalThis.crypto.getRandomValues(out);
  return out;
}
