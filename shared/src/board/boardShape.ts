import * as Y from 'yjs';
import { textFields } from './model.ts';

/** The row key a status lives under; the only key a writer may set [BD7]. */
export const STATUS_KEY = 'lastStatus';

/** A root type of a document, as `Y.Doc.share` holds it. */
type Root = NonNullable<ReturnType<Y.Doc['share']['get']>>;

/** Where a writer may put content: a field text, or a row's status. */
export type Place = { kind: 'text'; text: Y.Text } | { kind: 'status'; row: Y.Map<unknown> };

/** The board's `rows` root, read without creating it. */
export function rowsRoot(doc: Y.Doc): Root | undefined {
  return doc.share.get('rows');
}

/** A live row: a map the server put in `rows` under a member id, still that key's value. */
function isRow(type: unknown, rows: Root): type is Y.Map<unknown> {
  if (!(type instanceof Y.Map) || type.constructor !== Y.Map) return false;
  const item = type._item;
  return (
    item !== null &&
    !item.deleted &&
    item.parent === rows &&
    typeof item.parentSub === 'string' &&
    rows._map.get(item.parentSub) === item
  );
}

/** A live field text: a text the server put in a live row under one of `textFields`. */
function isFieldText(type: unknown, rows: Root): type is Y.Text {
  if (!(type instanceof Y.Text) || type.constructor !== Y.Text) return false;
  const item = type._item;
  if (item === null || item.deleted || !(textFields as readonly (string | null)[]).includes(item.parentSub)) {
    return false;
  }
  const row = item.parent;
  return isRow(row, rows) && row._map.get(item.parentSub as string) === item;
}

/**
 * Where an item with this parent and key would go, if a writer may put anything there: characters
 * go in a field text (no key), a status in a row under `lastStatus`. Anything else is no place.
 */
export function placeOf(rows: Root | undefined, parent: unknown, parentSub: string | null): Place | null {
  if (rows === undefined) return null;
  if (parentSub === null && isFieldText(parent, rows)) return { kind: 'text', text: parent };
  if (parentSub === STATUS_KEY && isRow(parent, rows)) return { kind: 'status', row: parent };
  return null;
}

/** The same place: the same field text, or the same row's status. */
export function samePlace(a: Place, b: Place): boolean {
  return a.kind === 'text' ? b.kind === 'text' && a.text === b.text : b.kind === 'status' && a.row === b.row;
}
