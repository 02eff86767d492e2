import * as Y from 'yjs';
import { ensureRow, readEntries, replaceText, setStatus, textFields } from '../../../shared/src/board/model.ts';
import { BOARD_TEXT_MAX } from '../../../shared/src/board/rules.ts';

/**
 * A fresh board document holding what `broken` still reads as: every row, its texts and its
 * status, and nothing of its history [BD8]. For a document that Yjs failed on half-way; throws if
 * even reading it fails.
 */
export function rebuildBoard(broken: Y.Doc): Y.Doc {
  const entries = readEntries(broken);
  const fresh = new Y.Doc();
  fresh.transact(() => {
    for (const [memberId, entry] of entries) {
      ensureRow(fresh, memberId);
      for (const field of textFields) replaceText(fresh, memberId, field, entry[field].slice(0, BOARD_TEXT_MAX));
      if (entry.lastStatus !== 'not-reported') setStatus(fresh, memberId, entry.lastStatus);
    }
  });
  return fresh;
}
