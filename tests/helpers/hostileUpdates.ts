import fc from 'fast-check';
import * as Y from 'yjs';
import { replaceText, rowsMap, rowText, setStatus, textFields } from '../../shared/src/board/model.ts';
import { serverBoard, writerUpdate } from './boardDocs.ts';
import {
  type ContentSpec,
  type DeleteSpec,
  encodeUpdate,
  type Ref,
  type SectionSpec,
  type StructSpec,
} from './updateBytes.ts';

export const rowIds = ['ana', 'ben', 'cy'] as const;

/** A board after a little of a session: some text in some fields, statuses set twice. */
export function busyBoard(): Y.Doc {
  const board = serverBoard(rowIds);
  const edits: ((d: Y.Doc) => void)[] = [
    (d) => replaceText(d, 'ana', 'commitment', 'Leave by 7:30 twice'),
    (d) => replaceText(d, 'ben', 'note', 'pager issues'),
    (d) => rowText(d, 'ana', 'commitment')!.insert(5, ' the ward'),
    (d) => setStatus(d, 'ana', 'kept'),
    (d) => setStatus(d, 'ana', 'failed'),
    (d) => rowText(d, 'ben', 'note')!.delete(0, 6),
  ];
  for (const edit of edits) Y.applyUpdate(board, writerUpdate(board, edit));
  return board;
}

const refOf = (id: Y.ID): Ref => ({ client: id.client, clock: id.clock });

/** Ids a hostile writer would aim at: rows, fields, characters (live and deleted), statuses. */
export function targets(board: Y.Doc): Ref[] {
  const refs: Ref[] = [];
  rowsMap(board).forEach((row) => {
    refs.push(refOf(row._item!.id));
    for (let status = row._map.get('lastStatus') ?? null; status; status = status.left) refs.push(refOf(status.id));
    for (const field of textFields) {
      const text = row.get(field) as Y.Text;
      refs.push(refOf(text._item!.id));
      for (let char = text._start; char; char = char.right) {
        refs.push(refOf(char.id), { client: char.id.client, clock: char.id.clock + char.length - 1 });
      }
    }
  });
  return refs;
}

const statuses = ['not-reported', 'kept', 'half-kept', 'failed'];

export function contentArb(): fc.Arbitrary<ContentSpec> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ kind: 'string' as const, text })) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: 2_000 }).map((n) => ({ kind: 'string' as const, text: 'z'.repeat(n) })),
    },
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 50 }).map((length) => ({ kind: 'deleted' as const, length })) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(...statuses).map((status) => ({ kind: 'any' as const, values: [status] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...statuses, 'great'), fc.integer(), fc.constant(null)), {
          minLength: 0,
          maxLength: 2,
        })
        .map((values) => ({ kind: 'any' as const, values })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 }).map((typeRef) => ({ kind: 'type' as const, typeRef })) },
    { weight: 1, arbitrary: fc.constant<ContentSpec>({ kind: 'json' as const, values: [{ a: 1 }] }) },
    { weight: 1, arbitrary: fc.constant<ContentSpec>({ kind: 'binary' as const, bytes: Uint8Array.of(1, 2) }) },
    { weight: 1, arbitrary: fc.constant<ContentSpec>({ kind: 'embed' as const, value: { image: 'x' } }) },
    { weight: 1, arbitrary: fc.constant<ContentSpec>({ kind: 'format' as const, key: 'bold', value: true }) },
    { weight: 1, arbitrary: fc.constant<ContentSpec>({ kind: 'doc' as const, guid: 'sub' }) },
  );
}

/** Content a board may hold, in any amount: text, deleted content, a status. */
export function boardContentArb(): fc.Arbitrary<ContentSpec> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.string({ minLength: 1, maxLength: 40 }).map((text) => ({ kind: 'string' as const, text })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 900, max: 1_200 }).map((n) => ({ kind: 'string' as const, text: 'z'.repeat(n) })),
    },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 50 }).map((length) => ({ kind: 'deleted' as const, length })) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(...statuses).map((status) => ({ kind: 'any' as const, values: [status] })),
    },
  );
}

/** Any struct a hostile writer could write, aimed at the board's own ids or at made-up ones. */
export function structArb(refs: fc.Arbitrary<Ref>, content = contentArb()): fc.Arbitrary<StructSpec> {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.record({
        kind: fc.constant('item' as const),
        origin: maybe(refs),
        rightOrigin: maybe(refs),
        parent: fc.oneof(
          { weight: 4, arbitrary: refs },
          { weight: 1, arbitrary: fc.constantFrom('rows', 'bomb', 'r1') },
        ),
        parentSub: maybe(fc.constantFrom('lastStatus', 'note', 'commitment', 'x')),
        content,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('gc' as const, 'skip' as const), length: fc.nat(5) }) },
  );
}

/**
 * Whole updates: up to three sections of structs, any clocks, and deletes of anything. With
 * `wellTyped`, only content a board may hold and no GC or Skip, so that the checks of places,
 * references, deletes and lengths are what decides.
 */
