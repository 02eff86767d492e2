import * as Y from 'yjs';
import { addRows } from '../../../../shared/src/board/rows.ts';
import { decodeSnapshot, encodeSnapshot } from '../../../../shared/src/board/snapshot.ts';
import { BOARD_MAX_STRUCTS } from '../../../../shared/src/board/rules.ts';
import {
  defaultUpdateLimits,
  snapshotLimits,
  type UpdateLimits,
  type UpdateRefusal,
} from '../../../../shared/src/board/updateLimits.ts';
import { validateUpdate } from '../../../../shared/src/board/validateUpdate.ts';

function storedStructs(doc: Y.Doc): number {
  let count = 0;
  for (const structs of doc.store.clients.values()) count += structs.length;
  return count;
}

/**
 * The board as the relay has carried it, checked: every device makes the rows, and applies a
 * writer's update only after the board's one shape check on this very document [BD7]. The page's
 * own document follows it; nothing reaches the page that did not pass here first.
 */
export class Mirror {
  readonly doc = new Y.Doc();
  /** Every row this copy has, removed members' included: a snapshot names them. */
  readonly #rowIds = new Set<string>();

  constructor(memberIds: Iterable<string>) {
    this.addRows(memberIds);
  }

  /** Adds the rows of members it lacks; the update that did (for the page's document), or null. */
  addRows(memberIds: Iterable<string>): Uint8Array | null {
    const missing = [...memberIds].filter((id) => !this.#rowIds.has(id));
    for (const id of missing) this.#rowIds.add(id);
    return missing.length === 0 ? null : addRows(this.doc, missing);
  }

  /**
   * Applies `update` if it keeps the board's shape and the board stays within its most structs
   * (counted from the store, never by re-encoding); otherwise leaves the board as it was and says why.
   */
  accept(update: Uint8Array, limits: UpdateLimits = defaultUpdateLimits): UpdateRefusal | null {
    const verdict = validateUpdate(this.doc, update, limits);
    if (!verdict.ok) return verdict.reason;
    if (storedStructs(this.doc) + verdict.newStructs > BOARD_MAX_STRUCTS) return 'over-limit';
    Y.applyUpdate(this.doc, update);
    return null;
  }

  /** A writer's snapshot, checked like an update (within a whole board's limits) against a board of its rows alone. */
  load(snapshot: Uint8Array): UpdateRefusal | null {
    const decoded = decodeSnapshot(snapshot);
    if (!decoded) return 'malformed';
    this.addRows(decoded.rowIds);
    return this.accept(decoded.update, snapshotLimits);
  }

  snapshot(): Uint8Array {
    return encodeSnapshot(this.doc, [...this.#rowIds]);
  }

  /** What a document with state vector `vector` lacks. */
  missingFrom(vector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc, vector);
  }

  destroy(): void {
    this.doc.destroy();
  }
}
