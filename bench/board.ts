/**
 * The commitment board: how long a late joiner waits for a full board (stock y-websocket
 * provider over a real socket), and how much memory a live board costs and an ended one keeps.
 * Run: node --expose-gc --import tsx bench/board.ts
 */
import * as Y from 'yjs';
import { readEntries, replaceText, setStatus } from '../shared/src/board/model.ts';
import { boardClient, untilDoc, untilSynced } from '../tests/helpers/board.ts';
import { roomWith } from '../tests/helpers/room.ts';
import { startServer } from '../tests/helpers/server.ts';
import { percentile } from './stats.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx bench/board.ts');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

// Benchmarks make hundreds of rooms from one address.
const server = await startServer({ config: { roomCreationBurst: 1_000_000 } });
const names = Array.from({ length: 11 }, (_, i) => `Member ${i + 1}`);

/** A full board: 12 rows, each with a 120-character commitment, last time's, a status and a note. */
async function filledRoom() {
  const room = await roomWith(server, names);
  const board = server.boards.get(room.roomId)!;
  for (const [memberId, index] of [...readEntries(board.doc).keys()].map((id, i) => [id, i] as const)) {
    replaceText(
      board.doc,
      memberId,
      'commitment',
      `Leave the hospital by 7:30 pm at least twice this week, no charting from home on those nights (member ${index + 1}).`,
    );
    replaceText(
      board.doc,
      memberId,
      'lastCommitment',
      'Send one message to one therapist this week; that is enough for now.',
    );
    replaceText(board.doc, memberId, 'note', 'Pager issues on nights; try again.');
    setStatus(board.doc, memberId, 'half-kept');
  }
  return { room, board };
}

const SYNC_RUNS = 40;
const syncMs: number[] = [];
let boardBytes = 0;
for (let i = 0; i < SYNC_RUNS; i++) {
  const { room, board } = await filledRoom();
  boardBytes = Y.encodeStateAsUpdate(board.doc).length;
  const started = performance.now();
  const late = boardClient(server.url, room.roomId, room.members[0]!.secret);
  await untilSynced(late);
  await untilDoc(late.doc, () => readEntries(late.doc).size === 12);
  syncMs.push(performance.now() - started);
  late.destroy();
  await room.facilitator.send({ type: 'room:end' });
  for (const m of room.everyone) m.close();
}

const ROOMS = 200;
/** Creates `count` filled rooms, closes and drops their clients, and returns the room ids. */
async function liveRooms(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { room } = await filledRoom();
    for (const m of room.everyone) m.close();
    ids.push(room.roomId);
  }
  await new Promise((r) => setTimeout(r, 200));
  return ids;
}
const endAll = async (ids: string[]) => {
  for (const roomId of ids) server.registry.get(roomId)?.expire('shutdown');
  await new Promise((r) => setTimeout(r, 200));
};
// A first batch warms up code and caches, so the measured batch counts rooms, not start-up.
await endAll(await liveRooms(ROOMS));
const before = heap();
// Only room ids are kept here: the clients are closed and dropped, so the heap holds the server's part.
const live = await liveRooms(ROOMS);
const withRooms = heap();
await endAll(live);
live.length = 0;
const after = heap();
await server.close();

console.log(`board, 12 rows of about 230 characters each (${(boardBytes / 1024).toFixed(1)} KiB as a Yjs update)`);
console.log(
  `  late joiner connect-to-full-board: median ${percentile(syncMs, 50).toFixed(1)} ms, p95 ${percentile(syncMs, 95).toFixed(1)} ms (${SYNC_RUNS} runs, loopback)`,
);
console.log(
  `  server memory of a live room with its board: ${((withRooms - before) / ROOMS / 1024).toFixed(1)} KiB per room (${ROOMS} rooms, 12 members each, sockets closed)`,
);
console.log(`  kept after the rooms ended: ${((after - before) / ROOMS).toFixed(0)} bytes per room`);
