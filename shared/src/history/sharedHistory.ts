// The group's history shared with the room, sealed with the board key [HF9]: every device can show
// the patterns and leave with the updated file, and the server relays bytes it cannot read.

import { concatBytes, fromBase64Url, line, owned, randomBytes, toBase64Url, utf8 } from '../crypto/bytes.ts';
import { SHARED_HISTORY_MAX_CHARS } from '../protocol/history.ts';
import { HISTORY_LIMITS, type HistoryFile, readHistoryJson } from './historyFile.ts';

const IV_BYTES = 12;

function associated(roomId: string, epoch: number) {
  return utf8(`holdspace history v1\n${line(roomId)}\n${epoch}`);
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, cap: number) {
  const reader = new Blob([owned(bytes)]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    // A small file that inflates without end (a gzip bomb) stops here, read no further.
    if (total > cap) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return concatBytes(...chunks);
}

async function sealOnce(key: CryptoKey, epoch: number, roomId: string, history: HistoryFile): Promise<string> {
  const packed = await pipe(utf8(JSON.stringify(history)), new CompressionStream('gzip'), Number.POSITIVE_INFINITY);
  const iv = randomBytes(IV_BYTES);
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associated(roomId, epoch) },
    key,
    owned(packed as Uint8Array),
  );
  return toBase64Url(concatBytes(iv, new Uint8Array(sealed)));
}

/**
 * The history sealed for the room, or null if not even its latest session fits. Past the size a
 * room message may have, the oldest sessions are left out of what the room sees; the file itself,
 * on the device that imported it, keeps them all.
 */
export async function sealForRoom(
  key: CryptoKey,
  epoch: number,
  roomId: string,
  history: HistoryFile,
): Promise<{ sealed: string; sessions: number } | null> {
  let sessions = history.sessions;
  for (;;) {
    const sealed = await sealOnce(key, epoch, roomId, { ...history, sessions });
    if (sealed.length <= SHARED_HISTORY_MAX_CHARS) return { sealed, sessions: sessions.length };
    if (sessions.length === 0) return null;
    sessions = sessions.slice(Math.ceil(sessions.length / 4));
  }
}

/** The history the room shared, checked as a file is; null when it does not open or is not one. Never throws. */
export async function openFromRoom(key: CryptoKey, roomId: string, shared: { epoch: number; sealed: string }) {
  const bytes = fromBase64Url(shared.sealed);
  if (!bytes || bytes.length <= IV_BYTES) return null;
  try {
    const packed = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: associated(roomId, shared.epoch) },
      key,
      owned(bytes.subarray(IV_BYTES)),
    );
    const json = await pipe(new Uint8Array(packed), new DecompressionStream('gzip'), HISTORY_LIMITS.maxBytes);
    if (!json) return null;
    const read = readHistoryJson(new TextDecoder().decode(json));
    return read.ok ? read.history : null;
  } catch {
    return null;
  }
}
