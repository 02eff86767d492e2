import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importBoardKey,
  newBoardKeyBytes,
  openBoardKey,
  SEALED_BOARD_KEY_BYTES,
  sealBoardKey,
  sealContext,
  sealSignedBytes,
} from '../../../shared/src/crypto/boardKey.ts';
import { type CurveSuiteKind, setCurveSuiteForTests } from '../../../shared/src/crypto/curves.ts';
import { type MemberKeyPairs, memberKeysFrom, newKeySeed, signWith } from '../../../shared/src/crypto/memberKeys.ts';

describe.each<CurveSuiteKind>(['webcrypto', 'noble'])('board key sealing with %s', (kind) => {
  let bob: MemberKeyPairs;
  let carol: MemberKeyPairs;
  const context = sealContext('room-1', 3, 'bob', 'alice');

  beforeAll(async () => {
    setCurveSuiteForTests(kind);
    bob = await memberKeysFrom(newKeySeed());
    carol = await memberKeysFrom(newKeySeed());
  });
  afterAll(() => setCurveSuiteForTests(null));

  it('round-trips a board key, 92 bytes sealed, fresh each time', async () => {
    const key = newBoardKeyBytes();
    const sealed = await sealBoardKey(key, bob.boxPublic, context);
    expect(sealed).toHaveLength(SEALED_BOARD_KEY_BYTES);
    expect(SEALED_BOARD_KEY_BYTES).toBe(92);
    expect(await openBoardKey(sealed, bob.boxSecret, bob.boxPublic, context)).toEqual(key);
    expect(await sealBoardKey(key, bob.boxPublic, context)).not.toEqual(sealed);
  });

  it('does not open for another recipient or in another context', async () => {
    const sealed = await sealBoardKey(newBoardKeyBytes(), bob.boxPublic, context);
    expect(await openBoardKey(sealed, carol.boxSecret, carol.boxPublic, context)).toBeNull();
    expect(await openBoardKey(sealed, carol.boxSecret, bob.boxPublic, context)).toBeNull();
    expect(await openBoardKey(sealed, bob.boxSecret, carol.boxPublic, context)).toBeNull();
    for (const other of [
      sealContext('room-1', 4, 'bob', 'alice'),
      sealContext('room-1', 3, 'carol', 'alice'),
      sealContext('room-1', 3, 'bob', 'mallory'),
      sealContext('room-2', 3, 'bob', 'alice'),
    ]) {
      expect(await openBoardKey(sealed, bob.boxSecret, bob.boxPublic, other)).toBeNull();
    }
  });

  it('does not open with any byte changed, nor truncated or extended', async () => {
    const sealed = await sealBoardKey(newBoardKeyBytes(), bob.boxPublic, context);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i]! ^= 1 << (i % 8);
      expect(await openBoardKey(tampered, bob.boxSecret, bob.boxPublic, context), `byte ${i}`).toBeNull();
    }
    expect(await openBoardKey(sealed.subarray(1), bob.boxSecret, bob.boxPublic, context)).toBeNull();
    const longer = new Uint8Array(sealed.length + 1);
    longer.set(sealed);
    expect(await openBoardKey(longer, bob.boxSecret, bob.boxPublic, context)).toBeNull();
    expect(await openBoardKey(new Uint8Array(92), bob.boxSecret, bob.boxPublic, context)).toBeNull();
  });

  it('refuses to seal to a low-order key or a key of the wrong length', async () => {
    await expect(sealBoardKey(newBoardKeyBytes(), new Uint8Array(32), context)).rejects.toThrow();
    await expect(sealBoardKey(newBoardKeyBytes().subarray(1), bob.boxPublic, context)).rejects.toThrow(RangeError);
  });
});

describe('board key', () => {
  afterAll(() => setCurveSuiteForTests(null));

  it('opens with the other suite than the one that sealed it', async () => {
    const bob = await memberKeysFrom(newKeySeed());
    const key = newBoardKeyBytes();
    const context = sealContext('r', 0, 'b', 'a');
    setCurveSuiteForTests('webcrypto');
    const sealed = await sealBoardKey(key, bob.boxPublic, context);
    setCurveSuiteForTests('noble');
    expect(await openBoardKey(sealed, bob.boxSecret, bob.boxPublic, context)).toEqual(key);
  });

  it('seal context has the documented text and refuses ambiguous fields', () => {
    expect(new TextDecoder().decode(sealContext('r', 7, 'b', 'a'))).toBe('holdspace seal v1\nr\n7\nb\na');
    expect(() => sealContext('r', -1, 'b', 'a')).toThrow(RangeError);
    expect(() => sealContext('r', 1.5, 'b', 'a')).toThrow(RangeError);
    expect(() => sealContext('r', 1, 'b\na', '')).toThrow(RangeError);
  });

  it('seal signed bytes: a domain line, the seal context, then the sealed key; node:crypto verifies the signature', async () => {
    const sealed = crypto.getRandomValues(new Uint8Array(SEALED_BOARD_KEY_BYTES));
    const bytes = sealSignedBytes('r', 7, 'b', 'a', sealed);
    const prefix = new TextEncoder().encode('holdspace seal v1 signed\nholdspace seal v1\nr\n7\nb\na');
    expect(bytes.subarray(0, prefix.length)).toEqual(prefix);
    expect(bytes.subarray(prefix.length)).toEqual(sealed);
    expect(sealSignedBytes('r', 7, 'b', 'c', sealed)).not.toEqual(bytes);
    expect(sealSignedBytes('r', 8, 'b', 'a', sealed)).not.toEqual(bytes);
    expect(() => sealSignedBytes('r', 7, 'b\n', 'a', sealed)).toThrow(RangeError);

    const alice = await memberKeysFrom(newKeySeed());
    const signature = await signWith(alice, bytes);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), alice.signPublic]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, bytes, key, signature)).toBe(true);
    expect(verify(null, sealSignedBytes('r', 7, 'c', 'a', sealed), key, signature)).toBe(false);
  });

  it('imports as a non-extractable AES-GCM key', async () => {
    const key = await importBoardKey(newBoardKeyBytes());
    expect(key.extractable).toBe(false);
    expect(key.algorithm.name).toBe('AES-GCM');
    await expect(importBoardKey(new Uint8Array(16))).rejects.toThrow(RangeError);
  });
});
