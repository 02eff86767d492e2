import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** The y-websocket messages the relay socket exchanges with the stock provider on this device. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

export type ProviderMessage =
  /** The provider's state vector: it asks for what it lacks. */
  | { kind: 'step1'; vector: Uint8Array }
  /** An edit of the page's document (a sync step 2 or an update alike). */
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array };

/** What the provider sent, or null for what the board has no use for. */
export function readProviderMessage(message: Uint8Array): ProviderMessage | null {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_SYNC) {
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    return step === syncProtocol.messageYjsSyncStep1
      ? { kind: 'step1', vector: payload }
      : { kind: 'update', update: payload };
  }
  if (type === MESSAGE_AWARENESS) return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
  return null;
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** The answer to the provider's step 1: what its document lacks. */
export const stepTwoMessage = (missing: Uint8Array): Uint8Array =>
  syncMessage(syncProtocol.messageYjsSyncStep2, missing);

/** An update for the page's document. */
export const updateMessage = (update: Uint8Array): Uint8Array => syncMessage(syncProtocol.messageYjsUpdate, update);

/** Asks the provider for what its document has that `doc` lacks: edits made offline. */
export function stepOneMessage(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(entries: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, entries);
  return encoding.toUint8Array(encoder);
}
