import * as Y from 'yjs';
import { commitmentStatuses, ensureRow, textFields } from '../../shared/src/board/model.ts';
import { BOARD_TEXT_MAX } from '../../shared/src/board/rules.ts';
import { validateUpdate, type UpdateVerdict } from '../../shared/src/board/validateUpdate.ts';
import { copyOf } from './boardAttacks.ts';

/** A server's board with these rows, as `BoardHub` makes them. */
export function serverBoard(memberIds: readonly string[]): Y.Doc {
  const doc = new Y.Doc();
  for (const id of memberIds) ensureRow(doc, id);
  return doc;
}

/** What a writer's device sends for `edit`, made on a copy of `board`: one update per transaction, merged. */
export function writerUpdate(board: Y.Doc, edit: (device: Y.Doc) => void): Uint8Array {
  const device = copyOf(board);
  const updates: Uint8Array[] = [];
  device.on('update', (update: Uint8Array) => updates.push(update));
  edit(device);
  device.destroy();
  return Y.mergeUpdates(updates);
}

/** Validates, and fails if validating changed the document in any way. */
export function validated(board: Y.Doc, update: Uint8Array): UpdateVerdict {
  const before = Y.encodeStateAsUpdate(board);
  const roots = [...board.share.keys()];
  const verdict = validateUpdate(board, update);
  if (!equalBytes(before, Y.encodeStateAsUpdate(board)) || roots.join() !== [...board.share.keys()].join()) {
    throw new Error('validating changed the document');
  }
  return verdict;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Why `doc` is not in the board's one shape, or null: one root `rows`, the same rows as before,
 * each a map of a known status (or none) and the same three texts, none past BOARD_TEXT_MAX,
 * nothing kept pending.
 */
export function shapeProblem(doc: Y.Doc, rowIds: readonly string[], texts: ReadonlyMap<string, Y.Text>): string | null {
  if ([...doc.share.keys()].join() !== 'rows') return `roots: ${[...doc.share.keys()].join()}`;
  if (doc.store.pendingStructs || doc.store.pendingDs) return 'pending structs';
  const rows = doc.getMap<unknown>('rows');
  if ([...rows.keys()].sort().join() !== [...rowIds].sort().join()) return `rows: ${[...rows.keys()].join()}`;
  for (const id of rowIds) {
    const row = rows.get(id);
    if (!(row instanceof Y.Map)) return `row ${id} is not a map`;
    const keys = [...row.keys()].sort().join();
    if (keys !== [...textFields, 'lastStatus'].sort().join() && keys !== [...textFields].sort().join()) {
      return `row ${id} keys: ${keys}`;
    }
    const status = row.get('lastStatus');
    if (status !== undefined && !(commitmentStatuses as readonly unknown[]).includes(status)) return `status ${status}`;
    for (const field of textFields) {
      const text = row.get(field);
      if (text !== texts.get(`${id}/${field}`)) return `${id}/${field} replaced`;
      if (!(text instanceof Y.Text)) return `${id}/${field} is not a text`;
      if (text.length > BOARD_TEXT_MAX) return `${id}/${field} is ${text.length} long`;
      if (
        text
          .toDelta()
          .some((op: { insert: unknown; attributes?: unknown }) => typeof op.insert !== 'string' || op.attributes)
      ) {
        return `${id}/${field} holds embeds or formats`;
      }
    }
  }
  return null;
}

/** The texts of every row, to check later that none was replaced. */
export function textsOf(doc: Y.Doc, rowIds: readonly string[]): Map<string, Y.Text> {
  const texts = new Map<string, Y.Text>();
  const rows = doc.getMap<Y.Map<unknown>>('rows');
  for (const id of rowIds)
    for (const field of textFields) texts.set(`${id}/${field}`, rows.get(id)!.get(field) as Y.Text);
  return texts;
}
