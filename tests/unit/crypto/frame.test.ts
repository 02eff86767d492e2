import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBoardKey, newBoardKeyBytes } from '../../../shared/src/crypto/boardKey.ts';
import { type CurveSuiteKind, setCurveSuiteForTests } from '../../../shared/src/crypto/curves.ts';
import {
  FRAME_HEADER_BYTES,
  FRAME_SIGNATURE_BYTES,
  type FrameKind,
  frameSignedBytes,
  MAX_FRAME_BYTES,
  MAX_FRAME_PLAINTEXT_BYTES,
  MIN_FRAME_BYTES,
  newStreamId,
  openFrame,
  readFrame,
  sealFrame,
  verifyFrame,
} from '../../../shared/src/crypto/frame.ts';
import { type MemberKeyPairs, memberKeysFrom, newKeySeed } from '../../../shared/src/crypto/memberKeys.ts';

const ROOM = 'room-1';
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** How the server checks a frame: node:crypto, no board key. */
function nodeVerifies(roomId: string, frame: Uint8Array, signPublic: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, signPublic]), format: 'der', type: 'spki' });
  return verify(null, frameSignedBytes(roomId, frame), key, frame.subarray(frame.length - FRAME_SIGNATURE_BYTES));
}

describe.each<CurveSuiteKind>(['webcrypto', 'noble'])('board frames with %s', (kind) => {
  let alice: MemberKeyPairs;
  let mallory: MemberKeyPairs;
  let boardKey: CryptoKey;
  let otherKey: CryptoKey;
  const stream = newStreamId();
  const plaintext = crypto.getRandomValues(new Uint8Array(200));

  const seal = (overrides: { kind?: FrameKind; roomId?: string; plaintext?: Uint8Array } = {}) =>
    sealFrame({
      roomId: overrides.roomId ?? ROOM,
      kind: overrides.kind ?? 'update',
      epoch: 7,
      stream,
      seq: 0x01020304,
      covers: 0xffffffff,
      plaintext: overrides.plaintext ?? plaintext,
      boardKey,
      keys: alice,
    });

  beforeAll(async () => {
    setCurveSuiteForTests(kind);
    alice = await memberKeysFrom(newKeySeed());
    mallory = await memberKeysFrom(newKeySeed());
    boardKey = await importBoardKey(newBoardKeyBytes());
    otherKey = await importBoardKey(newBoardKeyBytes());
  });
  afterAll(() => setCurveSuiteForTests(null));

  it('round-trips: read, verify, open', async () => {
    for (const frameKind of ['update', 'snapshot', 'awareness', 'snapshot-part'] as const) {
      const frame = await seal({ kind: frameKind });
      expect(frame).toHaveLength(FRAME_HEADER_BYTES + 200 + 16 + FRAME_SIGNATURE_BYTES);
      const read = readFrame(frame)!;
      expect(read).toMatchObject({ kind: frameKind, epoch: 7, stream, seq: 0x01020304, covers: 0xffffffff });
      expect(read.iv).toHaveLength(12);
      expect(read.ciphertext).toHaveLength(216);
      expect(await verifyFrame(ROOM, frame, alice.signPublic)).toBe(true);
      expect(await openFrame(ROOM, frame, boardKey)).toEqual(plaintext);
    }
    const empty = await seal({ plaintext: new Uint8Array(0) });
    expect(empty).toHaveLength(MIN_FRAME_BYTES);
    expect(await openFrame(ROOM, empty, boardKey)).toEqual(new Uint8Array(0));
  });

  it('fits the largest plaintext and refuses a larger one', async () => {
    const frame = await seal({ plaintext: new Uint8Array(MAX_FRAME_PLAINTEXT_BYTES) });
    expect(frame).toHaveLength(MAX_FRAME_BYTES);
    expect(await verifyFrame(ROOM, frame, alice.signPublic)).toBe(true);
    await expect(seal({ plaintext: new Uint8Array(MAX_FRAME_PLAINTEXT_BYTES + 1) })).rejects.toThrow(RangeError);
  });

  it('has a signature that node:crypto verifies, as the server will', async () => {
    const frame = await seal();
    expect(nodeVerifies(ROOM, frame, alice.signPublic)).toBe(true);
    expect(nodeVerifies('room-2', frame, alice.signPublic)).toBe(false);
  });

  it('does not verify with any bit flipped, in another room or for another signer', async () => {
    const frame = await seal();
    for (let i = 0; i < frame.length; i++) {
      const tampered = frame.slice();
      tampered[i]! ^= 1 << (i % 8);
      expect(await verifyFrame(ROOM, tampered, alice.signPublic), `byte ${i}`).toBe(false);
    }
    expect(await verifyFrame('room-2', frame, alice.signPublic)).toBe(false);
    expect(await verifyFrame(ROOM, frame, mallory.signPublic)).toBe(false);
    expect(await verifyFrame(ROOM, frame, alice.boxPublic)).toBe(false);
    expect(await verifyFrame(ROOM, frame, new Uint8Array(31))).toBe(false);
    expect(await verifyFrame('room\n', frame, alice.signPublic)).toBe(false);
  });

  it('does not open with another key, in another room or with a changed header, iv or ciphertext', async () => {
    const frame = await seal();
    expect(await openFrame(ROOM, frame, otherKey)).toBeNull();
    expect(await openFrame('room-2', frame, boardKey)).toBeNull();
    for (let i = 0; i < frame.length - FRAME_SIGNATURE_BYTES; i++) {
      const tampered = frame.slice();
      tampered[i]! ^= 1 << (i % 8);
      expect(await openFrame(ROOM, tampered, boardKey), `byte ${i}`).toBeNull();
    }
  });

  it('refuses bad fields when sealing', async () => {
    const base = { roomId: ROOM, kind: 'update' as const, epoch: 0, stream, seq: 0, covers: 0, plaintext, boardKey };
    const input = { ...base, keys: alice };
    await expect(sealFrame({ ...input, epoch: -1 })).rejects.toThrow(RangeError);
    await expect(sealFrame({ ...input, seq: 2 ** 32 })).rejects.toThrow(RangeError);
    await expect(sealFrame({ ...input, stream: new Uint8Array(7) })).rejects.toThrow(RangeError);
    await expect(sealFrame({ ...input, kind: 'other' as FrameKind })).rejects.toThrow(RangeError);
    await expect(sealFrame({ ...input, roomId: 'a\nb' })).rejects.toThrow(RangeError);
  });
});

