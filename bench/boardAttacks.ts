/**
 * Board attacks: how long one hostile writer's message holds the server (and so every room on the
 * process), and what is left of the board afterwards. Each line is one message: the time until the
 * server answered or closed the attacker, the event loop's longest delay, and a probe's slowest
 * round trip from another room.
 * Run: npx tsx bench/boardAttacks.ts [root-bomb messages, default 24; 0 skips them]
 */
import { readEntries, replaceText } from '../shared/src/board/model.ts';
import {
  copyOf,
  farFuture,
  longText,
  nestedMapsBomb,
  rootBombs,
  scanBomb,
  tombstones,
} from '../tests/helpers/boardAttacks.ts';
import { boardClient, untilDoc, untilSynced } from '../tests/helpers/board.ts';
import { rawBoard, type RawBoard } from '../tests/helpers/rawBoard.ts';
import { roomWith } from '../tests/helpers/room.ts';
import { startServer } from '../tests/helpers/server.ts';
import { stallDuring } from '../tests/helpers/stall.ts';

const server = await startServer({ config: { roomCreationBurst: 1_000_000 } });
const rootMessages = Number(process.argv[2] ?? 24);

const probeRoom = await roomWith(server, []);
const probe = await rawBoard(server.url, probeRoom.roomId, probeRoom.facilitator.secret!);

async function attackRoom() {
  const room = await roomWith(server, ['Ana']);
  return { room, board: server.boards.get(room.roomId)!, secret: room.facilitator.secret! };
}

/** Sends one update and waits until the server has handled it: answered a round trip, or closed. */
async function send(attacker: RawBoard, update: Uint8Array): Promise<string> {
  attacker.sendUpdate(update);
  return attacker.roundTrip().then(
    () => 'applied',
    () => attacker.closed.then((code) => `closed ${code}`),
  );
}

function line(what: string, outcome: string, started: number, stall: { loopMs: number; probeMs: number }) {
  const handled = (performance.now() - started).toFixed(0);
  console.log(
    `${what.padEnd(34)} ${outcome.padEnd(11)} handled ${handled.padStart(5)} ms  loop ${stall.loopMs.toFixed(0).padStart(5)} ms  probe ${stall.probeMs.toFixed(0).padStart(5)} ms`,
  );
}

async function attack(what: string, attacker: RawBoard, update: Uint8Array): Promise<string> {
  let outcome = '';
  const started = performance.now();
  const stall = await stallDuring(probe, async () => {
    outcome = await send(attacker, update);
  });
  line(what, outcome, started, stall);
  return outcome;
}

/** Can another writer still sync through this board? */
async function stillSyncs(roomId: string, secret: string, memberId: string): Promise<string> {
  const client = boardClient(server.url, roomId, secret);
  try {
    await untilSynced(client, 3_000);
    replaceText(client.doc, memberId, 'commitment', 'still here');
    const board = server.boards.get(roomId)!;
    const reader = boardClient(server.url, roomId, secret);
    await untilSynced(reader, 3_000);
    await untilDoc(
      reader.doc,
      () => readEntries(reader.doc).get(memberId)?.commitment === 'still here',
      'relay',
      3_000,
    );
    reader.destroy();
    return `yes (server has ${readEntries(board.doc).size} rows)`;
  } catch (error) {
    return `no: ${(error as Error).message}`;
  } finally {
    client.destroy();
  }
}

if (rootMessages > 0) {
  console.log(`# ${rootMessages} messages of 5,800 new root types each`);
  const { room, secret } = await attackRoom();
  let attacker = await rawBoard(server.url, room.roomId, secret);
  for (const [i, update] of rootBombs(rootMessages).entries()) {
    const outcome = await attack(`roots message ${i + 1} (${update.length} B)`, attacker, update);
    if (outcome.startsWith('closed')) attacker = await rawBoard(server.url, room.roomId, secret);
  }
  attacker.close();
}
{
  console.log('# 2,500 nested maps, the top one deleted, in one message');
  const { room, secret } = await attackRoom();
  const attacker = await rawBoard(server.url, room.roomId, secret);
  await attack('nested maps', attacker, nestedMapsBomb());
  console.log(`  another writer still syncs: ${await stillSyncs(room.roomId, secret, room.members[0]!.id)}`);
}
{
  console.log('# a 60,000-character note');
  const { room, board, secret } = await attackRoom();
  const attacker = await rawBoard(server.url, room.roomId, secret);
  const memberId = room.members[0]!.id;
  await attack('60,000 characters', attacker, longText(copyOf(board.doc), memberId, 60_000));
  console.log(`  note length on the server: ${readEntries(board.doc).get(memberId)?.note.length}`);
}
{
  console.log('# 1,000 structs a million clocks ahead');
  const { room, board, secret } = await attackRoom();
  const attacker = await rawBoard(server.url, room.roomId, secret);
  await attack('far-future structs', attacker, farFuture(copyOf(board.doc), room.members[0]!.id));
  console.log(`  pending structs kept by the server: ${board.doc.store.pendingStructs !== null}`);
}

{
  console.log('# 1,900 items placed far from their anchors, over a text of 7,600 tombstones');
  const { room, board, secret } = await attackRoom();
  const attacker = await rawBoard(server.url, room.roomId, secret);
  const memberId = room.members[0]!.id;
  for (let i = 0; i < 4; i++) await send(attacker, tombstones(board.doc, memberId, 1_900));
  await attack('far from anchors', attacker, scanBomb(board.doc, memberId, 1_900));
}

probe.close();
await server.close();
