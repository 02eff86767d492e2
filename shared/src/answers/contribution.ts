import {
  type Bytes,
  concatBytes,
  fromBase64Url,
  line,
  owned,
  randomBytes,
  toBase64Url,
  utf8,
} from '../crypto/bytes.ts';
import { VECTOR_SLOTS } from './questionKinds.ts';
import type { Vector } from './vectors.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A sealed contribution: IV, the 48-byte masked vector, the tag. Every one is this size. */
export const CONTRIBUTION_BYTES = IV_BYTES + VECTOR_SLOTS * 4 + TAG_BYTES;

/** Who sent which round of which question, under which board key: the associated data. */
export interface ContributionContext {
  roomId: string;
  questionId: string;
  round: number;
  from: string;
  epoch: number;
}

function associated(c: ContributionContext): Bytes {
  return utf8(`holdspace answer v1\n${line(c.roomId)}\n${line(c.questionId)}\n${c.round}\n${line(c.from)}\n${c.epoch}`);
}

/**
 * A masked vector sealed with the board key (AES-GCM), so the server, which relays it, cannot add
 * the vectors up itself: it sees who answered, never a total. The context is authenticated: a
 * vector relabelled as another member's, round's or question's does not open.
 */
export async function sealContribution(boardKey: CryptoKey, masked: Vector, context: ContributionContext) {
  const plain = new Uint8Array(VECTOR_SLOTS * 4);
  const view = new DataView(plain.buffer);
  for (let i = 0; i < VECTOR_SLOTS; i++) view.setUint32(i * 4, masked[i] ?? 0, true);
  const iv = randomBytes(IV_BYTES);
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associated(context) },
    boardKey,
    plain,
  );
  return toBase64Url(concatBytes(iv, new Uint8Array(sealed)));
}

/** The masked vector, or null for anything that does not open under this context. Never throws. */
export async function openContribution(
  boardKey: CryptoKey,
  sealed: string,
  context: ContributionContext,
): Promise<Vector | null> {
  const bytes = fromBase64Url(sealed);
  if (!bytes || bytes.length !== CONTRIBUTION_BYTES) return null;
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: associated(context) },
      boardKey,
      owned(bytes.subarray(IV_BYTES)),
    );
    const view = new DataView(plain);
    const vector = new Uint32Array(VECTOR_SLOTS);
    for (let i = 0; i < VECTOR_SLOTS; i++) vector[i] = view.getUint32(i * 4, true);
    return vector;
  } catch {
    return null;
  }
}
