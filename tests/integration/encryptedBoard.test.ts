import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readEntries, replaceText, setStatus } from '../../shared/src/board/model.ts';
import { defaultBoardLimits } from '../../server/src/board/limits.ts';
import { BoardDevice } from '../helpers/boardDevice.ts';
import { untilDoc } from '../helpers/board.ts';
import { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const members: TestMember[] = [];
const devices: BoardDevice[] = [];
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const d of devices.splice(0)) d.destroy();
  for (const m of members.splice(0)) m.close();
  await server.close();
});

/** `member`'s board; `keysOf` is the device whose key seed this one shares (another tab of it). */
async function open(member: TestMember, keysOf: TestMember = member): Promise<BoardDevice> {
  const device = new BoardDevice(member, await keysOf.keys.pairs());
  devices.push(device);
  return device;
}

/** A room with a facilitator, a scribe and readers, each with the board open and synced. */
async function boardRoom(names: string[], body = {}) {
  const room = await roomWith(server, names, body);
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
    const dee = await TestMember.join(server.url, roomId, 'Dee');
    members.push(dee);
    await scribeBoard.member.until(() => scribeBoard.member.state!.members.length === 4, 'Dee in the roster');
    const deeBoard = await open(dee);
    await deeBoard.synced(10_000);
    await untilDoc(deeBoard.doc, () => entryOf(deeBoard, joined[1]!.id)?.note === 'before Dee came', 'the board for Dee');
    // Her row was made on every device, and the scribe writes in it.
    replaceText(scribeBoard.doc, dee.id, 'commitment', 'Sleep before nights');
    await untilDoc(deeBoard.doc, () => entryOf(deeBoard, dee.id)?.commitment === 'Sleep before nights', 'Dee’s row');
  });

  it('[BD2] a late device rebuilds the exact board from the writer’s snapshot and the frames after it', async () => {
    await server.close();
    server = await startServer({ config: { board: { ...defaultBoardLimits, tailSnapshotFrames: 16 } } });
    const { boards, members: joined, roomId } = await boardRoom(['Ana', 'Ben']);
    const scribeBoard = boards[1]!;
    const ben = joined[1]!;
    // Enough separate edits that the relay asks the writer for a snapshot.
    for (let i = 0; i < 30; i++) replaceText(scribeBoard.doc, ben.id, 'note', `edit ${i}`);
    setStatus(scribeBoard.doc, ben.id, 'kept');
    const relay = server.boards.get(roomId)!;
    await vi.waitFor(() => expect(relay.held.snapshotParts).toBeGreaterThan(0), { timeout: 10_000 });
    replaceText(scribeBoard.doc, ben.id, 'commitment', 'after the snapshot');
    await untilDoc(boards[2]!.doc, () => entryOf(boards[2]!, ben.id)?.commitment === 'after the snapshot', 'live edit');
    const late = await TestMember.connect(server.url, roomId, ben.secret);
    members.push(late);
    // Ben's other tab: the same member secret and key seed, a board opened afresh.
    const lateBoard = await open(late, ben);
    await lateBoard.synced(10_000);
    expect(readEntries(lateBoard.doc)).toEqual(readEntries(scribeBoard.doc));
    expect(relay.held.tail).toBeLessThan(16);
  });
});
