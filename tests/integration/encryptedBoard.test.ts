import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodeAwarenessEntries } from '../../shared/src/board/awarenessEntries.ts';
import { readEntries, replaceText, setStatus } from '../../shared/src/board/model.ts';
import { openFrame, readFrame } from '../../shared/src/crypto/frame.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import { BoardDevice } from '../helpers/boardDevice.ts';
import { HostileWriter } from '../helpers/hostileWriter.ts';
import { untilDoc } from '../helpers/board.ts';
import { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { serverPerTest } from '../helpers/serverPerTest.ts';

const suite = serverPerTest();
const { members, boards: devices } = suite;

/** `member`'s board; `keysOf` is the device whose key seed this one shares (another tab of it). */
async function open(member: TestMember, keysOf: TestMember = member): Promise<BoardDevice> {
  const device = new BoardDevice(member, await keysOf.keys.pairs());
  devices.push(device);
  return device;
}

/** A room with a facilitator, a scribe and readers, each with the board open and synced. */
async function boardRoom(names: string[], body = {}) {
  const room = await roomWith(suite.server, names, body);
  members.push(...room.everyone);
  const [scribe] = room.members as [TestMember];
  await room.facilitator.do({ type: 'role:scribe', memberId: scribe.id });
  const boards = [];
  for (const m of room.everyone) boards.push(await open(m));
  await Promise.all(boards.map((b) => b.synced(10_000)));
  return { ...room, boards };
}

const entryOf = (device: BoardDevice, memberId: string) => readEntries(device.doc).get(memberId);

describe('the end-to-end encrypted board', () => {
  it('[BD1][BD2] every device makes the rows, the scribe’s words reach every reader, and the server holds none of them', async () => {
    const { members: joined, boards, facilitator } = await boardRoom(['Ana', 'Ben', 'Cy']);
    const [, scribeBoard, ...readers] = boards as [BoardDevice, BoardDevice, ...BoardDevice[]];
    const ids = [facilitator, ...joined].map((m) => m.id).sort();
    expect([...readEntries(scribeBoard.doc).keys()].sort()).toEqual(ids);
    const ben = joined[1]!;
    replaceText(scribeBoard.doc, ben.id, 'commitment', 'Leave by 7:30 twice');
    setStatus(scribeBoard.doc, ben.id, 'half-kept');
    for (const reader of readers) {
      await untilDoc(reader.doc, () => entryOf(reader, ben.id)?.lastStatus === 'half-kept', 'the scribe’s edit');
      expect(entryOf(reader, ben.id)?.commitment).toBe('Leave by 7:30 twice');
    }
  });

  it('[BD2] a member who comes later gets the key sealed by a device in the room and reads the board', async () => {
    const { boards, members: joined, roomId } = await boardRoom(['Ana', 'Ben']);
    const scribeBoard = boards[1]!;
    replaceText(scribeBoard.doc, joined[1]!.id, 'note', 'before Dee came');
    const dee = await TestMember.join(suite.server.url, roomId, 'Dee');
    members.push(dee);
    await scribeBoard.member.until(() => scribeBoard.member.state!.members.length === 4, 'Dee in the roster');
    const deeBoard = await open(dee);
    await deeBoard.synced(10_000);
    await untilDoc(
      deeBoard.doc,
      () => entryOf(deeBoard, joined[1]!.id)?.note === 'before Dee came',
      'the board for Dee',
    );
    // Her row was made on every device, and the scribe writes in it.
    replaceText(scribeBoard.doc, dee.id, 'commitment', 'Sleep before nights');
    await untilDoc(deeBoard.doc, () => entryOf(deeBoard, dee.id)?.commitment === 'Sleep before nights', 'Dee’s row');
  });

  it('[BD2] a late device rebuilds the exact board from the writer’s snapshot and the frames after it', async () => {
    const { boards, members: joined, roomId } = await boardRoom(['Ana', 'Ben']);
    const scribeBoard = boards[1]!;
    const ben = joined[1]!;
    // Enough separate edits (past the relay's 16) that it asks the writer for a snapshot.
    for (let i = 0; i < 30; i++) replaceText(scribeBoard.doc, ben.id, 'note', `edit ${i}`);
    setStatus(scribeBoard.doc, ben.id, 'kept');
    const relay = suite.server.boards.get(roomId)!;
    await vi.waitFor(() => expect(relay.held.snapshotParts).toBeGreaterThan(0), { timeout: 10_000 });
    replaceText(scribeBoard.doc, ben.id, 'commitment', 'after the snapshot');
    await untilDoc(boards[2]!.doc, () => entryOf(boards[2]!, ben.id)?.commitment === 'after the snapshot', 'live edit');
    const late = await TestMember.connect(suite.server.url, roomId, ben.secret);
    members.push(late);
    // Ben's other tab: the same member secret and key seed, a board opened afresh.
    const lateBoard = await open(late, ben);
    await lateBoard.synced(10_000);
    expect(readEntries(lateBoard.doc)).toEqual(readEntries(scribeBoard.doc));
    expect(relay.held.tail).toBeLessThan(16);
  });

  it('[RM7][BD9] removing a member starts a new key: the board carries over, and the removed device cannot open what follows', async () => {
    const { boards, members: joined, facilitator, roomId } = await boardRoom(['Ana', 'Ben', 'Cy']);
    const [facilitatorBoard, scribeBoard, benBoard, cyBoard] = boards as [
      BoardDevice,
      BoardDevice,
      BoardDevice,
      BoardDevice,
    ];
    const [, ben, cy] = joined as [TestMember, TestMember, TestMember];
    replaceText(scribeBoard.doc, ben.id, 'commitment', 'Ask for the rota early');
    await untilDoc(cyBoard.doc, () => entryOf(cyBoard, ben.id)?.commitment === 'Ask for the rota early', 'before');
    // What Cy's device could keep: the key of the epoch it was in, and every frame sent to it.
    const cyKeys = await cy.keys.pairs();
    const oldKey = await HostileWriter.open(cy, cyKeys);
    const heardByBen: Uint8Array[] = [];
    ben.socket.on('board:frame', ({ frame }) => heardByBen.push(new Uint8Array(frame)));

    const cyClosed = cyBoard.nextClose();
    await facilitator.do({ type: 'member:remove', memberId: cy.id });
    expect(await cyClosed).toBe(BoardClose.removed);
    const relay = suite.server.boards.get(roomId)!;
    await vi.waitFor(() => expect(relay.epoch).toBe(2), { timeout: 10_000 });
    for (const device of [facilitatorBoard, scribeBoard, benBoard]) {
      await vi.waitFor(() => expect(device.restarts).toBeGreaterThan(0), { timeout: 10_000 });
      await device.synced(10_000);
      await untilDoc(
        device.doc,
        () => entryOf(device, ben.id)?.commitment === 'Ask for the rota early',
        'carried over',
      );
      expect(entryOf(device, cy.id)).toBeUndefined();
    }
    replaceText(scribeBoard.doc, ben.id, 'note', 'after Cy left');
    await untilDoc(benBoard.doc, () => entryOf(benBoard, ben.id)?.note === 'after Cy left', 'the new epoch');
    const later = heardByBen.filter((frame) => readFrame(frame)?.epoch === 2 && readFrame(frame)?.kind === 'update');
    expect(later.length).toBeGreaterThan(0);
    for (const frame of later) expect(await openFrame(roomId, frame, oldKey.key.key)).toBeNull();
  });

  it('[BD7] a writer’s frame that breaks the board’s shape is refused by every device alike, and the board goes on', async () => {
    const { boards, members: joined } = await boardRoom(['Ana', 'Ben']);
    const [facilitatorBoard, scribeBoard, benBoard] = boards as [BoardDevice, BoardDevice, BoardDevice];
    const [ana, ben] = joined as [TestMember, TestMember];
    replaceText(scribeBoard.doc, ben.id, 'commitment', 'Two tech-free dinners');
    for (const device of [facilitatorBoard, benBoard]) {
      await untilDoc(device.doc, () => entryOf(device, ben.id)?.commitment === 'Two tech-free dinners', 'first');
    }
    const before = [facilitatorBoard, benBoard].map((d) => readEntries(d.doc));
    // Ana, the scribe, sends from a hostile device: a new root type, signed and encrypted properly.
    const hostile = await HostileWriter.open(ana, await ana.keys.pairs());
    const bomb = new Y.Doc();
    bomb.getMap('not-the-board').set('x', 1);
    await hostile.send(Y.encodeStateAsUpdate(bomb));
    for (const device of [facilitatorBoard, benBoard]) {
      await vi.waitFor(() => expect(device.refused).toContain(ana.id), { timeout: 5_000 });
      expect([...device.doc.share.keys()]).toEqual(['rows']);
    }
    expect([facilitatorBoard, benBoard].map((d) => readEntries(d.doc))).toEqual(before);
    replaceText(scribeBoard.doc, ben.id, 'note', 'still syncing');
    await untilDoc(benBoard.doc, () => entryOf(benBoard, ben.id)?.note === 'still syncing', 'the board goes on');
  });

  it('[BD3] awareness travels encrypted, and a device cannot speak for another member', async () => {
    const { boards, members: joined, roomId } = await boardRoom(['Ana', 'Ben']);
    const [, scribeBoard, benBoard] = boards as [BoardDevice, BoardDevice, BoardDevice];
    const [ana, ben] = joined as [TestMember, TestMember];
    const raw: Uint8Array[] = [];
    ben.socket.on('board:frame', ({ frame }) => raw.push(new Uint8Array(frame)));
    scribeBoard.provider.awareness.setLocalStateField('editing', { memberId: ben.id, field: 'note' });
    const editing = () =>
      [...benBoard.provider.awareness.getStates().values()].some(
        (s) => s.memberId === ana.id && s.editing?.field === 'note',
      );
    await vi.waitFor(() => expect(editing()).toBe(true), { timeout: 5_000 });
    const awareness = raw.filter((frame) => readFrame(frame)?.kind === 'awareness');
    expect(awareness.length).toBeGreaterThan(0);
    for (const frame of awareness) expect(Buffer.from(frame).includes(ana.id)).toBe(false);
    // Ana's hostile device claims to be Ben: every device drops the claim.
    const hostile = await HostileWriter.open(ana, await ana.keys.pairs());
    const claim = encodeAwarenessEntries([
      {
        clientId: 4242,
        clock: 1,
        state: JSON.stringify({ memberId: ben.id, editing: { memberId: ben.id, field: 'commitment' } }),
      },
    ]);
    await hostile.send(claim, 'awareness');
    await hostile.send(Y.encodeStateAsUpdate(new Y.Doc()), 'update');
    await vi.waitFor(() => expect(raw.length).toBeGreaterThan(awareness.length), { timeout: 5_000 });
    expect(benBoard.provider.awareness.getStates().has(4242)).toBe(false);
    expect(suite.server.boards.get(roomId)).toBeDefined();
  });

  it('[BD9] a frame’s length tells the server neither the status set nor the field someone is typing in', async () => {
    const { boards, members: joined } = await boardRoom(['Ana', 'Ben']);
    const [, scribeBoard, benBoard] = boards as [BoardDevice, BoardDevice, BoardDevice];
    const [, ben] = joined as [TestMember, TestMember];
    const raw: Uint8Array[] = [];
    ben.socket.on('board:frame', ({ frame }) => raw.push(new Uint8Array(frame)));
    const statuses = ['kept', 'half-kept', 'failed', 'not-reported'] as const;
    for (const status of statuses) {
      setStatus(scribeBoard.doc, ben.id, status);
      await untilDoc(benBoard.doc, () => entryOf(benBoard, ben.id)?.lastStatus === status, status);
    }
    for (const field of ['commitment', 'lastCommitment', 'note'] as const) {
      scribeBoard.provider.awareness.setLocalStateField('editing', { memberId: ben.id, field });
      await vi.waitFor(
        () =>
          expect([...benBoard.provider.awareness.getStates().values()].some((s) => s.editing?.field === field)).toBe(
            true,
          ),
        { timeout: 5_000 },
      );
    }
    const lengths = (kind: string) => new Set(raw.filter((f) => readFrame(f)?.kind === kind).map((f) => f.length));
    expect(lengths('update').size).toBe(1);
    expect(lengths('awareness').size).toBe(1);
  });
});
