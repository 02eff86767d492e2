// Ed25519 signatures and X25519 key agreement, through WebCrypto where the runtime has them (Node 20,
// Chromium 133+, Firefox 130+, Safari 17+) and through @noble/curves where it does not. The noble
// code is loaded with import() so a bundle fetches it only on a browser that needs it.

import { type Bytes, concatBytes, equalBytes, fromBase64Url, owned } from './bytes.ts';

export type CurveSuiteKind = 'webcrypto' | 'noble';

export interface CurveSuite {
  readonly kind: CurveSuiteKind;
  /** The Ed25519 public key (32 bytes) of a 32-byte seed (RFC 8032's secret key). */
  signingPublicKey(seed: Uint8Array): Promise<Bytes>;
  /** A 64-byte Ed25519 signature. */
  sign(seed: Uint8Array, message: Uint8Array): Promise<Bytes>;
  /** Never throws: false for a wrong signature and for malformed keys or signatures. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** The X25519 public key (32 bytes) of a 32-byte secret. */
  boxPublicKey(secret: Uint8Array): Promise<Bytes>;
  /** The 32-byte X25519 shared secret; null for a malformed or low-order public key (all-zero result). */
  sharedSecret(secret: Uint8Array, publicKey: Uint8Array): Promise<Bytes | null>;
}

const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

function hex(text: string): Bytes {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

// PKCS#8 wrappers of a raw 32-byte private key (RFC 8410): prefix + key.
const ED25519_PKCS8_PREFIX = hex('302e020100300506032b657004220420');
const X25519_PKCS8_PREFIX = hex('302e020100300506032b656e04220420');

function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (bytes.length !== length) throw new RangeError(`${what} must be ${length} bytes, not ${bytes.length}`);
}

function isZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (const b of bytes) acc |= b;
  return acc === 0;
}

async function publicFromJwk(key: CryptoKey): Promise<Bytes> {
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', key);
  const pub = fromBase64Url(jwk.x ?? '');
  if (!pub || pub.length !== KEY_BYTES) throw new Error('WebCrypto exported no public key');
  return pub;
}

function importPrivate(prefix: Uint8Array, secret: Uint8Array, name: string, extractable: boolean, usages: KeyUsage[]) {
  checkLength(secret, KEY_BYTES, `${name} secret`);
  return globalThis.crypto.subtle.importKey('pkcs8', concatBytes(prefix, secret), { name }, extractable, usages);
}

// Importing an Ed25519 PKCS#8 key costs about 6 signatures in Node (it derives the public key), so
// the signing key of a seed is imported once. The copy of the seed guards against a caller that
// reuses the array for another seed.
const signingKeys = new WeakMap<Uint8Array, { seed: Uint8Array; key: Promise<CryptoKey> }>();

function signingKey(seed: Uint8Array): Promise<CryptoKey> {
  const cached = signingKeys.get(seed);
  if (cached && equalBytes(cached.seed, seed)) return cached.key;
  const key = importPrivate(ED25519_PKCS8_PREFIX, seed, 'Ed25519', false, ['sign']);
  signingKeys.set(seed, { seed: seed.slice(), key });
  key.catch(() => signingKeys.delete(seed));
  return key;
}

// A verifying key is imported once per public key: a late device checks every frame of the tail
// against the same few writers' keys. Bounded: a roster holds a few dozen keys at most.
const verifyingKeys = new Map<string, Promise<CryptoKey>>();
const MAX_VERIFYING_KEYS = 256;

function verifyingKey(publicKey: Uint8Array): Promise<CryptoKey> {
  const id = String.fromCharCode(...publicKey);
  let key = verifyingKeys.get(id);
  if (!key) {
    if (verifyingKeys.size >= MAX_VERIFYING_KEYS) verifyingKeys.clear();
    key = globalThis.crypto.subtle.importKey('raw', owned(publicKey), { name: 'Ed25519' }, false, ['verify']);
    verifyingKeys.set(id, key);
    key.catch(() => verifyingKeys.delete(id));
  }
  return key;
}

