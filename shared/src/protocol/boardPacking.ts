// Socket.IO's parser takes at most 10 binary attachments in one message (a limit that keeps a
// hostile packet from making the server wait for thousands). Lists of frames and of sealed keys
// travel packed into one attachment each; these are the packers, for both ends. No zod here.

/** Items, each prefixed with its length (u32, big-endian), in one array. */
export function packBytes(items: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(items.reduce((sum, item) => sum + 4 + item.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const item of items) {
    view.setUint32(at, item.length);
    out.set(item, at + 4);
    at += 4 + item.length;
  }
  return out;
}

/** The items of `packBytes`, exactly `count` of them, or null when the bytes say otherwise. Never throws. */
export function unpackBytes(packed: Uint8Array, count: number): Uint8Array[] | null {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const items: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 4 > packed.length) return null;
    const length = view.getUint32(at);
    if (at + 4 + length > packed.length) return null;
    items.push(packed.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return at === packed.length ? items : null;
}

/** Relayed frames as they travel in a list: who sent each, its position, and the frames packed. */
export interface PackedFrames {
  from: string[];
  pos: number[];
  frames: Uint8Array;
}

export function packFrames(list: readonly { from: string; pos: number; frame: Uint8Array }[]): PackedFrames {
  return { from: list.map((r) => r.from), pos: list.map((r) => r.pos), frames: packBytes(list.map((r) => r.frame)) };
}

export function unpackFrames(packed: PackedFrames): { from: string; pos: number; frame: Uint8Array }[] | null {
  const { from, pos } = packed;
  if (!Array.isArray(from) || !Array.isArray(pos) || from.length !== pos.length) return null;
  const frames = unpackBytes(new Uint8Array(packed.frames), from.length);
  if (!frames) return null;
  return frames.map((frame, i) => ({ from: String(from[i]), pos: Number(pos[i]), frame }));
}

/** Each sealed key's `sealed || signature`, in order: how a rekey packs its keys in one attachment. */
export function packSealed(keys: readonly { sealed: Uint8Array; signature: Uint8Array }[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(keys.reduce((sum, k) => sum + k.sealed.length + k.signature.length, 0));
  let at = 0;
  for (const { sealed, signature } of keys) {
    out.set(sealed, at);
    out.set(signature, at + sealed.length);
    at += sealed.length + signature.length;
  }
  return out;
}
