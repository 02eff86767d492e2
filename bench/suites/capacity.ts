import { type BenchContext, interleaved, quietly, sleep } from '../lib/context.ts';
import { LoadGenerators, split } from '../lib/loadGenerators.ts';
import { cpuWindow, loadAverage } from '../lib/procStats.ts';
import { startServer } from '../lib/serverProcess.ts';
import { concat, latencySummary } from '../lib/stats.ts';
import type { TrafficResult } from '../load/traffic.ts';

export interface CapacityStep {
  target: string;
  rep: number;
  /** Every member's device also holds the board open (Holdspace). */
  boards: boolean;
  members: number;
  p50: number;
  p99: number;
  p999: number;
  serverCpu: number;
  loadCpu: number;
  otherCpu: number;
  rssMiB: number;
  load1: number;
  refused: Record<string, number>;
}

const ROOM_SIZE = 8;
const GENERATORS = 2;
/** A realistic session: each member sends a command (a hand up or down) every 10 s on average. */
const SECONDS_BETWEEN_COMMANDS = 10;
const P99_LIMIT_MS = 50;
/**
 * The machine's open-file limit (20,000) caps how many sockets the server can hold: one a member,
 * whose board (Holdspace) travels on the same connection.
 */
const MAX_SERVER_SOCKETS = 19_500;

/**
 * Capacity: members in rooms of 8 at realistic activity, added 2,000 at a time, each step
 * measured, until p99 passes 50 ms or the server would run out of open files. Holdspace runs
 * with boards open (on each member's one connection) and, like the baselines, without.
 */
export async function capacitySuite(context: BenchContext): Promise<CapacityStep[]> {
  const steps: CapacityStep[] = [];
  const stepMembers = context.quick ? 1_000 : 2_000;
  const maxMembers = context.quick ? 2_000 : 18_000;
  const measureMs = context.quick ? 4_000 : 10_000;
  const variants = context.targets.flatMap((target) =>
    target.kind === 'holdspace'
      ? [
          { target, boards: true },
          { target, boards: false },
        ]
      : [{ target, boards: false }],
  );
  const measured = context.targets.filter((t) => t.kind !== 'ws');
  for (const [rep, target] of interleaved(context, measured)) {
    for (const { boards } of variants.filter((v) => v.target === target)) {
      const server = await startServer(target);
      const generators = LoadGenerators.start(GENERATORS);
      try {
        const limit = Math.min(maxMembers, Math.floor(MAX_SERVER_SOCKETS / ROOM_SIZE) * ROOM_SIZE);
        let members = 0;
        while (members < limit) {
          const rooms = (Math.min(limit, members + stepMembers) - members) / ROOM_SIZE;
          members += rooms * ROOM_SIZE;
          await generators.each((i) => ({
            op: 'fill',
            options: {
              kind: target.kind,
              url: server.url,
              rooms: split(rooms, GENERATORS, i),
              size: ROOM_SIZE,
              board: boards,
              fillBoard: false,
              startSession: true,
              concurrency: 8,
            },
          }));
          const measureStep = async (): Promise<CapacityStep> => {
            const load1 = loadAverage();
            const commandsPerSecond = members / SECONDS_BETWEEN_COMMANDS;
            await generators.each(() => ({ op: 'startTraffic', commandsPerSecond: commandsPerSecond / GENERATORS }));
            await sleep(2_000);
            await generators.each(() => ({ op: 'mark' }));
            const cpu = cpuWindow(() => [server.pid, ...generators.pids]);
            await sleep(measureMs);
            const used = cpu.end();
            const results = await generators.each<TrafficResult>(() => ({ op: 'stopTraffic', drainMs: 1_000 }));
            const latency = latencySummary(concat(results.map((r) => r.latencies)));
            const refused: Record<string, number> = {};
            for (const r of results)
              for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
            const step: CapacityStep = {
              target: target.label,
              rep,
              boards,
              members,
              p50: latency.p50,
              p99: latency.p99,
              p999: latency.p999,
              serverCpu: used.perProcess.get(server.pid) ?? Number.NaN,
              loadCpu: generators.pids.reduce((sum, pid) => sum + (used.perProcess.get(pid) ?? 0), 0),
              otherCpu: used.others,
              rssMiB: server.rssBytes() / 1024 / 1024,
              load1,
              refused,
            };
            return step;
          };
          const step = await quietly(
            context,
            measureStep,
            (r) => r.otherCpu,
            () => [server.pid, ...generators.pids],
          );
          steps.push(step);
          context.log(
            `capacity ${target.label}${boards ? ' with boards' : ''} rep ${rep + 1} ${members} members: p50 ${step.p50.toFixed(2)} p99 ${step.p99.toFixed(2)} ms, server ${(step.serverCpu * 100).toFixed(0)}% load-gen ${(step.loadCpu * 100).toFixed(0)}% others ${(step.otherCpu * 100).toFixed(0)}%, RSS ${step.rssMiB.toFixed(0)} MiB${Object.keys(step.refused).length ? ` refused ${JSON.stringify(step.refused)}` : ''}`,
          );
          if (!(step.p99 < P99_LIMIT_MS)) break;
        }
      } finally {
        await generators.stop();
        await server.stop();
      }
    }
  }
  return steps;
}
