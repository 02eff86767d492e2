import * as Y from 'yjs';
import { ensureRow } from './model.ts';

/**
 * Rows without a server. Every device makes each member's row itself, and makes it identically:
 * in a scratch document whose client id is the member's (`rowClientId`), so the row's structs
 * have the same ids and content on every device and no frame ever carries a row. A writer's text
 * then lands in fields every device already has, which is the one shape `validateUpdate` accepts.
 */

/** FNV-1a over the member id's UTF-16 units, as an unsigned 32-bit Yjs client id. */
export function rowClientId(memberId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < memberId.length; i++) {
    hash ^= memberId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The update that makes `memberId`'s row, the same bytes on every device. */
export function rowUpdate(memberId: string): Uint8Array {
  const scratch = new Y.Doc();
  scratch.clientID = rowClientId(memberId);
  ensureRow(scratch, memberId);
  const update = Y.encodeStateAsUpdate(scratch);
  scratch.destroy();
  return update;
}

/** How many structs (clock ticks) one row takes under its own client id. */
export const ROW_CLOCKS = (() => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, rowUpdate('probe'));
  const clocks = Y.getState(doc.store, rowClientId('probe'));
  doc.destroy();
  return clocks;
})();

/** Adds the rows `doc` lacks; returns the update that added them (to pass on), or null if none was missing. */
export function addRows(doc: Y.Doc, memberIds: Iterable<string>, origin: unknown = null): Uint8Array | null {
  const updates: Uint8Array[] = [];
  for (const memberId of memberIds) {
    if (Y.getState(doc.store, rowClientId(memberId)) >= ROW_CLOCKS) continue;
    updates.push(rowUpdate(memberId));
  }
  const update = updates.length > 1 ? Y.mergeUpdates(updates) : updates[0];
  if (!update) return null;
  Y.applyUpdate(doc, update, origin);
  return update;
}

/** The state vector of the rows alone: what a snapshot leaves out, because every device makes it. */
export function rowsStateVector(memberIds: Iterable<string>): Uint8Array {
  const vector = new Map<number, number>();
  for (const memberId of memberIds) vector.set(rowClientId(memberId), ROW_CLOCKS);
  return Y.encodeStateVector(vector);
}
