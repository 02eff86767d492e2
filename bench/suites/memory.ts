import { type BenchContext, interleaved, waitForQuiet, sleep } from '../lib/context.ts';
import { LoadGenerators } from '../lib/loadGenerators.ts';
import { loadAverage } from '../lib/procStats.ts';
import { type RunningServer, startServer } from '../lib/serverProcess.ts';
import type { Target } from '../lib/targets.ts';

export interface MemoryRun {
  target: string;
  rep: number;
  /** Heap and RSS of the idle server just started, and after a warm-up batch of rooms had ended. */
  idleHeapMiB: number;
  idleRssMiB: number;
  baseHeapMiB: number;
  baseRssMiB: number;
  members: number;
  /** Per member with every device holding its connection and the filled board open on it (KiB). */
  heapPerMemberKiB: number;
  rssPerMemberKiB: number;
  /** The same members without the board open (Holdspace). */
  heapPerMemberNoBoardKiB: number | null;
  /** Per live room with its filled board, every device gone (KiB; Holdspace). */
  heapPerRoomKiB: number | null;
  /** Heap after each fill-and-end cycle, all rooms ended (MiB). */
  endedHeapMiB: number[];
  endedRssMiB: number[];
  load1: number;
}

const ROOM_SIZE = 12;
const GENERATORS = 2;

async function settle(server: RunningServer): Promise<{ heap: number; rss: number }> {
  await sleep(1_000);
  const heap = await server.heapUsedAfterGc();
  return { heap, rss: server.rssBytes() };
}

function fill(target: Target, server: RunningServer, generators: LoadGenerators, rooms: number, board: boolean) {
  const holdspace = target.kind === 'holdspace';
  return generators.fill<{ members: number }>(rooms, {
    kind: target.kind,
    url: server.url,
    size: ROOM_SIZE,
    board: holdspace && board,
    fillBoard: holdspace && board,
    startSession: holdspace,
    concurrency: 8,
  });
}

const MiB = 1024 * 1024;

/**
 * Memory: full rooms of 12, every device holding its Socket.IO connection and (Holdspace) the
 * board, whose 12 rows are filled. Heap per member and RSS per member; heap per live room with
 * its board once every device has gone; and heap after every room has ended, three times over
 * (5,000 members each time), which must come back to the same level.
 */
export async function memorySuite(context: BenchContext): Promise<MemoryRun[]> {
  const runs: MemoryRun[] = [];
  const members = context.quick ? 600 : 5_000;
  const rooms = Math.round(members / ROOM_SIZE);
  const roomsForRoomCost = context.quick ? 50 : 200;
  for (const [rep, target] of interleaved(context)) {
    const holdspace = target.kind === 'holdspace';
    await waitForQuiet(context);
    const server = await startServer(target, { inspect: true });
    const generators = LoadGenerators.start(GENERATORS);
    try {
      const load1 = loadAverage();
      const idle = await settle(server);
      await fill(target, server, generators, 20, true);
      await generators.each(() => ({ op: 'endAll' }));
      const base = await settle(server);
      const ended: { heap: number; rss: number }[] = [];
      let withMembers = base;
      let filled = 0;
      for (let cycle = 0; cycle < 3; cycle++) {
        const counts = await fill(target, server, generators, rooms, true);
        filled = counts.reduce((sum, c) => sum + c.members, 0);
        if (cycle === 0) withMembers = await settle(server);
        await generators.each(() => ({ op: 'endAll' }));
        ended.push(await settle(server));
      }
      let noBoard: number | null = null;
      let perRoom: number | null = null;
      if (holdspace) {
        const before = ended.at(-1)!;
        await fill(target, server, generators, rooms, false);
        noBoard = ((await settle(server)).heap - before.heap) / filled;
        await generators.each(() => ({ op: 'endAll' }));
        const clean = await settle(server);
        await fill(target, server, generators, roomsForRoomCost, true);
        await generators.each(() => ({ op: 'closeAll' }));
        perRoom = ((await settle(server)).heap - clean.heap) / roomsForRoomCost;
      }
      const run: MemoryRun = {
        target: target.label,
        rep,
        idleHeapMiB: idle.heap / MiB,
        idleRssMiB: idle.rss / MiB,
        baseHeapMiB: base.heap / MiB,
        baseRssMiB: base.rss / MiB,
        members: filled,
        heapPerMemberKiB: (withMembers.heap - base.heap) / filled / 1024,
        rssPerMemberKiB: (withMembers.rss - base.rss) / filled / 1024,
        heapPerMemberNoBoardKiB: noBoard === null ? null : noBoard / 1024,
        heapPerRoomKiB: perRoom === null ? null : perRoom / 1024,
        endedHeapMiB: ended.map((e) => e.heap / MiB),
        endedRssMiB: ended.map((e) => e.rss / MiB),
        load1,
      };
      runs.push(run);
      context.log(
        `memory ${target.label} rep ${rep + 1}: idle heap ${run.idleHeapMiB.toFixed(1)} MiB, base ${run.baseHeapMiB.toFixed(1)} MiB; per member ${run.heapPerMemberKiB.toFixed(1)} KiB heap, ${run.rssPerMemberKiB.toFixed(1)} KiB RSS${noBoard === null ? '' : `, without board ${run.heapPerMemberNoBoardKiB!.toFixed(1)} KiB`}${perRoom === null ? '' : `; per live room ${run.heapPerRoomKiB!.toFixed(1)} KiB`}; after ending: ${run.endedHeapMiB.map((h) => h.toFixed(2)).join(', ')} MiB`,
      );
    } finally {
      await generators.stop();
      await server.stop();
    }
  }
  return runs;
}
