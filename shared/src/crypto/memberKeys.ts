// A member's keys: one 32-byte random seed, kept on the device, from which HKDF derives an Ed25519
// signing seed and an X25519 box secret. The public halves are what the room sees.

import { joinProofText } from '../protocol/joinProof.ts';
import { type Bytes, line, randomBytes, toBase64Url, utf8 } from './bytes.ts';
import { curveSuite } from './curves.ts';
import { hkdfSha256 } from './hkdf.ts';

export const MEMBER_SEED_BYTES = 32;

export interface MemberKeyPairs {
  /** Ed25519 seed (RFC 8032 secret key). */
  signSeed: Bytes;
  /** X25519 secret. */
  boxSecret: Bytes;
  /** Ed25519 public key, 32 bytes. */
  signPublic: Bytes;
  /** X25519 public key, 32 bytes. */
  boxPublic: Bytes;
}

const MEMBER_KEYS_SALT = utf8('holdspace member keys v1');

export function newKeySeed(): Bytes {
  return randomBytes(MEMBER_SEED_BYTES);
}

/** The same seed gives the same keys on any device and with either curve suite. */
export async function memberKeysFrom(seed: Uint8Array): Promise<MemberKeyPairs> {
  if (seed.length !== MEMBER_SEED_BYTES) throw new RangeError(`a member seed is ${MEMBER_SEED_BYTES} bytes`);
  const [signSeed, boxSecret] = await Promise.all([
    hkdfSha256(seed, MEMBER_KEYS_SALT, utf8('sign'), 32),
    hkdfSha256(seed, MEMBER_KEYS_SALT, utf8('box'), 32),
  ]);
  const suite = await curveSuite();
  const [signPublic, boxPublic] = await Promise.all([suite.signingPublicKey(signSeed), suite.boxPublicKey(boxSecret)]);
  return { signSeed, boxSecret, signPublic, boxPublic };
}

export async function signWith(keys: MemberKeyPairs, message: Uint8Array): Promise<Bytes> {
  return (await curveSuite()).sign(keys.signSeed, message);
}

/** Never throws: false for a wrong or malformed signature or key. */
export async function verifySignature(signPublic: Uint8Array, message: Uint8Array, signature: Uint8Array) {
  return (await curveSuite()).verify(signPublic, message, signature);
}

/**
 * What a member signs to join (`joinProofText` of the protocol, which the server checks with
 * node:crypto): this room, this connection's challenge and both public keys. Throws RangeError if
 * the room id or challenge holds a newline.
 */
export function joinProofMessage(roomId: string, challenge: string, signPublic: Uint8Array, boxPublic: Uint8Array) {
  const keys = { sign: toBase64Url(signPublic), box: toBase64Url(boxPublic) };
  return utf8(joinProofText(line(roomId), line(challenge), keys));
}

export function signJoinProof(keys: MemberKeyPairs, roomId: string, challenge: string): Promise<Bytes> {
  return signWith(keys, joinProofMessage(roomId, challenge, keys.signPublic, keys.boxPublic));
}

/** Never throws: false for a wrong proof, malformed keys or a room id or challenge with a newline. */
export async function verifyJoinProof(
  roomId: string,
  challenge: string,
  signPublic: Uint8Array,
  boxPublic: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (signPublic.length !== 32 || boxPublic.length !== 32) return false;
  let message: Bytes;
  try {
    message = joinProofMessage(roomId, challenge, signPublic, boxPublic);
  } catch {
    return false;
  }
  return verifySignature(signPublic, message, signature);
}
