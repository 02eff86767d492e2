import { type BenchContext, interleaved, quietly, sleep } from '../lib/context.ts';
import { LoadGenerators } from '../lib/loadGenerators.ts';
import { cpuWindow, loadAverage } from '../lib/procStats.ts';
import { startTarget } from '../lib/runningTarget.ts';
import { concat, latencySummary } from '../lib/stats.ts';
import type { TrafficResult } from '../load/traffic.ts';

export interface FanoutRun {
  target: string;
  rep: number;
  /** Deliveries per second asked for. */
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  p999: number;
  samples: number;
  /** Commands sent in the window: `samples` of their `sent × 8` deliveries arrived by the end of the drain. */
  sent?: number;
  /**
   * Cores used by the server (behind HAProxy: all its nodes), by the load generators, and by
   * everything else on the machine.
   */
  serverCpu: number;
  loadCpu: number;
  otherCpu: number;
  /** Each server process's cores (one entry, or one a node behind the proxy). */
  nodeCpu?: number[];
  /** HAProxy's cores (its threads together), for a target behind it; null for a direct one. */
  proxyCpu?: number | null;
  load1: number;
  refused: Record<string, number>;
}

const ROOMS = 250;
const ROOM_SIZE = 8;

/**
 * Fan-out: rooms of 8 in which members raise and lower hands, open loop, at 5k to 30k deliveries
 * a second (each command reaches all 8 members, its sender included). Per target and repetition,
 * one server (or one set of nodes behind HAProxy) and one set of rooms serve every rate in turn.
 */
export async function fanoutSuite(context: BenchContext): Promise<FanoutRun[]> {
  const rates = context.quick ? [5_000, 20_000] : [5_000, 10_000, 20_000, 30_000];
  const warmupMs = context.quick ? 1_000 : 3_000;
  const measureMs = context.quick ? 3_000 : 10_000;
  const runs: FanoutRun[] = [];
  for (const [rep, target] of interleaved(context)) {
    const server = await startTarget(target);
    const generators = LoadGenerators.start(2);
    try {
      await generators.fill(ROOMS, {
        kind: target.kind,
        url: server.url,
        size: ROOM_SIZE,
        board: false,
        fillBoard: false,
        startSession: true,
        concurrency: 10,
        routed: server.routed,
      });
      const measureRate = async (rate: number): Promise<FanoutRun> => {
        const load1 = loadAverage();
        const commandsPerSecond = rate / ROOM_SIZE;
        await generators.each(() => ({ op: 'startTraffic', commandsPerSecond: commandsPerSecond / 2 }));
        await sleep(warmupMs);
        await generators.each(() => ({ op: 'mark' }));
        const cpu = cpuWindow(() => [...server.pids, ...generators.pids]);
        await sleep(measureMs);
        const used = cpu.end();
        const results = await generators.each<TrafficResult>(() => ({ op: 'stopTraffic', drainMs: 1_500 }));
        const latency = latencySummary(concat(results.map((r) => r.latencies)));
        const nodeCpu = server.serverPids.map((pid) => used.perProcess.get(pid) ?? Number.NaN);
        const refused: Record<string, number> = {};
        for (const r of results)
          for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
        const run: FanoutRun = {
          target: target.label,
          rep,
          rate,
          achieved: results.reduce((sum, r) => sum + r.rate, 0) * ROOM_SIZE,
          p50: latency.p50,
          p99: latency.p99,
          p999: latency.p999,
          samples: latency.count,
          sent: results.reduce((sum, r) => sum + r.sent, 0),
          serverCpu: nodeCpu.reduce((sum, cores) => sum + cores, 0),
          loadCpu: generators.pids.reduce((sum, pid) => sum + (used.perProcess.get(pid) ?? 0), 0),
          otherCpu: used.others,
          nodeCpu,
          proxyCpu: server.proxyPid === null ? null : (used.perProcess.get(server.proxyPid) ?? Number.NaN),
          load1,
          refused,
        };
        return run;
      };
      const ours = () => [...server.pids, ...generators.pids];
      for (const rate of rates) {
        const run = await quietly(
          context,
          () => measureRate(rate),
          (r) => r.otherCpu,
          ours,
        );
        runs.push(run);
        context.log(
          `fanout ${target.label} rep ${rep + 1} ${rate}/s: p50 ${run.p50.toFixed(2)} p99 ${run.p99.toFixed(2)} p99.9 ${run.p999.toFixed(2)} ms, server ${(run.serverCpu * 100).toFixed(0)}%${run.nodeCpu!.length > 1 ? ` (${run.nodeCpu!.map((c) => (c * 100).toFixed(0)).join(' + ')})` : ''}${typeof run.proxyCpu === 'number' ? ` proxy ${(run.proxyCpu * 100).toFixed(0)}%` : ''} load-gen ${(run.loadCpu * 100).toFixed(0)}% others ${(run.otherCpu * 100).toFixed(0)}%, achieved ${run.achieved.toFixed(0)}/s, samples ${run.samples}${Object.keys(run.refused).length ? ` refused ${JSON.stringify(run.refused)}` : ''}`,
        );
        await sleep(500);
      }
    } finally {
      await generators.stop();
      await server.stop();
    }
  }
  return runs;
}
