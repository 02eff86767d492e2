// The board key: 32 random bytes, an AES-256-GCM key shared by the room's members. One member seals
// it to another's X25519 public key (an ephemeral-static box), bound to a context naming the room,
// the key's epoch, the recipient and the sealer, so a sealed key cannot be replayed elsewhere.

import { type Bytes, concatBytes, line, owned, randomBytes, utf8 } from './bytes.ts';
import { curveSuite } from './curves.ts';
import { hkdfSha256 } from './hkdf.ts';

export const BOARD_KEY_BYTES = 32;
const EPHEMERAL_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** ephemeral public key (32) | iv (12) | encrypted key and tag (48). */
export const SEALED_BOARD_KEY_BYTES = EPHEMERAL_BYTES + IV_BYTES + BOARD_KEY_BYTES + TAG_BYTES;

export function newBoardKeyBytes(): Bytes {
  return randomBytes(BOARD_KEY_BYTES);
}

/** A non-extractable AES-GCM key for the board's frames. */
export async function importBoardKey(bytes: Uint8Array): Promise<CryptoKey> {
  if (bytes.length !== BOARD_KEY_BYTES) throw new RangeError(`a board key is ${BOARD_KEY_BYTES} bytes`);
  return globalThis.crypto.subtle.importKey('raw', owned(bytes), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** Throws RangeError for a field with a newline or an epoch that is not a u32. */
export function sealContext(roomId: string, epoch: number, recipientId: string, sealerId: string): Bytes {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > 0xffffffff) throw new RangeError(`not an epoch: ${epoch}`);
  return utf8(`holdspace seal v1\n${line(roomId)}\n${epoch}\n${line(recipientId)}\n${line(sealerId)}`);
}

/**
 * What a sealer signs so the server can check, without the board key, who sealed a key to whom:
 * a domain line, the seal context (room, epoch, recipient, sealer) and the 92 sealed bytes.
 * Throws RangeError as `sealContext` does.
 */
export function sealSignedBytes(
  roomId: string,
  epoch: number,
  recipientId: string,
  sealerId: string,
  sealed: Uint8Array,
): Bytes {
  return concatBytes(utf8('holdspace seal v1 signed\n'), sealContext(roomId, epoch, recipientId, sealerId), sealed);
}

async function wrappingKey(
  shared: Uint8Array,
  ephemeralPublic: Uint8Array,
  recipientPublic: Uint8Array,
  context: Uint8Array,
) {
  const bytes = await hkdfSha256(shared, concatBytes(ephemeralPublic, recipientPublic), context, 32);
  return globalThis.crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/**
 * Seals a board key to a recipient's X25519 public key: 92 bytes. Throws for a board key of the
 * wrong length or a recipient key that is malformed or of low order.
 */
export async function sealBoardKey(
  keyBytes: Uint8Array,
  recipientBoxPublic: Uint8Array,
  context: Uint8Array,
): Promise<Bytes> {
  if (keyBytes.length !== BOARD_KEY_BYTES) throw new RangeError(`a board key is ${BOARD_KEY_BYTES} bytes`);
  const suite = await curveSuite();
  const ephemeralSecret = randomBytes(EPHEMERAL_BYTES);
  const ephemeralPublic = await suite.boxPublicKey(ephemeralSecret);
  const shared = await suite.sharedSecret(ephemeralSecret, recipientBoxPublic);
  if (!shared) throw new Error('the recipient box key is not usable');
  const key = await wrappingKey(shared, ephemeralPublic, recipientBoxPublic, context);
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: owned(context) },
    key,
    owned(keyBytes),
  );
  return concatBytes(ephemeralPublic, iv, new Uint8Array(ciphertext));
}

/** The board key sealed to me with this context; null on any failure. Never throws. */
export async function openBoardKey(
  sealed: Uint8Array,
  myBoxSecret: Uint8Array,
  myBoxPublic: Uint8Array,
  context: Uint8Array,
): Promise<Bytes | null> {
  if (sealed.length !== SEALED_BOARD_KEY_BYTES || myBoxSecret.length !== 32 || myBoxPublic.length !== 32) return null;
  try {
    const ephemeralPublic = sealed.subarray(0, EPHEMERAL_BYTES);
    const iv = sealed.slice(EPHEMERAL_BYTES, EPHEMERAL_BYTES + IV_BYTES);
    const ciphertext = sealed.slice(EPHEMERAL_BYTES + IV_BYTES);
    const shared = await (await curveSuite()).sharedSecret(myBoxSecret, ephemeralPublic);
    if (!shared) return null;
    const key = await wrappingKey(shared, ephemeralPublic, myBoxPublic, context);
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: owned(context) },
      key,
      ciphertext,
    );
    return plain.byteLength === BOARD_KEY_BYTES ? new Uint8Array(plain) : null;
  } catch {
    return null;
  }
}
