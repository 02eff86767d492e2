import { type BenchContext, interleaved, quietly, sleep } from '../lib/context.ts';
import { LoadGenerators } from '../lib/loadGenerators.ts';
import { cpuWindow, loadAverage } from '../lib/procStats.ts';
import { startTarget } from '../lib/runningTarget.ts';
import { isDeployment } from '../lib/targets.ts';
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
  /** Cores: the server (behind HAProxy: all its nodes), the load generators, everything else. */
  serverCpu: number;
  loadCpu: number;
  otherCpu: number;
  /** Resident memory of the server (behind HAProxy: its nodes together). */
  rssMiB: number;
  load1: number;
  refused: Record<string, number>;
  /** Each server process's cores (one entry, or one a node behind the proxy). */
  nodeCpu?: number[];
  /** HAProxy's cores and resident memory, for a target behind it; null for a direct one. */
  proxyCpu?: number | null;
  proxyRssMiB?: number | null;
  /** The most members this ramp could reach on this machine, and what set that. */
  ceiling?: { members: number; by: 'server connections' | 'proxy connections' | 'the ramp' };
  /** The ramp's last step: adding members to reach the next size failed, and why. */
  failedAt?: { members: number; error: string };
}

const ROOM_SIZE = 8;
const GENERATORS = 2;
/** A realistic session: each member sends a command (a hand up or down) every 10 s on average. */
const SECONDS_BETWEEN_COMMANDS = 10;
const P99_LIMIT_MS = 50;
/**
 * Capacity: members in rooms of 8 at realistic activity, added 2,000 at a time, each step
 * measured, until p99 passes 50 ms or the server would run out of open files (20,000 a process
 * here: one socket a member, whose board (Holdspace) travels on the same connection), or, behind
 * HAProxy, the proxy out of connections (two open files each). Holdspace runs with boards open
 * (on each member's one connection) and, like the baselines, without; sealed and behind HAProxy,
 * without.
 */
export async function capacitySuite(context: BenchContext): Promise<CapacityStep[]> {
  const steps: CapacityStep[] = [];
  const stepMembers = context.quick ? 1_000 : 2_000;
  const maxMembers = context.quick ? 2_000 : 18_000;
  const measureMs = context.quick ? 4_000 : 10_000;
  const variants = context.targets.flatMap((target) =>
    target.kind === 'holdspace' && !isDeployment(target)
      ? [
          { target, boards: true },
          { target, boards: false },
        ]
      : [{ target, boards: false }],
  );
  const measured = context.targets.filter((t) => t.kind !== 'ws');
  for (const [rep, target] of interleaved(context, measured)) {
    for (const { boards } of variants.filter((v) => v.target === target)) {
      const server = await startTarget(target);
      const generators = LoadGenerators.start(GENERATORS);
      try {
        const byMachine = Math.floor(server.maxConnections / ROOM_SIZE) * ROOM_SIZE;
        const limit = Math.min(maxMembers, byMachine);
        const ceiling = { members: limit, by: byMachine <= maxMembers ? server.ceiling : ('the ramp' as const) };
        let members = 0;
        while (members < limit) {
          const rooms = (Math.min(limit, members + stepMembers) - members) / ROOM_SIZE;
          members += rooms * ROOM_SIZE;
          try {
            await generators.fill(rooms, {
              kind: target.kind,
              url: server.url,
              size: ROOM_SIZE,
              board: boards,
              fillBoard: false,
              startSession: true,
              concurrency: 8,
              routed: server.routed,
            });
          } catch (error) {
            // A refused connection or join ends this ramp, not the run: the steps so far stand.
            const why = ((error as Error).message ?? String(error)).split('\n')[0]!;
            const last = steps.at(-1);
            if (last && last.target === target.label && last.boards === boards && last.rep === rep) {
              last.failedAt = { members, error: why };
            }
            context.log(
              `capacity ${target.label}${boards ? ' with boards' : ''} rep ${rep + 1}: adding members up to ${members} failed (${why}); the ramp ends here`,
            );
            break;
          }
          const measureStep = async (): Promise<CapacityStep> => {
            const load1 = loadAverage();
            const commandsPerSecond = members / SECONDS_BETWEEN_COMMANDS;
            await generators.each(() => ({ op: 'startTraffic', commandsPerSecond: commandsPerSecond / GENERATORS }));
            await sleep(2_000);
            await generators.each(() => ({ op: 'mark' }));
            const cpu = cpuWindow(() => [...server.pids, ...generators.pids]);
            await sleep(measureMs);
            const used = cpu.end();
            const results = await generators.each<TrafficResult>(() => ({ op: 'stopTraffic', drainMs: 1_000 }));
            const latency = latencySummary(concat(results.map((r) => r.latencies)));
            const nodeCpu = server.serverPids.map((pid) => used.perProcess.get(pid) ?? Number.NaN);
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
              serverCpu: nodeCpu.reduce((sum, cores) => sum + cores, 0),
              loadCpu: generators.pids.reduce((sum, pid) => sum + (used.perProcess.get(pid) ?? 0), 0),
              otherCpu: used.others,
              rssMiB: server.rssBytes() / 1024 / 1024,
              load1,
              refused,
              nodeCpu,
              proxyCpu: server.proxyPid === null ? null : (used.perProcess.get(server.proxyPid) ?? Number.NaN),
              proxyRssMiB: server.proxyPid === null ? null : server.proxyRssBytes() / 1024 / 1024,
              ceiling,
            };
            return step;
          };
          const step = await quietly(
            context,
            measureStep,
            (r) => r.otherCpu,
            () => [...server.pids, ...generators.pids],
          );
          steps.push(step);
          context.log(
            `capacity ${target.label}${boards ? ' with boards' : ''} rep ${rep + 1} ${members} members: p50 ${step.p50.toFixed(2)} p99 ${step.p99.toFixed(2)} ms, server ${(step.serverCpu * 100).toFixed(0)}%${nodesNote(step)}${typeof step.proxyCpu === 'number' ? ` proxy ${(step.proxyCpu * 100).toFixed(0)}%` : ''} load-gen ${(step.loadCpu * 100).toFixed(0)}% others ${(step.otherCpu * 100).toFixed(0)}%, RSS ${step.rssMiB.toFixed(0)} MiB${Object.keys(step.refused).length ? ` refused ${JSON.stringify(step.refused)}` : ''}`,
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

/** " (31 + 29)": each node's share of the server CPU, behind the proxy with more than one. */
function nodesNote(step: CapacityStep): string {
  const nodes = step.nodeCpu ?? [];
  return nodes.length > 1 ? ` (${nodes.map((c) => (c * 100).toFixed(0)).join(' + ')})` : '';
}
