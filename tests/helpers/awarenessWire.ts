import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const MESSAGE_AWARENESS = 1;

/** One client's awareness entry as y-protocols encodes it: its id, its clock, its state as JSON. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** A y-websocket awareness message carrying these entries, as a device would send it. */
export function awarenessMessage(entries: readonly AwarenessEntry[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

/** The entries of an awareness message from the server; null for any other kind of message. */
export function readAwarenessMessage(message: Uint8Array): AwarenessEntry[] | null {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return null;
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const count = decoding.readVarUint(update);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(update);
    const clock = decoding.readVarUint(update);
    entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(update)) });
  }
  return entries;
}
