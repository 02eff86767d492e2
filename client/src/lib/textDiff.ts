/** One edit that turns a string into another: delete `remove` code units at `index`, then insert `insert`. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single change from `before` to `after`: their common prefix and suffix are kept,
 * the middle is replaced. Indexes are UTF-16 code units, as Y.Text counts them; a change never
 * splits a surrogate pair. Null when the strings are equal.
 *
 * diffText('buy milk', 'buy oat milk') // { index: 4, remove: 0, insert: 'oat ' }
 */
export function diffText(before: string, after: string): TextChange | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Do not end the prefix between the two halves of one character.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) {
    end++;
  }
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return {
    index: start,
    remove: before.length - start - end,
    insert: after.slice(start, after.length - end),
  };
}

/** One step of a Y.Text delta: keep, insert or delete. */
export type DeltaOp = { retain?: number; insert?: unknown; delete?: number };

/**
 * Where a caret at `position` ends up after a remote change, given as a Yjs delta: text inserted
 * before it pushes it right, text deleted before it pulls it left; text inserted exactly at the
 * caret goes after it, so the person typing keeps their place.
 *
 * shiftPosition(5, [{ retain: 2 }, { insert: 'abc' }]) === 8
 */
export function shiftPosition(position: number, delta: readonly DeltaOp[]): number {
  // `at` walks the text as it was before the change, which is what `position` refers to.
  let at = 0;
  let result = position;
  for (const op of delta) {
    if (at >= position) break;
    if (op.retain !== undefined) {
      at += op.retain;
    } else if (op.insert !== undefined) {
      result += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      result -= Math.min(op.delete, position - at);
      at += op.delete;
    }
  }
  return Math.max(0, result);
}
