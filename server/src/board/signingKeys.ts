import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { sealSignedBytes } from '../../../shared/src/crypto/boardKey.ts';
import { FRAME_SIGNATURE_BYTES, frameSignedBytes } from '../../../shared/src/crypto/frame.ts';

/** The DER header that makes 32 raw bytes an ed25519 SubjectPublicKeyInfo (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Each member's roster signing key as a node:crypto KeyObject, made once per key: the relay checks
 * every frame's signature, and parsing the key each time would cost more than the check [BD4].
 */
export class SigningKeys {
  /** Member id -> their roster key as text and as a KeyObject (null: the text is not a usable key). */
  readonly #keys = new Map<string, { text: string; key: KeyObject | null }>();

  /** The KeyObject for `memberId`'s roster key `text`; null if it is not a usable ed25519 key. */
  keyOf(memberId: string, text: string): KeyObject | null {
    const cached = this.#keys.get(memberId);
    if (cached?.text === text) return cached.key;
    let key: KeyObject | null = null;
    try {
      const raw = Buffer.from(text, 'base64url');
      if (raw.length === 32) {
        key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
      }
    } catch {
      key = null;
    }
    this.#keys.set(memberId, { text, key });
    return key;
  }

  forget(memberId: string): void {
    this.#keys.delete(memberId);
  }

  clear(): void {
    this.#keys.clear();
  }
}

/** Whether a well-formed frame's last 64 bytes sign it for this room under `key`. Never throws. */
export function frameSigned(roomId: string, frame: Uint8Array, key: KeyObject): boolean {
  try {
    return verify(null, frameSignedBytes(roomId, frame), key, frame.subarray(frame.length - FRAME_SIGNATURE_BYTES));
  } catch {
    return false;
  }
}

/** Whether `signature` is the sealer's over this sealed key's room, epoch, recipient and sealer. Never throws. */
export function sealSigned(
  seal: { roomId: string; epoch: number; to: string; from: string; sealed: Uint8Array; signature: Uint8Array },
  key: KeyObject,
): boolean {
  try {
    return verify(null, sealSignedBytes(seal.roomId, seal.epoch, seal.to, seal.from, seal.sealed), key, seal.signature);
  } catch {
    return false;
  }
}