describe('readFrame', () => {
  let frame: Uint8Array;

  beforeAll(async () => {
    const keys = await memberKeysFrom(newKeySeed());
    const boardKey = await importBoardKey(newBoardKeyBytes());
    const input = { roomId: ROOM, kind: 'snapshot' as const, epoch: 1, stream: newStreamId(), seq: 1, covers: 1 };
    frame = await sealFrame({ ...input, plaintext: new Uint8Array(10), boardKey, keys });
  });

  it('refuses truncated, wrong version, wrong kind and oversize frames', () => {
    expect(readFrame(frame)).not.toBeNull();
    expect(readFrame(frame.subarray(0, MIN_FRAME_BYTES - 1))).toBeNull();
    expect(readFrame(new Uint8Array(0))).toBeNull();
    for (const version of [0, 2, 255]) {
      const bad = frame.slice();
      bad[0] = version;
      expect(readFrame(bad)).toBeNull();
    }
    for (const kind of [4, 128, 255]) {
      const bad = frame.slice();
      bad[1] = kind;
      expect(readFrame(bad)).toBeNull();
    }
    const big = new Uint8Array(MAX_FRAME_BYTES + 1);
    big.set(frame);
    expect(readFrame(big)).toBeNull();
    expect(readFrame(big.subarray(0, MAX_FRAME_BYTES))).not.toBeNull();
  });

  it('reads kind bytes 0 to 3 as update, snapshot, awareness and snapshot-part', () => {
    const kinds = [0, 1, 2, 3].map((byte) => {
      const copy = frame.slice();
      copy[1] = byte;
      return readFrame(copy)?.kind;
    });
    expect(kinds).toEqual(['update', 'snapshot', 'awareness', 'snapshot-part']);
  });

  it('never throws on random bytes', async () => {
    for (let i = 0; i < 2_000; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(Math.floor(Math.random() * 201)));
      if (i % 2 === 0 && bytes.length > 1) {
        bytes[0] = 1;
        bytes[1] = i % 3;
      }
      const read = readFrame(bytes);
      if (read) expect(bytes.length).toBeGreaterThanOrEqual(MIN_FRAME_BYTES);
      if (i % 50 === 0) {
        expect(await verifyFrame(ROOM, bytes, bytes.subarray(0, 32))).toBe(false);
        expect(await openFrame(ROOM, bytes, await importBoardKey(newBoardKeyBytes()))).toBeNull();
      }
    }
    expect(readFrame('not bytes' as unknown as Uint8Array)).toBeNull();
  });
});
