/**
 * A frame's plaintext padded to a multiple of `PAD_BUCKET` bytes: its length (u32, big-endian),
 * the data, then zeros. Without it a ciphertext's length would say which status was set (the four
 * differ by a few bytes) or which field someone is typing in; with it, a keystroke, a status and
 * an awareness state all travel as 256 bytes, and larger edits only by the 256.
 */
export const PAD_BUCKET = 256;

export function pad(data: Uint8Array): Uint8Array {
  const size = Math.ceil((data.length + 4) / PAD_BUCKET) * PAD_BUCKET;
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(data, 4);
  return out;
}

/** The data of a padded plaintext, or null when it is not one. Never throws. */
export function unpad(padded: Uint8Array): Uint8Array | null {
  if (padded.length < 4 || padded.length % PAD_BUCKET !== 0) return null;
  const length = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0);
  if (length > padded.length - 4) return null;
  return padded.subarray(4, 4 + length);
}
