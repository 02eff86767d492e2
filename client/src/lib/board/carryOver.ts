import * as Y from 'yjs';
import { readEntries, replaceText, setStatus, textFields } from '../../../../shared/src/board/model.ts';
import { addRows } from '../../../../shared/src/board/rows.ts';

/**
 * The board's words as updates of a fresh document with the rows of `memberIds` only: what a new
 * epoch starts from. One update per row, each well inside a frame, each checked on every device
 * like any writer's edit. Rows of members no longer in the room are left behind with the old key.
 */
export function carryOver(board: Y.Doc, memberIds: readonly string[]): Uint8Array[] {
  const entries = readEntries(board);
  const fresh = new Y.Doc();
  addRows(fresh, memberIds);
  const updates: Uint8Array[] = [];
  fresh.on('update', (update: Uint8Array) => updates.push(update));
  for (const memberId of memberIds) {
    const entry = entries.get(memberId);
    if (!entry) continue;
    fresh.transact(() => {
      for (const field of textFields) if (entry[field]) replaceText(fresh, memberId, field, entry[field]);
      if (entry.lastStatus !== 'not-reported') setStatus(fresh, memberId, entry.lastStatus);
    });
  }
  fresh.destroy();
  return updates;
}
