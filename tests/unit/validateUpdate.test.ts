import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText, rowText, rowsMap, setStatus } from '../../shared/src/board/model.ts';
import { BOARD_TEXT_MAX } from '../../shared/src/board/rules.ts';
import { defaultUpdateLimits } from '../../shared/src/board/updateLimits.ts';
import { validateUpdate } from '../../shared/src/board/validateUpdate.ts';
import { copyOf, nestedMapsBomb, rootBombs, tombstones } from '../helpers/boardAttacks.ts';
import { serverBoard, validated, writerUpdate } from '../helpers/boardDocs.ts';
import { encodeUpdate, type Ref, type StructSpec, withDeletes } from '../helpers/updateBytes.ts';

/** A board with two rows and some text and a status already on it, as a session leaves it. */
function busyBoard(): Y.Doc {
  const board = serverBoard(['ana', 'ben']);
  for (const update of [
    writerUpdate(board, (d) => replaceText(d, 'ana', 'commitment', 'Leave by 7:30')),
    writerUpdate(board, (d) => setStatus(d, 'ana', 'kept')),
    writerUpdate(board, (d) => replaceText(d, 'ben', 'note', 'pager')),
  ]) {
    Y.applyUpdate(board, update);
  }
  return board;
}

const refOf = (id: Y.ID): Ref => ({ client: id.client, clock: id.clock });
const textHolder = (board: Y.Doc, memberId: string, field: 'commitment' | 'note' = 'note') =>
  refOf(rowText(board, memberId, field)!._item!.id);
const rowHolder = (board: Y.Doc, memberId: string) => refOf(rowsMap(board).get(memberId)!._item!.id);
const statusItem = (board: Y.Doc, memberId: string) => rowsMap(board).get(memberId)!._map.get('lastStatus')!;
const item = (spec: Omit<Extract<StructSpec, { kind: 'item' }>, 'kind'>): StructSpec => ({ kind: 'item', ...spec });
const text = (value: string) => ({ kind: 'string' as const, text: value });
const fresh = 7_777;

describe("validateUpdate: what a writer's device sends passes", () => {
  it("[BD7] typing, replacing, setting a status, and the text binding's delete + insert", () => {
    const board = busyBoard();
    for (const update of [
      writerUpdate(board, (d) => rowText(d, 'ben', 'note')!.insert(5, ' issues')),
      writerUpdate(board, (d) => replaceText(d, 'ana', 'commitment', 'Two tech-free dinners')),
      writerUpdate(board, (d) => setStatus(d, 'ana', 'half-kept')),
      writerUpdate(board, (d) => setStatus(d, 'ben', 'failed')),
      writerUpdate(board, (d) => {
        const t = rowText(d, 'ana', 'commitment')!;
        d.transact(() => {
          t.delete(2, 4);
          t.insert(2, 'xyz');
        });
      }),
    ]) {
      expect(validated(board, update)).toMatchObject({ ok: true });
      Y.applyUpdate(board, update);
    }
  });

  it('[BD7] a full field replaced by another full field; an insert deleted in the same update', () => {
    const board = busyBoard();
    const full = writerUpdate(board, (d) => replaceText(d, 'ana', 'note', 'a'.repeat(BOARD_TEXT_MAX)));
    expect(validated(board, full)).toMatchObject({ ok: true });
    Y.applyUpdate(board, full);
    expect(
      validated(
        board,
        writerUpdate(board, (d) => replaceText(d, 'ana', 'note', 'b'.repeat(BOARD_TEXT_MAX))),
      ),
    ).toMatchObject({ ok: true });
    const typedAndGone = writerUpdate(board, (d) =>
      d.transact(() => {
        const t = rowText(d, 'ben', 'note')!;
        t.insert(0, 'c'.repeat(BOARD_TEXT_MAX));
        t.delete(0, BOARD_TEXT_MAX);
      }),
    );
    expect(validated(board, typedAndGone)).toMatchObject({ ok: true });
  });

  it("[BD7] a reconnecting device's sync step 2, against an old state vector, with the whole delete set", () => {
    const board = busyBoard();
    const device = copyOf(board);
    const stale = Y.encodeStateVector(board);
    const updates: Uint8Array[] = [];
    device.on('update', (u: Uint8Array) => updates.push(u));
    replaceText(device, 'ben', 'note', 'typed while online');
    for (const u of updates) Y.applyUpdate(board, u);
    replaceText(device, 'ben', 'commitment', 'typed offline');
    setStatus(device, 'ben', 'kept');
    const step2 = Y.encodeStateAsUpdate(device, stale);
    expect(validated(board, step2)).toMatchObject({ ok: true });
  });
});

