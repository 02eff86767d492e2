import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CurveSuiteKind, setCurveSuiteForTests } from '../../../shared/src/crypto/curves.ts';
import {
  joinProofMessage,
  memberKeysFrom,
  newKeySeed,
  signJoinProof,
  signWith,
  verifyJoinProof,
  verifySignature,
} from '../../../shared/src/crypto/memberKeys.ts';

const SEED = new Uint8Array(32).map((_, i) => i);

describe.each<CurveSuiteKind>(['webcrypto', 'noble'])('member keys with %s', (kind) => {
  beforeAll(() => setCurveSuiteForTests(kind));
  afterAll(() => setCurveSuiteForTests(null));

  it('derive the same keys from the same seed and other keys from another', async () => {
    const a = await memberKeysFrom(SEED);
    const again = await memberKeysFrom(SEED.slice());
    const other = await memberKeysFrom(newKeySeed());
    expect(again).toEqual(a);
    for (const key of [a.signSeed, a.boxSecret, a.signPublic, a.boxPublic]) expect(key).toHaveLength(32);
    expect(a.signSeed).not.toEqual(a.boxSecret);
    expect(other.signPublic).not.toEqual(a.signPublic);
    expect(other.boxPublic).not.toEqual(a.boxPublic);
  });

  it('are HKDF-SHA256 of the seed with the documented salt and infos', async () => {
    const { hkdfSync } = await import('node:crypto');
    const a = await memberKeysFrom(SEED);
    const derive = (info: string) => new Uint8Array(hkdfSync('sha256', SEED, 'holdspace member keys v1', info, 32));
    expect(a.signSeed).toEqual(derive('sign'));
    expect(a.boxSecret).toEqual(derive('box'));
  });

  it('sign and verify', async () => {
    const keys = await memberKeysFrom(newKeySeed());
    const message = new Uint8Array([1, 2, 3]);
    const signature = await signWith(keys, message);
    expect(await verifySignature(keys.signPublic, message, signature)).toBe(true);
    expect(await verifySignature(keys.signPublic, new Uint8Array([1, 2]), signature)).toBe(false);
    expect(await verifySignature(keys.boxPublic, message, signature)).toBe(false);
  });

  it('prove a join for one room and one challenge only', async () => {
    const keys = await memberKeysFrom(newKeySeed());
    const other = await memberKeysFrom(newKeySeed());
    const proof = await signJoinProof(keys, 'room-1', 'challenge-1');
    const { signPublic, boxPublic } = keys;
    expect(await verifyJoinProof('room-1', 'challenge-1', signPublic, boxPublic, proof)).toBe(true);
    expect(await verifyJoinProof('room-2', 'challenge-1', signPublic, boxPublic, proof)).toBe(false);
    expect(await verifyJoinProof('room-1', 'challenge-2', signPublic, boxPublic, proof)).toBe(false);
    expect(await verifyJoinProof('room-1', 'challenge-1', signPublic, other.boxPublic, proof)).toBe(false);
    expect(await verifyJoinProof('room-1', 'challenge-1', other.signPublic, boxPublic, proof)).toBe(false);
    expect(await verifyJoinProof('room-1\n', 'challenge-1', signPublic, boxPublic, proof)).toBe(false);
  });
});

describe('member keys across suites', () => {
  afterAll(() => setCurveSuiteForTests(null));

  it('are the same with either suite', async () => {
    setCurveSuiteForTests('webcrypto');
    const web = await memberKeysFrom(SEED);
    setCurveSuiteForTests('noble');
    expect(await memberKeysFrom(SEED)).toEqual(web);
  });

  it('join proof message has the documented layout', () => {
    const signPublic = new Uint8Array(32).fill(1);
    const boxPublic = new Uint8Array(32).fill(2);
    const message = joinProofMessage('r', 'c', signPublic, boxPublic);
    const keys = [signPublic, boxPublic].map((key) => Buffer.from(key).toString('base64url'));
    expect(Buffer.from(message).toString()).toBe(`holdspace-join-v1\nr\nc\n${keys[0]}\n${keys[1]}`);
    expect(() => joinProofMessage('r\nc', '', signPublic, boxPublic)).toThrow(RangeError);
  });
});
