import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** One device's awareness as y-protocols encodes it: its client id, clock and state as JSON text. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/** An awareness frame says who a device is and where it types: a few hundred bytes at most. */
export const MAX_AWARENESS_STATE_CHARS = 1024;
const MAX_ENTRIES = 8;

/** The entries of a y-protocols awareness update; null when it is not one or is too big. Never throws. */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_ENTRIES) return null;
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      if (state.length > MAX_AWARENESS_STATE_CHARS) return null;
      entries.push({ clientId, clock, state });
    }
    return decoding.hasContent(decoder) ? null : entries;
  } catch {
    return null;
  }
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Whether an awareness state may come from `memberId`'s device: gone (null), or an object naming
 * that member. A device cannot speak for someone else's.
 */
export function stateIsFrom(state: string, memberId: string): boolean {
  try {
    const value: unknown = JSON.parse(state);
    if (value === null) return true;
    return typeof value === 'object' && (value as { memberId?: unknown }).memberId === memberId;
  } catch {
    return false;
  }
}
