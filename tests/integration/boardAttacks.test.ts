import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readEntries, replaceText, rowText, setStatus } from '../../shared/src/board/model.ts';
import { BOARD_MAX_STRUCTS } from '../../shared/src/board/rules.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import { boardClient, untilDoc, untilSynced, type BoardClient } from '../helpers/board.ts';
import {
  copyOf,
  farFuture,
  longText,
  nestedMapsBomb,
  rootBombs,
  scanBomb,
  tombstones,
} from '../helpers/boardAttacks.ts';
import type { TestMember } from '../helpers/member.ts';
import { rawBoard, type RawBoard } from '../helpers/rawBoard.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { stallDuring } from '../helpers/stall.ts';
import type { LogEvent } from '../../server/src/log.ts';

/** Longest the server may stall every room while it turns one hostile message away. */
const MAX_STALL_MS = 100;

let server: TestServer;
const members: TestMember[] = [];
const clients: BoardClient[] = [];
const sockets: RawBoard[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.close();
  for (const m of members.splice(0)) m.close();
  await server.close();
});

async function connect(roomId: string, member: TestMember): Promise<BoardClient> {
  const client = boardClient(server.url, roomId, member.secret);
  clients.push(client);
  await untilSynced(client);
  return client;
}

async function raw(roomId: string, member: TestMember, handshake = true): Promise<RawBoard> {
  const socket = await rawBoard(server.url, roomId, member.secret!, handshake);
  sockets.push(socket);
  return socket;
}

/**
 * A room whose facilitator attacks the board over a raw socket; Ana, the scribe, writes with the
 * stock provider and Ben reads. A probe in another room times the server's answers.
 */
async function attackedRoom(options: Parameters<typeof startServer>[0] = {}) {
  server = await startServer(options);
  const room = await roomWith(server, ['Ana', 'Ben']);
  const other = await roomWith(server, []);
  members.push(...room.everyone, ...other.everyone);
  const [ana, ben] = room.members as [TestMember, TestMember];
  await room.facilitator.do({ type: 'role:scribe', memberId: ana.id });
  const board = server.boards.get(room.roomId)!;
  const scribe = await connect(room.roomId, ana);
  const reader = await connect(room.roomId, ben);
  replaceText(scribe.doc, ana.id, 'commitment', 'Two tech-free dinners');
  setStatus(scribe.doc, ana.id, 'kept');
  await untilDoc(board.doc, () => readEntries(board.doc).get(ana.id)?.lastStatus === 'kept', 'first edits');
  return {
    room,
    ana,
    board,
    scribe,
    reader,
    attacker: await raw(room.roomId, room.facilitator),
    probe: await raw(other.roomId, other.facilitator),
  };
}

type Attacked = Awaited<ReturnType<typeof attackedRoom>>;

/** The attack is refused with `code`, leaves the document as it was, and stalls no one. */
async function expectRefused({ board, attacker, probe }: Attacked, update: Uint8Array, code: number) {
  const before = Y.encodeStateAsUpdate(board.doc);
  let closedWith = 0;
  const stall = await stallDuring(probe, async () => {
    attacker.sendUpdate(update);
    closedWith = await attacker.closed;
  });
  expect(closedWith).toBe(code);
  expect(Y.encodeStateAsUpdate(board.doc)).toEqual(before);
  expect([...board.doc.share.keys()]).toEqual(['rows']);
  expect(board.doc.store.pendingStructs).toBeNull();
  expect(stall.loopMs).toBeLessThan(MAX_STALL_MS);
  expect(stall.probeMs).toBeLessThan(MAX_STALL_MS);
}

/** The legitimate scribe still writes, and the reader sees it live. */
async function expectStillSyncing({ ana, scribe, reader, board }: Attacked) {
  replaceText(scribe.doc, ana.id, 'note', 'still syncing');
  await untilDoc(reader.doc, () => readEntries(reader.doc).get(ana.id)?.note === 'still syncing', 'relayed edit');
  expect(readEntries(board.doc).get(ana.id)).toMatchObject({ commitment: 'Two tech-free dinners', lastStatus: 'kept' });
  expect(scribe.provider.wsconnected).toBe(true);
}

