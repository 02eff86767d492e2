import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { rowsMap, rowText } from '../../shared/src/board/model.ts';
import { BOARD_TEXT_MAX } from '../../shared/src/board/rules.ts';
import { validateUpdate } from '../../shared/src/board/validateUpdate.ts';
import { copyOf, nestedMapsBomb, rootBombs } from '../helpers/boardAttacks.ts';
import { shapeProblem, textsOf, validated, writerUpdate } from '../helpers/boardDocs.ts';
import {
  busyBoard,
  coherentUpdateArb,
  hostileUpdateArb,
  rowIds,
  structArb,
  targets,
} from '../helpers/hostileUpdates.ts';
import { encodeUpdate, type Ref } from '../helpers/updateBytes.ts';

/** One busy board; each check runs on a copy of it, with the same ids. */
const template = busyBoard();

/** Checks `update` against a copy of the busy board: refused, or applied without harm to the board's shape. */
function refusedOrHarmless(update: Uint8Array, board = copyOf(template)): boolean {
  const texts = textsOf(board, rowIds);
  const verdict = validated(board, update);
  if (!verdict.ok) return false;
  Y.applyUpdate(board, update);
  const problem = shapeProblem(board, rowIds, texts);
  if (problem) throw new Error(`accepted, and then: ${problem}`);
  return true;
}

const holderOf = (board: Y.Doc, memberId: string) => {
  const id = rowText(board, memberId, 'note')!._item!.id;
  return { client: id.client, clock: id.clock };
};

describe('validateUpdate under random and hostile updates', () => {
  it('[BD7] random bytes are refused or harmless, and never make it throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        refusedOrHarmless(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('[BD7] legitimate updates with bytes changed are refused or harmless', () => {
    const board = template;
    const samples = [
      writerUpdate(board, (d) => rowText(d, 'ana', 'note')!.insert(0, 'hello')),
      writerUpdate(board, (d) => rowText(d, 'ana', 'commitment')!.delete(3, 4)),
      writerUpdate(board, (d) => rowsMap(d).get('ben')!.set('lastStatus', 'kept')),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }),
        (sample, flips) => {
          const bytes = Uint8Array.from(sample);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          refusedOrHarmless(bytes);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('[BD7] structs of any kind, aimed anywhere, with any clocks and deletes: refused or harmless', () => {
    fc.assert(
      fc.property(fc.oneof(hostileUpdateArb(template), hostileUpdateArb(template, true)), ({ sections, deletes }) => {
        refusedOrHarmless(encodeUpdate(sections, deletes));
      }),
      { numRuns: 600 },
    );
  });

  it('[BD7] updates a device could nearly have sent: refused or harmless, and many accepted', () => {
    let accepted = 0;
    fc.assert(
      fc.property(coherentUpdateArb(template), (update) => {
        if (refusedOrHarmless(update)) accepted++;
      }),
      { numRuns: 600 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it('[BD7] deep nesting and many roots are refused, at any depth and count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000 }), (n) => {
        const board = copyOf(template);
        expect(validated(board, nestedMapsBomb(n))).toMatchObject({ ok: false });
        expect(validated(board, rootBombs(1, n)[0]!)).toMatchObject({ ok: false });
      }),
      { numRuns: 25 },
    );
  });

  it('[BD7] one forbidden struct among well-shaped ones spoils the update', () => {
    const refs = fc.constantFrom(...targets(template));
    const forbidden = structArb(refs).filter(
      (s) =>
        s.kind !== 'item' ||
        (s.content.kind !== 'string' && s.content.kind !== 'deleted' && s.content.kind !== 'any') ||
        (s.content.kind === 'string' && s.content.text.length === 0) ||
        (s.content.kind === 'deleted' && s.content.length === 0) ||
        (!s.origin && !s.rightOrigin && typeof s.parent === 'string'),
    );
    fc.assert(
      fc.property(fc.nat(3), forbidden, fc.nat(3), (before, poison, after) => {
        const board = copyOf(template);
        const holder = holderOf(board, 'cy');
        const fine = (clock: number) => ({
          kind: 'item' as const,
          origin: clock === 0 ? undefined : { client: 21, clock: clock - 1 },
          parent: clock === 0 ? holder : undefined,
          content: { kind: 'string' as const, text: 'a' },
        });
        const structs = [
          ...Array.from({ length: before }, (_, i) => fine(i)),
          poison,
          ...Array.from({ length: after }, () => fine(0)),
        ];
        expect(validated(board, encodeUpdate([{ client: 21, clock: 0, structs }]))).toMatchObject({ ok: false });
      }),
      { numRuns: 300 },
    );
  });

  it('[BD7] far-future and zero-length structs, deletes of rows and fields, and texts past the limit are refused', () => {
    const rowAndFieldItems: Ref[] = [];
    rowsMap(template).forEach((row) => {
      const id = row._item!.id;
      rowAndFieldItems.push({ client: id.client, clock: id.clock });
      row._map.forEach((item, key) => {
        if (key !== 'lastStatus') rowAndFieldItems.push({ client: item.id.client, clock: item.id.clock });
      });
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.constantFrom(...rowAndFieldItems),
        fc.integer({ min: BOARD_TEXT_MAX + 1, max: 5_000 }),
        fc.constantFrom(...rowIds),
        (ahead, target, length, memberId) => {
          const board = copyOf(template);
          const holder = holderOf(board, memberId);
          const state = Y.getState(board.store, holder.client);
          const item = (text: string) => ({
            kind: 'item' as const,
            parent: holder,
            content: { kind: 'string' as const, text },
          });
          expect(
            validated(board, encodeUpdate([{ client: holder.client, clock: state + ahead, structs: [item('x')] }])),
          ).toEqual({ ok: false, reason: 'not-integrable' });
          expect(validated(board, encodeUpdate([{ client: 31, clock: 0, structs: [item('x'), item('')] }]))).toEqual({
            ok: false,
            reason: 'malformed',
          });
          expect(validated(board, encodeUpdate([], [{ client: target.client, ranges: [[target.clock, 1]] }]))).toEqual({
            ok: false,
            reason: 'wrong-delete',
          });
          const long = writerUpdate(board, (d) =>
            rowText(d, memberId, 'lastCommitment')!.insert(0, 'x'.repeat(length)),
          );
          expect(validated(board, long)).toEqual({ ok: false, reason: 'text-too-long' });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('[BD7] a board with no rows accepts nothing but an empty update, and validating never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const verdict = validateUpdate(new Y.Doc(), bytes);
        expect(!verdict.ok || verdict.newStructs === 0).toBe(true);
      }),
    );
  });
});
