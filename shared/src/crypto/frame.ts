// Board frames: a board update, snapshot or awareness message, encrypted with the board key and
// signed by its author. The server checks the signature (it has no board key); members decrypt.
//
// version u8 (1) | kind u8 | epoch u32 | stream 8 bytes | seq u32 | covers u32 | iv 12 bytes
// | AES-GCM ciphertext and 16-byte tag | Ed25519 signature 64 bytes      (integers big-endian)
//
// The first 34 bytes are the header, authenticated as AES-GCM additional data after a prefix naming
// the room; the signature covers the same prefix and everything before the signature.

import { type Bytes, concatBytes, isU32, line, owned, randomBytes, readU32be, utf8, writeU32be } from './bytes.ts';
import { curveSuite } from './curves.ts';
import type { MemberKeyPairs } from './memberKeys.ts';

export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 34;
export const FRAME_SIGNATURE_BYTES = 64;
export const FRAME_STREAM_BYTES = 8;
export const FRAME_IV_BYTES = 12;
const TAG_BYTES = 16;
export const MIN_FRAME_BYTES = FRAME_HEADER_BYTES + TAG_BYTES + FRAME_SIGNATURE_BYTES;
export const MAX_FRAME_BYTES = 64 * 1024;
/** The largest plaintext that fits in a frame. */
export const MAX_FRAME_PLAINTEXT_BYTES = MAX_FRAME_BYTES - MIN_FRAME_BYTES;

/** By wire byte: 0 update, 1 snapshot (its final part), 2 awareness, 3 snapshot-part (more parts follow). */
const KINDS = ['update', 'snapshot', 'awareness', 'snapshot-part'] as const;
export type FrameKind = (typeof KINDS)[number];

export interface FrameHeader {
  kind: FrameKind;
  epoch: number;
  /** 8 bytes naming the sending device's stream. */
  stream: Bytes;
  seq: number;
  covers: number;
  iv: Bytes;
}

export interface ReadFrame extends FrameHeader {
  /** The first FRAME_HEADER_BYTES bytes as they came. */
  header: Bytes;
  /** AES-GCM output, tag included (at least 16 bytes). */
  ciphertext: Bytes;
  signature: Bytes;
}

/** Splits a frame into its fields (copies); null for anything that is not a well-formed frame. Never throws. */
export function readFrame(bytes: Uint8Array): ReadFrame | null {
  if (!(bytes instanceof Uint8Array)) return null;
  if (bytes.length < MIN_FRAME_BYTES || bytes.length > MAX_FRAME_BYTES) return null;
  if (bytes[0] !== FRAME_VERSION) return null;
  const kind = KINDS[bytes[1] ?? KINDS.length];
  if (!kind) return null;
  const signatureAt = bytes.length - FRAME_SIGNATURE_BYTES;
  return {
    kind,
    epoch: readU32be(bytes, 2),
    stream: bytes.slice(6, 14),
    seq: readU32be(bytes, 14),
    covers: readU32be(bytes, 18),
    iv: bytes.slice(22, FRAME_HEADER_BYTES),
    header: bytes.slice(0, FRAME_HEADER_BYTES),
    ciphertext: bytes.slice(FRAME_HEADER_BYTES, signatureAt),
    signature: bytes.slice(signatureAt),
  };
}

function roomPrefix(roomId: string): Bytes {
  return utf8(`holdspace frame v1\n${line(roomId)}\n`);
}

/** What the author signs: the room prefix and the frame without its signature. */
export function frameSignedBytes(roomId: string, frameBytes: Uint8Array): Bytes {
  return concatBytes(
    roomPrefix(roomId),
    frameBytes.subarray(0, Math.max(0, frameBytes.length - FRAME_SIGNATURE_BYTES)),
  );
}

function frameAad(roomId: string, header: Uint8Array): Bytes {
  return concatBytes(roomPrefix(roomId), header.subarray(0, FRAME_HEADER_BYTES));
}

export function newStreamId(): Bytes {
  return randomBytes(FRAME_STREAM_BYTES);
}

export interface SealFrameInput {
  roomId: string;
  kind: FrameKind;
  epoch: number;
  stream: Uint8Array;
  seq: number;
  covers: number;
  plaintext: Uint8Array;
  boardKey: CryptoKey;
  keys: MemberKeyPairs;
}

/** Encrypts with a random IV, then signs. Throws RangeError for out-of-range fields or a plaintext too long. */
export async function sealFrame(input: SealFrameInput): Promise<Bytes> {
  const { roomId, kind, epoch, stream, seq, covers, plaintext, boardKey, keys } = input;
  const kindByte = KINDS.indexOf(kind);
  if (kindByte < 0) throw new RangeError(`not a frame kind: ${kind}`);
  if (!isU32(epoch) || !isU32(seq) || !isU32(covers)) throw new RangeError('epoch, seq and covers are u32s');
  if (stream.length !== FRAME_STREAM_BYTES) throw new RangeError(`a stream id is ${FRAME_STREAM_BYTES} bytes`);
  if (plaintext.length > MAX_FRAME_PLAINTEXT_BYTES) throw new RangeError('the plaintext does not fit in a frame');
  const iv = randomBytes(FRAME_IV_BYTES);
  const header = new Uint8Array(FRAME_HEADER_BYTES);
  header[0] = FRAME_VERSION;
  header[1] = kindByte;
  writeU32be(header, 2, epoch);
  header.set(stream, 6);
  writeU32be(header, 14, seq);
  writeU32be(header, 18, covers);
  header.set(iv, 22);
  const ciphertext = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: frameAad(roomId, header) },
    boardKey,
    owned(plaintext),
  );
  const unsigned = concatBytes(header, new Uint8Array(ciphertext), new Uint8Array(FRAME_SIGNATURE_BYTES));
  const suite = await curveSuite();
  const signature = await suite.sign(keys.signSeed, frameSignedBytes(roomId, unsigned));
  unsigned.set(signature, unsigned.length - FRAME_SIGNATURE_BYTES);
  return unsigned;
}

/** Whether a well-formed frame carries a good signature by this key (no board key needed). Never throws. */
export async function verifyFrame(roomId: string, frameBytes: Uint8Array, signPublic: Uint8Array): Promise<boolean> {
  try {
    const frame = readFrame(frameBytes);
    if (!frame) return false;
    return await (await curveSuite()).verify(signPublic, frameSignedBytes(roomId, frameBytes), frame.signature);
  } catch {
    return false;
  }
}

/**
 * The plaintext of a well-formed frame of this room under this board key; null otherwise. Does not
 * check the signature (verifyFrame does). Never throws.
 */
export async function openFrame(roomId: string, frameBytes: Uint8Array, boardKey: CryptoKey): Promise<Bytes | null> {
  try {
    const frame = readFrame(frameBytes);
    if (!frame) return null;
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: frame.iv, additionalData: frameAad(roomId, frame.header) },
      boardKey,
      frame.ciphertext,
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}