export const webCryptoSuite: CurveSuite = {
  kind: 'webcrypto',
  async signingPublicKey(seed) {
    return publicFromJwk(await importPrivate(ED25519_PKCS8_PREFIX, seed, 'Ed25519', true, ['sign']));
  },
  async sign(seed, message) {
    const key = await signingKey(seed);
    return new Uint8Array(await globalThis.crypto.subtle.sign('Ed25519', key, owned(message)));
  },
  async verify(publicKey, message, signature) {
    if (publicKey.length !== KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false;
    try {
      const key = await verifyingKey(publicKey);
      return await globalThis.crypto.subtle.verify('Ed25519', key, owned(signature), owned(message));
    } catch {
      return false;
    }
  },
  async boxPublicKey(secret) {
    return publicFromJwk(await importPrivate(X25519_PKCS8_PREFIX, secret, 'X25519', true, ['deriveBits']));
  },
  async sharedSecret(secret, publicKey) {
    const mine = await importPrivate(X25519_PKCS8_PREFIX, secret, 'X25519', false, ['deriveBits']);
    if (publicKey.length !== KEY_BYTES) return null;
    try {
      const subtle = globalThis.crypto.subtle;
      const theirs = await subtle.importKey('raw', owned(publicKey), { name: 'X25519' }, false, []);
      const bits = new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: theirs }, mine, 256));
      return isZero(bits) ? null : bits;
    } catch {
      return null;
    }
  },
};

type Noble = typeof import('./nobleCurves.ts');
let noble: Promise<Noble> | null = null;

function loadNoble(): Promise<Noble> {
  if (!noble) {
    noble = import('./nobleCurves.ts');
    // A failed load (offline) may be retried by the next call.
    noble.catch(() => {
      noble = null;
    });
  }
  return noble;
}

export const nobleSuite: CurveSuite = {
  kind: 'noble',
  async signingPublicKey(seed) {
    checkLength(seed, KEY_BYTES, 'Ed25519 seed');
    return owned((await loadNoble()).ed25519.getPublicKey(seed));
  },
  async sign(seed, message) {
    checkLength(seed, KEY_BYTES, 'Ed25519 seed');
    return owned((await loadNoble()).ed25519.sign(message, seed));
  },
  async verify(publicKey, message, signature) {
    if (publicKey.length !== KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false;
    const { ed25519 } = await loadNoble();
    try {
      // zip215: false is RFC 8032 / FIPS 186-5 strict decoding, closer to what WebCrypto and
      // OpenSSL (the server) accept than ZIP-215's looser rules.
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  async boxPublicKey(secret) {
    checkLength(secret, KEY_BYTES, 'X25519 secret');
    return owned((await loadNoble()).x25519.getPublicKey(secret));
  },
  async sharedSecret(secret, publicKey) {
    checkLength(secret, KEY_BYTES, 'X25519 secret');
    const { x25519 } = await loadNoble();
    if (publicKey.length !== KEY_BYTES) return null;
    try {
      const shared = x25519.getSharedSecret(secret, publicKey);
      return isZero(shared) ? null : owned(shared);
    } catch {
      return null;
    }
  },
};

// Known answers for the probe: RFC 8032 section 7.1 test 1 and RFC 7748 section 6.1.
const PROBE_SEED = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const PROBE_SIGNATURE = hex(
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
);
const PROBE_BOX_SECRET = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
const PROBE_BOX_PEER = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
const PROBE_SHARED = hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');

/** Whether this runtime's WebCrypto signs, verifies and agrees keys right (false on any error). */
async function webCryptoWorks(): Promise<boolean> {
  try {
    const suite = webCryptoSuite;
    const message = new Uint8Array(0);
    const signature = await suite.sign(PROBE_SEED, message);
    const publicKey = await suite.signingPublicKey(PROBE_SEED);
    const shared = await suite.sharedSecret(PROBE_BOX_SECRET, PROBE_BOX_PEER);
    return (
      equalBytes(signature, PROBE_SIGNATURE) &&
      (await suite.verify(publicKey, message, signature)) &&
      shared !== null &&
      equalBytes(shared, PROBE_SHARED)
    );
  } catch {
    return false;
  }
}

let chosen: Promise<CurveSuite> | null = null;

/** The suite this runtime uses: WebCrypto if a known-answer probe passes (checked once), else noble. */
export function curveSuite(): Promise<CurveSuite> {
  chosen ??= webCryptoWorks().then((works) => (works ? webCryptoSuite : nobleSuite));
  return chosen;
}

/** Forces one suite for the tests; null forgets the choice so the next call probes again. */
export function setCurveSuiteForTests(kind: CurveSuiteKind | null): void {
  chosen = kind === null ? null : Promise.resolve(kind === 'webcrypto' ? webCryptoSuite : nobleSuite);
}
