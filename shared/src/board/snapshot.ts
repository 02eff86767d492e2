import * as Y from 'yjs';
import { rowsStateVector } from './rows.ts';

/** The most row ids a snapshot names (its count is one byte): a room's members and those removed this epoch. */
export const MAX_SNAPSHOT_ROWS = 255;
const MAX_ID_BYTES = 64;

/**
 * A writer's snapshot of the board: the ids of the rows it has (each device makes those itself,
 * see rows.ts), then the Yjs update of everything else. The rows travel as ids because a removed
 * member's row is no longer in anyone's roster while the epoch lasts, yet text in it is.
 *
 * Layout: u8 row count | per row: u8 length, UTF-8 member id | update (Yjs V1).
 */
export function encodeSnapshot(doc: Y.Doc, rowIds: readonly string[]): Uint8Array {
  if (rowIds.length > MAX_SNAPSHOT_ROWS) throw new RangeError(`a snapshot names at most ${MAX_SNAPSHOT_ROWS} rows`);
  const ids = rowIds.map((id) => new TextEncoder().encode(id));
  const update = Y.encodeStateAsUpdate(doc, rowsStateVector(rowIds));
  let size = 1 + update.length;
  for (const id of ids) size += 1 + id.length;
  const out = new Uint8Array(size);
  out[0] = ids.length;
  let at = 1;
  for (const id of ids) {
    out[at++] = id.length;
    out.set(id, at);
    at += id.length;
  }
  out.set(update, at);
  return out;
}

/** The row ids and update of a snapshot, or null when it is not one. Never throws. */
export function decodeSnapshot(bytes: Uint8Array): { rowIds: string[]; update: Uint8Array } | null {
  const count = bytes[0];
  if (count === undefined || count > MAX_SNAPSHOT_ROWS) return null;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const rowIds: string[] = [];
  let at = 1;
  try {
    for (let i = 0; i < count; i++) {
      const length = bytes[at++];
      if (length === undefined || length === 0 || length > MAX_ID_BYTES || at + length > bytes.length) return null;
      rowIds.push(decoder.decode(bytes.subarray(at, at + length)));
      at += length;
    }
  } catch {
    return null;
  }
  return { rowIds, update: bytes.subarray(at) };
}
