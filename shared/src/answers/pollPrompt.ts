import { concatBytes, fromBase64Url, line, owned, randomBytes, toBase64Url, utf8 } from '../crypto/bytes.ts';
import { pad, unpad } from '../crypto/padding.ts';

/** A poll's words: one line, as many characters as a person can read at a glance. */
export const POLL_PROMPT_MAX = 200;
const IV_BYTES = 12;

function associated(roomId: string, questionId: string, epoch: number) {
  return utf8(`holdspace poll v1\n${line(roomId)}\n${line(questionId)}\n${epoch}`);
}

/**
 * A poll's words sealed with the board key on the facilitator's device, padded so their length
 * says little: the server stores and relays them in the room's state and cannot read them [PA1].
 */
export async function sealPollPrompt(key: CryptoKey, epoch: number, roomId: string, questionId: string, text: string) {
  const iv = randomBytes(IV_BYTES);
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associated(roomId, questionId, epoch) },
    key,
    owned(pad(utf8(text.slice(0, POLL_PROMPT_MAX)))),
  );
  return { epoch, sealed: toBase64Url(concatBytes(iv, new Uint8Array(sealed))) };
}

/** The poll's words, or null when they do not open with this key. Never throws. */
export async function openPollPrompt(
  key: CryptoKey,
  roomId: string,
  questionId: string,
  prompt: { epoch: number; sealed: string },
): Promise<string | null> {
  const bytes = fromBase64Url(prompt.sealed);
  if (!bytes || bytes.length <= IV_BYTES) return null;
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: associated(roomId, questionId, prompt.epoch) },
      key,
      owned(bytes.subarray(IV_BYTES)),
    );
    const text = unpad(new Uint8Array(plain));
    return text ? new TextDecoder('utf-8', { fatal: false }).decode(text).slice(0, POLL_PROMPT_MAX) : null;
  } catch {
    return null;
  }
}
