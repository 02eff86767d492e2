import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DeltaOp, diffText, shiftPosition } from '../../client/src/lib/textDiff.ts';

function applyChange(before: string, after: string): string {
  const change = diffText(before, after);
  if (!change) return before;
  return before.slice(0, change.index) + change.insert + before.slice(change.index + change.remove);
}

const isLone = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('the board’s text binding: smallest edits and carets [BD3]', () => {
  it('[BD3] finds the one changed middle of two strings', () => {
    expect(diffText('buy milk', 'buy oat milk')).toEqual({ index: 4, remove: 0, insert: 'oat ' });
    expect(diffText('leave by 7:30', 'leave by 7')).toEqual({ index: 10, remove: 3, insert: '' });
    expect(diffText('same', 'same')).toBeNull();
  });

  it('[BD3] never splits a surrogate pair: emoji stay whole in what is removed and inserted', () => {
    // 😀 and 😁 share their high surrogate; a naive prefix would end between the two halves.
    const change = diffText('a😀b', 'a😁b');
    expect(change).toEqual({ index: 1, remove: 2, insert: '😁' });
    expect(diffText('😀', '😀😀')).toEqual({ index: 2, remove: 0, insert: '😀' });
  });

  it('[BD3] for any two strings, applying the change gives the second, and no half of a character is cut', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (before, after) => {
        expect(applyChange(before, after)).toBe(after);
        const change = diffText(before, after);
        if (change) {
          expect(isLone(change.insert)).toBe(false);
          expect(isLone(before.slice(change.index, change.index + change.remove))).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('[BD3] a caret moves with remote text inserted or deleted before it, and stays put for text after it', () => {
    expect(shiftPosition(5, [{ retain: 2 }, { insert: 'abc' }])).toBe(8);
    expect(shiftPosition(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(shiftPosition(2, [{ retain: 4 }, { insert: 'zz' }])).toBe(2);
    // Text typed elsewhere at exactly the caret goes after it: the person typing keeps their place.
    expect(shiftPosition(3, [{ retain: 3 }, { insert: 'x' }])).toBe(3);
    // A deletion that spans the caret pulls it to where the deletion began.
    expect(shiftPosition(4, [{ retain: 2 }, { delete: 5 }])).toBe(2);
  });

  it('[BD3] follows the text around it for any remote edit Y.Text reports', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 5 }),
        (text, caretSeed, atSeed, removeSeed, insert) => {
          const doc = new Y.Doc();
          const ytext = doc.getText('t');
          ytext.insert(0, text);
          const caret = caretSeed % (text.length + 1);
          const at = atSeed % (text.length + 1);
          const remove = removeSeed % (text.length - at + 1);
          let delta: DeltaOp[] = [];
          ytext.observe((event) => {
            delta = event.delta as DeltaOp[];
          });
          doc.transact(() => {
            if (remove > 0) ytext.delete(at, remove);
            if (insert) ytext.insert(at, insert);
          });
          const moved = shiftPosition(caret, delta);
          if (caret <= at) expect(moved).toBe(caret);
          else if (caret > at + remove) expect(moved).toBe(caret - remove + insert.length);
          // A caret inside replaced text lands at either end of the replacement.
          else expect([at, at + insert.length]).toContain(moved);
          expect(moved).toBeLessThanOrEqual(ytext.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});