describe('hostile board updates', () => {
  it('[BD7] 5,800 new root types in one message: refused (4400), the board unchanged, nobody stalled', async () => {
    const attacked = await attackedRoom();
    await expectRefused(attacked, rootBombs(1)[0]!, BoardClose.malformed);
    await expectStillSyncing(attacked);
  });

  it('[BD7] 2,500 nested maps with the top one deleted: refused (4400), live sync goes on', async () => {
    const attacked = await attackedRoom();
    await expectRefused(attacked, nestedMapsBomb(2_500), BoardClose.malformed);
    await expectStillSyncing(attacked);
    const late = await connect(attacked.room.roomId, attacked.room.members[1]!);
    expect(readEntries(late.doc).get(attacked.ana.id)?.note).toBe('still syncing');
  });

  it('[BD7] a 60,000-character text: refused (4400), the field keeps its 1,000-character limit', async () => {
    const attacked = await attackedRoom();
    await expectRefused(attacked, longText(copyOf(attacked.board.doc), attacked.ana.id, 60_000), BoardClose.malformed);
    await expectStillSyncing(attacked);
  });

  it('[BD7] structs a million clocks ahead: refused (4400), nothing kept waiting', async () => {
    const attacked = await attackedRoom();
    await expectRefused(attacked, farFuture(copyOf(attacked.board.doc), attacked.ana.id), BoardClose.malformed);
    await expectStillSyncing(attacked);
  });

  it('[BD7] items placed far from their anchors, each making Yjs walk a long text: refused (4400) without a stall', async () => {
    const attacked = await attackedRoom();
    const { board, attacker, ana } = attacked;
    for (let i = 0; i < 4; i++) {
      attacker.sendUpdate(tombstones(board.doc, ana.id, 1_900));
      await attacker.roundTrip();
    }
    await expectRefused(attacked, scanBomb(board.doc, ana.id, 1_900), BoardClose.malformed);
    await expectStillSyncing(attacked);
  });

  it('[BD4] a board holding its most structs is full (4413), however the structs were made', async () => {
    const attacked = await attackedRoom();
    const { board, attacker, ana } = attacked;
    // Messages of 1,900 deleted characters that Yjs cannot merge: well-shaped, no text longer,
    // and 1,900 more structs for the board to keep each time.
    const burst = () => tombstones(board.doc, ana.id, 1_900);
    for (let i = 0; i < Math.floor(BOARD_MAX_STRUCTS / 1_900); i++) {
      attacker.sendUpdate(burst());
      await attacker.roundTrip();
    }
    await expectRefused(attacked, burst(), BoardClose.tooLarge);
  });
});

describe('a device that reconnects with edits made offline', () => {
  it('[BD7] an edit typed before its sync step 2 waits for the step 2 instead of closing the connection', async () => {
    const attacked = await attackedRoom();
    const { room, ana, board } = attacked;
    const device = copyOf(board.doc);
    const stateVector = Y.encodeStateVector(board.doc);
    const note = rowText(device, ana.id, 'note')!;
    note.insert(0, 'typed offline, ');
    const typedWhileOpening: Uint8Array[] = [];
    device.on('update', (update: Uint8Array) => typedWhileOpening.push(update));
    note.insert(note.length, 'then more');
    const socket = await raw(room.roomId, room.facilitator, false);
    socket.sendUpdate(typedWhileOpening[0]!);
    await socket.roundTrip();
    expect(readEntries(board.doc).get(ana.id)?.note).toBe('');
    socket.sendStep2(Y.encodeStateAsUpdate(device, stateVector));
    await untilDoc(board.doc, () => readEntries(board.doc).get(ana.id)?.note === 'typed offline, then more', 'step 2');
    // Once synced, an update Yjs could not integrate is refused like any other.
    socket.sendUpdate(farFuture(device, ana.id, 1));
    expect(await socket.closed).toBe(BoardClose.malformed);
  });
});

describe('a board Yjs fails on anyway', () => {
  it('[BD8] is rebuilt from its last readable content; every device is told (4409) and syncs again', async () => {
    // The update check switched off, so the nested-maps bomb reaches Yjs and overflows its stack.
    const logged: LogEvent[] = [];
    const attacked = await attackedRoom({
      board: { validate: () => ({ ok: true, newStructs: 0 }) },
      logger: { log: (event) => logged.push(event) },
    });
    const { room, ana, attacker, scribe, reader } = attacked;
    const broken = attacked.board.doc;
    attacker.sendUpdate(nestedMapsBomb(2_500));
    expect(await Promise.all([attacker.closed, scribe.closed, reader.closed])).toEqual([
      BoardClose.reset,
      BoardClose.reset,
      BoardClose.reset,
    ]);
    expect(logged).toContain('board.rebuilt');
    const board = server.boards.get(room.roomId)!;
    expect(board.doc).not.toBe(broken);
    expect(readEntries(board.doc).get(ana.id)).toMatchObject({
      commitment: 'Two tech-free dinners',
      lastStatus: 'kept',
    });
    expect([...board.doc.share.keys()]).toEqual(['rows']);

    const freshScribe = await connect(room.roomId, ana);
    const freshReader = await connect(room.roomId, room.members[1]!);
    expect(readEntries(freshReader.doc).get(ana.id)?.commitment).toBe('Two tech-free dinners');
    replaceText(freshScribe.doc, ana.id, 'note', 'after the reset');
    await untilDoc(
      freshReader.doc,
      () => readEntries(freshReader.doc).get(ana.id)?.note === 'after the reset',
      'live edit after the reset',
    );
  });
});
