import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readEntries, replaceText } from '../../shared/src/board/model.ts';
import { addRows } from '../../shared/src/board/rows.ts';
import { BOARD_MAX_STRUCTS } from '../../shared/src/board/rules.ts';
import { openBoard, untilDoc } from '../helpers/board.ts';
import { farFuture, longText, nestedMapsBomb, rootBombs, scanBomb, tombstones } from '../helpers/boardAttacks.ts';
import { HostileWriter } from '../helpers/hostileWriter.ts';
import type { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { serverPerTest } from '../helpers/serverPerTest.ts';

/**
 * The board's bombs of the first red team, sent by a hostile writer (the scribe's own device,
 * holding the key, signing and encrypting properly): the server cannot read them, so every other
 * device must refuse them itself, within the same budget the server once kept, and go on.
 */

/** Longest the devices (all in this process) may stall while they turn one bomb away. */
const MAX_STALL_MS = 100;

const suite = serverPerTest();
const { members, boards } = suite;

/** Ana, the scribe, attacks from a hostile device; Fran and Ben read with the page's link. */
async function attackedRoom() {
  const room = await roomWith(suite.server, ['Ana', 'Ben']);
  members.push(...room.everyone);
  const [ana, ben] = room.members as [TestMember, TestMember];
  await room.facilitator.do({ type: 'role:scribe', memberId: ana.id });
  const readers = [await openBoard(room.facilitator), await openBoard(ben)];
  const scribe = await openBoard(ana);
  boards.push(...readers, scribe);
  replaceText(scribe.doc, ben.id, 'commitment', 'Two tech-free dinners');
  for (const reader of readers) {
    await untilDoc(reader.doc, () => readEntries(reader.doc).get(ben.id)?.commitment === 'Two tech-free dinners');
  }
  const hostile = await HostileWriter.open(ana, await ana.keys.pairs());
  // The attacker's view of the board: the rows every device makes, and what it has seen.
  const view = new Y.Doc();
  addRows(
    view,
    room.everyone.map((m) => m.id),
  );
  Y.applyUpdate(view, Y.encodeStateAsUpdate(scribe.doc));
  return { ana, ben, readers, scribe, hostile, view };
}

type Attacked = Awaited<ReturnType<typeof attackedRoom>>;

/** Every reader refuses `bomb` from Ana, its board unchanged, and nobody stalls past the budget. */
async function expectRefused({ ana, readers, hostile }: Attacked, bomb: Uint8Array): Promise<void> {
  const before = readers.map((r) => Y.encodeStateAsUpdate(r.doc));
  const refusedBefore = readers.map((r) => r.refused.length);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await hostile.send(bomb);
  await vi.waitFor(
    () => {
      for (const [i, r] of readers.entries()) expect(r.refused.length).toBeGreaterThan(refusedBefore[i]!);
    },
    { timeout: 10_000 },
  );
  delay.disable();
  readers.forEach((reader, i) => {
    expect(reader.refused.at(-1)).toBe(ana.id);
    expect(Y.encodeStateAsUpdate(reader.doc)).toEqual(before[i]);
    expect([...reader.doc.share.keys()]).toEqual(['rows']);
    expect(reader.doc.store.pendingStructs).toBeNull();
  });
  expect(delay.max / 1e6).toBeLessThan(MAX_STALL_MS);
}

/** The scribe's honest device still writes, and the readers see it live. */
async function expectStillSyncing({ ben, scribe, readers }: Attacked): Promise<void> {
  replaceText(scribe.doc, ben.id, 'note', 'still syncing');
  for (const reader of readers) {
    await untilDoc(reader.doc, () => readEntries(reader.doc).get(ben.id)?.note === 'still syncing', 'a live edit');
  }
}

describe('a hostile writer’s board bombs, refused on every device', () => {
  it('[BD7] 5,800 new root types in one frame', async () => {
    const attacked = await attackedRoom();
    await expectRefused(attacked, rootBombs(1)[0]!);
    await expectStillSyncing(attacked);
  });

  it('[BD7] 2,500 nested maps with the top one deleted', async () => {
    const attacked = await attackedRoom();
    await expectRefused(attacked, nestedMapsBomb(2_500));
    await expectStillSyncing(attacked);
  });

  it('[BD7] a 60,000-character text: the field keeps its 1,000-character limit', async () => {
    const attacked = await attackedRoom();
    await expectRefused(attacked, longText(attacked.view, attacked.ben.id, 60_000));
    await expectStillSyncing(attacked);
  });

  it('[BD7] structs a million clocks ahead: nothing kept waiting', async () => {
    const attacked = await attackedRoom();
    await expectRefused(attacked, farFuture(attacked.view, attacked.ben.id));
    await expectStillSyncing(attacked);
  });

  it('[BD7] items placed far from their anchors, each making Yjs walk a long text', async () => {
    const attacked = await attackedRoom();
    const { view, ben, hostile, readers } = attacked;
    // Four well-shaped frames of 1,900 deleted characters each: accepted, the text long to walk.
    for (let i = 0; i < 4; i++) {
      const update = tombstones(view, ben.id, 1_900);
      Y.applyUpdate(view, update);
      await hostile.send(update);
    }
    const structs = () => readers.map((r) => [...r.doc.store.clients.values()].reduce((n, s) => n + s.length, 0));
    await vi.waitFor(() => expect(Math.min(...structs())).toBeGreaterThan(4 * 1_900), { timeout: 10_000 });
    await expectRefused(attacked, scanBomb(view, ben.id, 1_900));
    await expectStillSyncing(attacked);
  });

  it('[BD4] a board holding its most structs refuses more, however they were made', async () => {
    const attacked = await attackedRoom();
    const { view, ben, hostile, readers } = attacked;
    const rounds = Math.floor(BOARD_MAX_STRUCTS / 1_900);
    for (let i = 0; i < rounds; i++) {
      const update = tombstones(view, ben.id, 1_900);
      Y.applyUpdate(view, update);
      await hostile.send(update);
    }
    const structs = () => readers.map((r) => [...r.doc.store.clients.values()].reduce((n, s) => n + s.length, 0));
    await vi.waitFor(() => expect(Math.min(...structs())).toBeGreaterThan(rounds * 1_900), { timeout: 10_000 });
    await expectRefused(attacked, tombstones(view, ben.id, 1_900));
  });
});