describe('validateUpdate: anything else is refused, and the document is not touched', () => {
  it('[BD7] root-level items, and items straight in rows (only the server makes rows)', () => {
    const board = busyBoard();
    expect(validated(board, rootBombs(1, 10)[0]!)).toEqual({ ok: false, reason: 'wrong-place' });
    const inRows = encodeUpdate([
      {
        client: fresh,
        clock: 0,
        structs: [item({ parent: 'rows', parentSub: 'x', content: { kind: 'any', values: ['kept'] } })],
      },
    ]);
    expect(validated(board, inRows)).toEqual({ ok: false, reason: 'wrong-place' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) => d.getText('other').insert(0, 'x')),
      ),
    ).toEqual({ ok: false, reason: 'wrong-place' });
  });

  it('[BD7] new types of every kind, nested or not, and whole nests of them', () => {
    const board = busyBoard();
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowsMap(d).set('ghost', new Y.Map())),
      ),
    ).toEqual({ ok: false, reason: 'wrong-content' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowsMap(d).get('ana')!.set('extra', new Y.Array())),
      ),
    ).toEqual({ ok: false, reason: 'wrong-content' });
    for (let typeRef = 0; typeRef <= 6; typeRef++) {
      const update = encodeUpdate([
        {
          client: fresh,
          clock: 0,
          structs: [item({ parent: textHolder(board, 'ana'), content: { kind: 'type', typeRef } })],
        },
      ]);
      expect(validated(board, update)).toEqual({ ok: false, reason: 'wrong-content' });
    }
    expect(validated(board, nestedMapsBomb(50))).toMatchObject({ ok: false });
  });

  it('[BD7] formats, embeds, binary, JSON and sub-documents', () => {
    const board = busyBoard();
    const holder = textHolder(board, 'ana');
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowText(d, 'ana', 'note')!.insert(0, 'b', { bold: true })),
      ),
    ).toEqual({ ok: false, reason: 'wrong-content' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowText(d, 'ana', 'note')!.insertEmbed(0, { image: 'x' })),
      ),
    ).toEqual({ ok: false, reason: 'wrong-content' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) =>
          rowsMap(d)
            .get('ana')!
            .set('lastStatus', new Uint8Array([1])),
        ),
      ),
    ).toEqual({ ok: false, reason: 'wrong-content' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowsMap(d).get('ana')!.set('lastStatus', new Y.Doc())),
      ),
    ).toEqual({ ok: false, reason: 'wrong-content' });
    const json = encodeUpdate([
      { client: fresh, clock: 0, structs: [item({ parent: holder, content: { kind: 'json', values: ['x'] } })] },
    ]);
    expect(validated(board, json)).toEqual({ ok: false, reason: 'wrong-content' });
  });

  it('[BD7] a status that is not one of the four, not one string, or under another key', () => {
    const board = busyBoard();
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowsMap(d).get('ana')!.set('lastStatus', 'great')),
      ),
    ).toEqual({ ok: false, reason: 'wrong-content' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowsMap(d).get('ana')!.set('lastStatus', 3)),
      ),
    ).toEqual({ ok: false, reason: 'wrong-content' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowsMap(d).get('ana')!.set('note', 'kept')),
      ),
    ).toEqual({ ok: false, reason: 'wrong-place' });
    const two = encodeUpdate([
      {
        client: fresh,
        clock: 0,
        structs: [
          item({ origin: refOf(statusItem(board, 'ana').id), content: { kind: 'any', values: ['kept', 'failed'] } }),
        ],
      },
    ]);
    expect(validated(board, two)).toEqual({ ok: false, reason: 'wrong-content' });
    const textAsStatus = encodeUpdate([
      {
        client: fresh,
        clock: 0,
        structs: [item({ origin: refOf(statusItem(board, 'ana').id), content: text('kept') })],
      },
    ]);
    expect(validated(board, textAsStatus)).toEqual({ ok: false, reason: 'wrong-content' });
  });

  it("[BD7] zero lengths, a client's structs in two places, trailing bytes, random bytes", () => {
    const board = busyBoard();
    const holder = textHolder(board, 'ana');
    const zero = encodeUpdate([{ client: fresh, clock: 0, structs: [item({ parent: holder, content: text('') })] }]);
    expect(validated(board, zero)).toEqual({ ok: false, reason: 'malformed' });
    const zeroDeleted = encodeUpdate([
      { client: fresh, clock: 0, structs: [item({ parent: holder, content: { kind: 'deleted', length: 0 } })] },
    ]);
    expect(validated(board, zeroDeleted)).toEqual({ ok: false, reason: 'malformed' });
    const ok = writerUpdate(board, (d) => rowText(d, 'ana', 'note')!.insert(0, 'x'));
    const zeroRange = encodeUpdate([], [{ client: holder.client, ranges: [[0, 0]] }]);
    expect(validated(board, zeroRange)).toEqual({ ok: false, reason: 'malformed' });
    const twice = encodeUpdate([
      { client: fresh, clock: 0, structs: [item({ parent: holder, content: text('a') })] },
      { client: fresh, clock: 1, structs: [item({ parent: holder, content: text('b') })] },
    ]);
    expect(validated(board, twice)).toEqual({ ok: false, reason: 'malformed' });
    expect(validated(board, Uint8Array.of(...ok, 0))).toEqual({ ok: false, reason: 'malformed' });
    expect(validated(board, ok.subarray(0, ok.length - 2))).toEqual({ ok: false, reason: 'malformed' });
    expect(validated(board, Uint8Array.of(1, 200, 1, 2, 3))).toMatchObject({ ok: false });
  });

  it('[BD7] far-future structs, Skips, GC, and references to ids that exist nowhere or only later', () => {
    const board = busyBoard();
    const holder = textHolder(board, 'ana');
    const future = encodeUpdate([
      { client: fresh, clock: 1_000_000, structs: [item({ parent: holder, content: text('x') })] },
    ]);
    expect(validated(board, future)).toEqual({ ok: false, reason: 'not-integrable' });
    const known = holder.client;
    const gap = encodeUpdate([
      {
        client: known,
        clock: Y.getState(board.store, known) + 1,
        structs: [item({ parent: holder, content: text('x') })],
      },
    ]);
    expect(validated(board, gap)).toEqual({ ok: false, reason: 'not-integrable' });
    const skip = encodeUpdate([{ client: fresh, clock: 0, structs: [{ kind: 'skip', length: 5 }] }]);
    expect(validated(board, skip)).toEqual({ ok: false, reason: 'not-integrable' });
    const gc = encodeUpdate([{ client: fresh, clock: 0, structs: [{ kind: 'gc', length: 5 }] }]);
    expect(validated(board, gc)).toEqual({ ok: false, reason: 'wrong-content' });
    const nowhere = encodeUpdate([
      { client: fresh, clock: 0, structs: [item({ origin: { client: 99, clock: 5 }, content: text('x') })] },
    ]);
    expect(validated(board, nowhere)).toEqual({ ok: false, reason: 'not-integrable' });
    const later = encodeUpdate([
      { client: fresh, clock: 0, structs: [item({ origin: { client: fresh + 1, clock: 0 }, content: text('x') })] },
      { client: fresh + 1, clock: 0, structs: [item({ parent: holder, content: text('y') })] },
    ]);
    expect(validated(board, later)).toEqual({ ok: false, reason: 'not-integrable' });
    const itself = encodeUpdate([
      {
        client: fresh,
        clock: 0,
        structs: [
          item({ parent: holder, content: text('ab') }),
          item({ origin: { client: fresh, clock: 2 }, content: text('c') }),
        ],
      },
    ]);
    expect(validated(board, itself)).toEqual({ ok: false, reason: 'not-integrable' });
    const pastCeiling = encodeUpdate([
      { client: fresh, clock: 0, structs: [item({ parent: holder, content: { kind: 'deleted', length: 2 ** 33 } })] },
    ]);
    expect(validated(board, pastCeiling)).toEqual({ ok: false, reason: 'not-integrable' });
  });

  it('[BD7] deletes of rows, fields, the current status, or ids the board does not have', () => {
    const board = busyBoard();
    const del = (ref: Ref, length = 1) => encodeUpdate([], [{ client: ref.client, ranges: [[ref.clock, length]] }]);
    expect(validated(board, del(rowHolder(board, 'ana')))).toEqual({ ok: false, reason: 'wrong-delete' });
    expect(validated(board, del(textHolder(board, 'ana')))).toEqual({ ok: false, reason: 'wrong-delete' });
    expect(validated(board, del(refOf(statusItem(board, 'ana').id)))).toEqual({ ok: false, reason: 'wrong-delete' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowsMap(d).delete('ana')),
      ),
    ).toEqual({ ok: false, reason: 'wrong-delete' });
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowsMap(d).get('ana')!.delete('note')),
      ),
    ).toEqual({ ok: false, reason: 'wrong-delete' });
    expect(validated(board, del({ client: 99, clock: 0 }))).toEqual({ ok: false, reason: 'wrong-delete' });
    const end = Y.getState(board.store, textHolder(board, 'ana').client);
    expect(validated(board, del({ client: textHolder(board, 'ana').client, clock: end - 1 }, 5))).toEqual({
      ok: false,
      reason: 'wrong-delete',
    });
  });

  it('[BD7] a field longer than BOARD_TEXT_MAX, however the deletes are counted', () => {
    const board = busyBoard();
    expect(
      validated(
        board,
        writerUpdate(board, (d) => rowText(d, 'ben', 'commitment')!.insert(0, 'x'.repeat(BOARD_TEXT_MAX + 1))),
      ),
    ).toEqual({ ok: false, reason: 'text-too-long' });
    // 13 characters there and 995 typed, less the same 5 deleted a hundred times over, make 1,003.
    const commitment = rowText(board, 'ana', 'commitment')!;
    const first = commitment._start!.id;
    const grow = writerUpdate(board, (d) => rowText(d, 'ana', 'commitment')!.insert(13, 'y'.repeat(995)));
    // Written by hand: Y.mergeUpdates would fold the repeated ranges into one.
    const repeated = Array.from({ length: 100 }, () => [first.clock, 5] as [number, number]);
    const merged = withDeletes(grow, [{ client: first.client, ranges: repeated }]);
    expect(validated(board, merged)).toEqual({ ok: false, reason: 'text-too-long' });
  });

  it('[BD7] anchors out of order, or in different places', () => {
    const board = busyBoard();
    const commitment = rowText(board, 'ana', 'commitment')!;
    const first = refOf(commitment._start!.id);
    const reversed = encodeUpdate([
      {
        client: fresh,
        clock: 0,
        structs: [
          item({
            origin: { client: first.client, clock: first.clock + 5 },
            rightOrigin: { client: first.client, clock: first.clock + 2 },
            content: text('x'),
          }),
        ],
      },
    ]);
    expect(validated(board, reversed)).toEqual({ ok: false, reason: 'wrong-place' });
    // Across items: the right origin is an item before the origin's.
    Y.applyUpdate(
      board,
      writerUpdate(board, (d) => rowText(d, 'ana', 'commitment')!.insert(5, ' x')),
    );
    const last = refOf(commitment._start!.right!.right!.id);
    const backwards = encodeUpdate([
      { client: fresh, clock: 0, structs: [item({ origin: last, rightOrigin: first, content: text('x') })] },
    ]);
    expect(validated(board, backwards)).toEqual({ ok: false, reason: 'wrong-place' });
    const note = refOf(rowText(board, 'ben', 'note')!._start!.id);
    const straddling = encodeUpdate([
      { client: fresh, clock: 0, structs: [item({ origin: first, rightOrigin: note, content: text('x') })] },
    ]);
    expect(validated(board, straddling)).toEqual({ ok: false, reason: 'wrong-place' });
  });

  it('[BD7] more structs or delete ranges than one update may carry; a placement that would scan too far', () => {
    const board = busyBoard();
    const holder = textHolder(board, 'ana');
    const many = encodeUpdate([
      {
        client: fresh,
        clock: 0,
        structs: Array.from({ length: defaultUpdateLimits.maxStructs + 1 }, () =>
          item({ parent: holder, content: { kind: 'deleted', length: 1 } }),
        ),
      },
    ]);
    expect(validated(board, many)).toEqual({ ok: false, reason: 'over-limit' });
    const ranges = encodeUpdate(
      [],
      [
        {
          client: holder.client,
          ranges: Array.from({ length: defaultUpdateLimits.maxDeleteRanges + 1 }, () => [0, 1] as [number, number]),
        },
      ],
    );
    expect(validated(board, ranges)).toEqual({ ok: false, reason: 'over-limit' });
    // A text of many tombstones, then items that each make Yjs walk all of it.
    for (let i = 0; i < 4; i++) Y.applyUpdate(board, tombstones(board, 'ana', 1_900));
    const walkers = encodeUpdate([
      {
        client: fresh,
        clock: 0,
        structs: Array.from({ length: 50 }, () =>
          item({ parent: refOf(rowText(board, 'ana', 'lastCommitment')!._item!.id), content: text('w') }),
        ),
      },
    ]);
    expect(validated(board, walkers)).toEqual({ ok: false, reason: 'over-limit' });
  });

  it('[BD7] a board that already keeps structs waiting accepts nothing more', () => {
    const board = busyBoard();
    Y.applyUpdate(
      board,
      encodeUpdate([
        { client: fresh, clock: 5, structs: [item({ parent: textHolder(board, 'ana'), content: text('x') })] },
      ]),
    );
    expect(board.store.pendingStructs).not.toBeNull();
    expect(
      validateUpdate(
        board,
        writerUpdate(board, (d) => setStatus(d, 'ana', 'failed')),
      ),
    ).toEqual({ ok: false, reason: 'not-integrable' });
  });
});
