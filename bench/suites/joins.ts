import { type BenchContext, interleaved, quietly, sleep } from '../lib/context.ts';
import { LoadGenerators } from '../lib/loadGenerators.ts';
import { cpuWindow, loadAverage } from '../lib/procStats.ts';
import { startServer } from '../lib/serverProcess.ts';
import { concat, latencySummary, median } from '../lib/stats.ts';
import type { Target } from '../lib/targets.ts';
import type { JoinsOptions, JoinsResult } from '../load/joins.ts';

export interface JoinsRun {
  target: string;
  rep: number;
  /** `max`: as many as the server takes, closed loop; `fixed`: the same offered load for every target. */
  load: 'max' | 'fixed';
  admission: 'open' | 'knock';
  joinsPerSecond: number;
  /** Create + 8 joins, per room (ms). */
  roomP50: number;
  roomP99: number;
  /** Connect + join, per member (ms). */
  joinP50: number;
  joinP99: number;
  rooms: number;
  /** The offered load in the fixed run (rooms per second); 0 in the closed-loop run. */
  offeredRoomsPerSecond: number;
  errors: number;
  firstError: string | null;
  serverCpu: number;
  loadCpu: number;
  otherCpu: number;
  load1: number;
}

const ROOM_SIZE = 8;
const GENERATORS = 2;
/** Rooms being filled at once per load generator, in the closed-loop run: enough to keep the machine busy. */
const CONCURRENCY = 16;
/** The fixed offered load is this share of what the slowest target sustains, the same for every target. */
const FIXED_SHARE = 0.5;

async function measure(
  context: BenchContext,
  target: Target,
  rep: number,
  load: 'max' | 'fixed',
  admission: 'open' | 'knock',
  roomsPerSecond: number,
): Promise<JoinsRun> {
  const server = await startServer(target);
  const generators = LoadGenerators.start(GENERATORS);
  try {
    const warmupMs = context.quick ? 1_000 : 3_000;
    const measureMs = context.quick ? 3_000 : 10_000;
    const options: JoinsOptions = {
      kind: target.kind,
      url: server.url,
      mode: load === 'max' ? 'closed' : 'open',
      concurrency: CONCURRENCY,
      roomsPerSecond: roomsPerSecond / GENERATORS,
      size: ROOM_SIZE,
      knock: admission === 'knock',
      warmupMs,
      measureMs,
    };
    const load1 = loadAverage();
    const pending = generators.each<JoinsResult>(() => ({ op: 'joins', options }));
    await sleep(warmupMs);
    const cpu = cpuWindow(() => [server.pid, ...generators.pids]);
    await sleep(measureMs);
    const used = cpu.end();
    const results = await pending;
    const rooms = latencySummary(concat(results.map((r) => r.roomLatencies)));
    const joins = latencySummary(concat(results.map((r) => r.joinLatencies)));
    const run: JoinsRun = {
      target: target.label,
      rep,
      load,
      admission,
      joinsPerSecond: results.reduce((sum, r) => sum + r.joins, 0) / (measureMs / 1000),
      roomP50: rooms.p50,
      roomP99: rooms.p99,
      joinP50: joins.p50,
      joinP99: joins.p99,
      rooms: rooms.count,
      offeredRoomsPerSecond: roomsPerSecond,
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      firstError: results.find((r) => r.firstError)?.firstError ?? null,
      serverCpu: used.perProcess.get(server.pid) ?? Number.NaN,
      loadCpu: generators.pids.reduce((sum, pid) => sum + (used.perProcess.get(pid) ?? 0), 0),
      otherCpu: used.others,
      load1,
    };
    context.log(
      `joins ${target.label} ${load} ${admission} rep ${rep + 1}: ${run.joinsPerSecond.toFixed(0)} joins/s, create+8 joins p50 ${run.roomP50.toFixed(1)} p99 ${run.roomP99.toFixed(1)} ms, join p99 ${run.joinP99.toFixed(1)} ms, server ${(run.serverCpu * 100).toFixed(0)}% load-gen ${(run.loadCpu * 100).toFixed(0)}% others ${(run.otherCpu * 100).toFixed(0)}%${run.errors ? `, ${run.errors} errors: ${run.firstError}` : ''}`,
    );
    return run;
  } finally {
    await generators.stop();
    await server.stop();
  }
}

/**
 * Joins at the top of the hour: rooms created and filled with 8 members each (create, connect,
 * join; open rooms), as fast as the server takes them, and at a fixed offered load for the
 * latency of create + 8 joins. Holdspace also with knock and admit, at the fixed load.
 */
export async function joinsSuite(context: BenchContext): Promise<JoinsRun[]> {
  const runs: JoinsRun[] = [];
  const quiet = (run: () => Promise<JoinsRun>) => quietly(context, run, (r) => r.otherCpu);
  for (const [rep, target] of interleaved(context))
    runs.push(await quiet(() => measure(context, target, rep, 'max', 'open', 0)));
  const slowest = Math.min(
    ...context.targets.map((t) => median(runs.filter((r) => r.target === t.label).map((r) => r.joinsPerSecond))),
  );
  const roomsPerSecond = Math.max(1, Math.round((slowest * FIXED_SHARE) / ROOM_SIZE));
  context.log(`joins: the fixed load is ${roomsPerSecond} rooms/s (${roomsPerSecond * ROOM_SIZE} joins/s)`);
  for (const [rep, target] of interleaved(context)) {
    runs.push(await quiet(() => measure(context, target, rep, 'fixed', 'open', roomsPerSecond)));
    if (target.kind === 'holdspace')
      runs.push(await quiet(() => measure(context, target, rep, 'fixed', 'knock', roomsPerSecond)));
  }
  return runs;
}
