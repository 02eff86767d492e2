import { fromBase64Url, toBase64Url } from '../../../shared/src/crypto/bytes.ts';
import {
  MEMBER_SEED_BYTES,
  type MemberKeyPairs,
  memberKeysFrom,
  newKeySeed,
  signJoinProof,
} from '../../../shared/src/crypto/memberKeys.ts';
import type { JoinKeys } from '../../../shared/src/protocol/memberKeys.ts';
import { loadSeed, saveSeed } from './secrets.ts';

/**
 * This device's keys for a room, loaded with the join form (import()), so the page's first bundle
 * carries no crypto. The seed is made once and kept (secrets.ts); the same seed gives the
 * same keys after a reload.
 */
async function deviceKeys(roomId: string): Promise<MemberKeyPairs> {
  const stored = loadSeed(roomId);
  const parsed = stored ? fromBase64Url(stored) : null;
  const seed = parsed?.length === MEMBER_SEED_BYTES ? parsed : newKeySeed();
  if (seed !== parsed) saveSeed(roomId, toBase64Url(seed));
  return memberKeysFrom(seed);
}

const made = new Map<string, Promise<MemberKeyPairs>>();

/** This device's keys for the room, made once per page; a failure is tried again next time. */
export function keysFor(roomId: string): Promise<MemberKeyPairs> {
  let keys = made.get(roomId);
  if (!keys) {
    keys = deviceKeys(roomId);
    made.set(roomId, keys);
    keys.catch(() => made.delete(roomId));
  }
  return keys;
}

/** The keys a join sends, proved by signing this connection's challenge. */
export async function joinKeys(roomId: string, challenge: string): Promise<JoinKeys> {
  const keys = await keysFor(roomId);
  const proof = await signJoinProof(keys, roomId, challenge);
  return { sign: toBase64Url(keys.signPublic), box: toBase64Url(keys.boxPublic), proof: toBase64Url(proof) };
}
