// The history file locked with the group's passphrase [HF3]: AES-256-GCM under a key from
// PBKDF2-SHA-256, on the device, with WebCrypto alone (the browser's and Node's).
import { z } from 'zod';
import { type Bytes, fromBase64Url, line, randomBytes, toBase64Url, utf8 } from '../crypto/bytes.ts';
import { HISTORY_LIMITS, type HistoryFile, readHistoryJson, readJsonText } from './historyFile.ts';

const FORMAT = 'holdspace-history-sealed';
const KDF = 'PBKDF2-SHA-256';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The work a file may ask for. Below the floor a stolen file is too cheap to guess at (OWASP's
 * 2023 figure for PBKDF2-SHA-256); above the ceiling a hostile file could keep a phone busy for
 * minutes before the passphrase is even checked.
 */
export const PBKDF2_ITERATIONS = { min: 600_000, max: 5_000_000, default: 600_000 } as const;

/** Base64 of a sealed file: the largest history, its tag, and room for the header. */
const MAX_SEALED_CHARS = Math.ceil(((HISTORY_LIMITS.maxBytes + TAG_BYTES) * 4) / 3) + 1_024;

const Base64Url = z
  .string()
  .max(MAX_SEALED_CHARS)
  .regex(/^[A-Za-z0-9_-]*$/);

const SealedEnvelope = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  kdf: z.object({ name: z.literal(KDF), iterations: z.number().int().positive(), salt: Base64Url }),
  iv: Base64Url,
  ciphertext: Base64Url,
});
type SealedEnvelope = z.infer<typeof SealedEnvelope>;

export type HistoryOpen =
  | { ok: true; history: HistoryFile; from: 'history' | 'board-export' }
  | { ok: false; reason: 'wrong-passphrase' | 'not-a-history' | 'needs-passphrase'; message: string };

export const WRONG_PASSPHRASE = 'That passphrase does not open this file. Nothing was changed.';

/** The header, authenticated with the ciphertext: no field can be swapped for another file's. */
function associatedData(envelope: Omit<SealedEnvelope, 'ciphertext'>): Bytes {
  const { format, version, kdf, iv } = envelope;
  return utf8([format, version, kdf.name, kdf.iterations, kdf.salt, iv].map(line).join('\n'));
}

async function deriveKey(passphrase: string, salt: Bytes, iterations: number): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  // NFC, so a passphrase typed on one keyboard opens the file on another that composes differently.
  const material = await subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * The history as a sealed JSON envelope, for a member to keep or pass on [HF3]. A fresh salt and
 * IV every time. `iterations` is for tests of the reader's floor: files under 600,000 do not open.
 * Throws RangeError for an empty passphrase (the page asks for one first).
 */
export async function sealHistory(
  history: HistoryFile,
  passphrase: string,
  iterations: number = PBKDF2_ITERATIONS.default,
): Promise<string> {
  if (passphrase === '') throw new RangeError('a passphrase is needed to seal the history');
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`not an iteration count: ${iterations}`);
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const header = {
    format: FORMAT,
    version: 1,
    kdf: { name: KDF, iterations, salt: toBase64Url(salt) },
    iv: toBase64Url(iv),
  } as const;
  const key = await deriveKey(passphrase, salt, iterations);
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associatedData(header) },
    key,
    utf8(JSON.stringify(history)),
  );
  return JSON.stringify({ ...header, ciphertext: toBase64Url(new Uint8Array(sealed)) });
}

function refuse(reason: 'wrong-passphrase' | 'not-a-history' | 'needs-passphrase', message: string): HistoryOpen {
  return { ok: false, reason, message };
}

const DAMAGED = 'This locked history file is damaged. Nothing was changed.';

/**
 * Opens a history file [HF3]: a sealed one with the passphrase, or a plain history or board export
 * as it is (no passphrase needed). Never throws; a refusal leaves nothing half-read behind.
 */
export async function openHistory(text: string, passphrase: string): Promise<HistoryOpen> {
  const json = readJsonText(text, MAX_SEALED_CHARS);
  if (!json.ok) return refuse('not-a-history', json.message);
  const value = json.value;
  const format =
    value !== null && typeof value === 'object' && Object.hasOwn(value, 'format')
      ? (value as { format: unknown }).format
      : undefined;
  if (format !== FORMAT) {
    const plain = readHistoryJson(text);
    return plain.ok ? plain : refuse('not-a-history', plain.message);
  }
  const parsed = SealedEnvelope.safeParse(value);
  if (!parsed.success) {
    const version = (value as { version?: unknown }).version;
    return typeof version === 'number' && version > 1
      ? refuse('not-a-history', 'This file was made by a newer version of Holdspace. Update Holdspace to open it.')
      : refuse('not-a-history', DAMAGED);
  }
  const envelope = parsed.data;
  const { iterations } = envelope.kdf;
  if (iterations < PBKDF2_ITERATIONS.min) {
    return refuse('not-a-history', 'This file is locked too weakly for Holdspace to trust it. Nothing was changed.');
  }
  if (iterations > PBKDF2_ITERATIONS.max) {
    return refuse(
      'not-a-history',
      'This file asks for far more work to open than Holdspace ever sets. Nothing was changed.',
    );
  }
  const salt = fromBase64Url(envelope.kdf.salt);
  const iv = fromBase64Url(envelope.iv);
  const ciphertext = fromBase64Url(envelope.ciphertext);
  if (salt?.length !== SALT_BYTES || iv?.length !== IV_BYTES || !ciphertext || ciphertext.length < TAG_BYTES) {
    return refuse('not-a-history', DAMAGED);
  }
  if (passphrase === '')
    return refuse('needs-passphrase', 'This history is locked. Type the group’s passphrase to open it.');
  let plain: ArrayBuffer;
  try {
    const key = await deriveKey(passphrase, salt, iterations);
    plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: associatedData(envelope) },
      key,
      ciphertext,
    );
  } catch {
    // A wrong passphrase and a changed file look the same to AES-GCM; the passphrase is far likelier.
    return refuse('wrong-passphrase', WRONG_PASSPHRASE);
  }
  let inner: string;
  try {
    inner = new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return refuse('not-a-history', DAMAGED);
  }
  const history = readHistoryJson(inner);
  return history.ok ? history : refuse('not-a-history', history.message);
}