export function hostileUpdateArb(
  board: Y.Doc,
  wellTyped = false,
): fc.Arbitrary<{ sections: SectionSpec[]; deletes: DeleteSpec[] }> {
  const known = targets(board);
  const clients = [...new Set(known.map((r) => r.client)), 11, 12];
  const refs = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.record({ client: fc.constantFrom(11, 12), clock: fc.nat(6) }) },
    { weight: 1, arbitrary: fc.record({ client: fc.nat(), clock: fc.nat() }) },
  );
  const clock = (client: number) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(Y.getState(board.store, client)) },
      { weight: 1, arbitrary: fc.nat(3) },
      { weight: 1, arbitrary: fc.constantFrom(1_000_000, 2 ** 40) },
      { weight: 1, arbitrary: fc.nat() },
    );
  const section = fc.constantFrom(...clients).chain((client) =>
    fc.record({
      client: fc.constant(client),
      clock: clock(client),
      structs: fc.array(
        wellTyped ? structArb(refs, boardContentArb()).filter((s) => s.kind === 'item') : structArb(refs),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
    }),
  );
  const range = fc.tuple(fc.constantFrom(...known), fc.nat(40));
  const deletes = fc.array(
    fc.array(range, { minLength: 1, maxLength: 3 }).map((ranges) => ({
      client: ranges[0]![0].client,
      ranges: ranges.map(([ref, length]) => [ref.clock, length] as [number, number]),
    })),
    { maxLength: 1 },
  );
  return fc.record({
    sections: fc.uniqueArray(section, { minLength: 0, maxLength: 3, selector: (s) => s.client }),
    deletes,
  });
}

/**
 * Updates that a device could nearly have sent: characters and deleted runs placed among a text's
 * own characters (or before and after the update's own earlier items), statuses after a row's
 * statuses, and deletes of characters and statuses; anchors sometimes crossed, reversed or
 * pointed elsewhere. Most are accepted, so what is checked is that an accepted one does no harm.
 */
export function coherentUpdateArb(board: Y.Doc): fc.Arbitrary<Uint8Array> {
  const texts: { holder: Ref; chars: Ref[] }[] = [];
  const statusRows: Ref[][] = [];
  rowsMap(board).forEach((row) => {
    const statusRefs: Ref[] = [];
    for (let s = row._map.get('lastStatus') ?? null; s; s = s.left) statusRefs.push(refOf(s.id));
    statusRows.push(statusRefs);
    for (const field of textFields) {
      const text = row.get(field) as Y.Text;
      const chars: Ref[] = [];
      for (let c = text._start; c; c = c.right) {
        chars.push(refOf(c.id), { client: c.id.client, clock: c.id.clock + c.length - 1 });
      }
      texts.push({ holder: refOf(text._item!.id), chars });
    }
  });
  const client = 41;
  const choice = fc.record({
    status: fc.boolean(),
    place: fc.nat(),
    origin: fc.constantFrom('char', 'new', 'none' as const),
    right: fc.constantFrom('char', 'new', 'none' as const),
    pick: fc.tuple(fc.nat(), fc.nat()),
    content: boardContentArb(),
  });
  const deletes = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 })), { maxLength: 3 });
  return fc
    .tuple(fc.array(choice, { minLength: 1, maxLength: 12 }), deletes, fc.boolean())
    .map(([choices, dels, ownDeletes]) => {
      let clock = 0;
      const structs: StructSpec[] = [];
      for (const c of choices) {
        const own = clock > 0 ? { client, clock: c.pick[0] % clock } : null;
        if (c.status) {
          const refs = statusRows[c.place % statusRows.length]!;
          const origin = c.origin === 'new' && own ? own : refs[c.pick[0] % refs.length];
          structs.push({
            kind: 'item',
            origin,
            content: { kind: 'any', values: [(c.content as { values?: unknown[] }).values?.[0] ?? 'kept'] },
          });
          clock += 1;
          continue;
        }
        const text = texts[c.place % texts.length]!;
        const pickRef = (kind: string, n: number) =>
          kind === 'char' && text.chars.length > 0
            ? text.chars[n % text.chars.length]
            : kind === 'new' && own
              ? own
              : undefined;
        const origin = pickRef(c.origin, c.pick[0]);
        const rightOrigin = pickRef(c.right, c.pick[1]);
        const content = c.content.kind === 'any' ? { kind: 'string' as const, text: 'q' } : c.content;
        structs.push({
          kind: 'item',
          origin,
          rightOrigin,
          parent: origin || rightOrigin ? undefined : text.holder,
          content,
        });
        clock += content.kind === 'string' ? content.text.length : content.kind === 'deleted' ? content.length : 1;
      }
      const targets = [...texts.flatMap((t) => t.chars), ...statusRows.flat()];
      const deleteSpecs: DeleteSpec[] = dels.map(([n, length]) => {
        const target = ownDeletes
          ? { client, clock: n % clock }
          : (targets[n % targets.length] ?? { client, clock: 0 });
        return { client: target.client, ranges: [[target.clock, length]] };
      });
      return encodeUpdate([{ client, clock: 0, structs }], deleteSpecs);
    });
}
