import {
  createHash,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { type MemberKeyPairs, memberKeysFrom } from '../../shared/src/crypto/memberKeys.ts';
import { joinProofText } from '../../shared/src/protocol/joinProof.ts';
import type { JoinKeys, MemberKeys } from '../../shared/src/protocol/memberKeys.ts';

// PKCS#8 wrappers of a raw 32-byte private key (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SALT = Buffer.from('holdspace member keys v1');

/**
 * A test device's member keys: a random seed, from which Node's own crypto derives (HKDF-SHA256,
 * as the page does) an ed25519 key that signs join proofs and an x25519 key to seal to. Not the
 * page's code, so each checks the other; `pairs()` derives the same keys with the page's code
 * (`memberKeysFrom`), to sign board frames and seals with the keys the roster holds.
 */
export class DeviceKeys {
  readonly public: MemberKeys;
  /** The device's key seed: never sent; the test signs with what it derives. */
  readonly seed: Uint8Array;
  readonly #signing: KeyObject;
  #pairs: Promise<MemberKeyPairs> | null = null;

  constructor() {
    this.seed = new Uint8Array(randomBytes(32));
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', this.seed, SALT, info, 32));
    this.#signing = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, derive('sign')]),
      format: 'der',
      type: 'pkcs8',
    });
    const box = createPrivateKey({
      key: Buffer.concat([X25519_PKCS8_PREFIX, derive('box')]),
      format: 'der',
      type: 'pkcs8',
    });
    this.public = { sign: rawPublic(this.#signing), box: rawPublic(box) };
  }

  /** The keys and proof a join sends on a connection whose preview carried `challenge`. */
  join(roomId: string, challenge: string): JoinKeys {
    const proof = sign(null, Buffer.from(joinProofText(roomId, challenge, this.public)), this.#signing);
    return { ...this.public, proof: proof.toString('base64url') };
  }

  /** This device's ed25519 signature over `text`, base64url (a resume proof signs one). */
  signText(text: string): string {
    return sign(null, Buffer.from(text), this.#signing).toString('base64url');
  }

  /** The same keys as the page's code derives them from the seed (with their secrets), made once. */
  pairs(): Promise<MemberKeyPairs> {
    this.#pairs ??= memberKeysFrom(this.seed);
    return this.#pairs;
  }
}

function rawPublic(key: KeyObject): string {
  const { x } = createPublicKey(key).export({ format: 'jwk' });
  if (!x) throw new Error('no public key');
  return x;
}

/**
 * Well-formed, distinct keys for a member in tests of the rules, which never check a signature
 * (the server checks the proof before a join reaches them).
 */
export function rosterKeys(memberId: string): MemberKeys {
  const key = (use: string) => createHash('sha256').update(`${use}:${memberId}`).digest('base64url');
  return { sign: key('sign'), box: key('box') };
}
