import { type BenchContext, interleaved, waitForQuiet } from '../lib/context.ts';
import { LoadGenerator } from '../lib/loadGenerators.ts';
import { loadAverage } from '../lib/procStats.ts';
import { startServer } from '../lib/serverProcess.ts';
import { percentile } from '../lib/stats.ts';
import { repoRoot } from '../lib/trees.ts';
import type { BoardSyncResult } from '../load/boardSync.ts';
import type { ClockResult } from '../load/clockAgreement.ts';

export interface ClockRun {
  target: string;
  rep: number;
  clients: number;
  trials: number;
  spreadP50: number;
  spreadP99: number;
  errorP50: number;
  errorP99: number;
  load1: number;
}

export interface BoardSyncRun {
  target: string;
  rep: number;
  runs: number;
  p50: number;
  p95: number;
  load1: number;
}

const CLIENTS = 50;

/**
 * Timer agreement across 50 devices in one room (the server's capacity raised to 50 for it), each
 * device clock off by up to ±10 minutes and each leg of each round trip delayed 0–150 ms.
 */
export async function clockSuite(context: BenchContext): Promise<ClockRun[]> {
  const runs: ClockRun[] = [];
  const holdspaces = context.targets.filter((t) => t.kind === 'holdspace');
  for (const [rep, target] of interleaved(context, holdspaces)) {
    await waitForQuiet(context);
    const server = await startServer(target, { env: { HOLDSPACE_CAPACITY: String(CLIENTS) } });
    const generator = LoadGenerator.start();
    try {
      const load1 = loadAverage();
      const trials = context.quick ? 3 : 20;
      const result = await generator.call<ClockResult>({
        op: 'clock',
        options: {
          url: server.url,
          tree: target.dir ?? repoRoot,
          clients: CLIENTS,
          trials,
          skewMs: 600_000,
          jitterMs: 150,
        },
      });
      const run: ClockRun = {
        target: target.label,
        rep,
        clients: CLIENTS,
        trials,
        spreadP50: percentile(result.spreads, 50),
        spreadP99: percentile(result.spreads, 99),
        errorP50: percentile(result.errors, 50),
        errorP99: percentile(result.errors, 99),
        load1,
      };
      runs.push(run);
      context.log(
        `clock ${target.label} rep ${rep + 1}: spread p50 ${run.spreadP50.toFixed(1)} p99 ${run.spreadP99.toFixed(1)} ms; per-device error p50 ${run.errorP50.toFixed(1)} p99 ${run.errorP99.toFixed(1)} ms`,
      );
    } finally {
      await generator.stop();
      await server.stop();
    }
  }
  return runs;
}

/** A late joiner's board: a room of 12 with every row filled, the board opened afresh. */
export async function boardSyncSuite(context: BenchContext): Promise<BoardSyncRun[]> {
  const runs: BoardSyncRun[] = [];
  const holdspaces = context.targets.filter((t) => t.kind === 'holdspace');
  for (const [rep, target] of interleaved(context, holdspaces)) {
    await waitForQuiet(context);
    const server = await startServer(target);
    const generator = LoadGenerator.start();
    try {
      const load1 = loadAverage();
      const count = context.quick ? 5 : 40;
      const result = await generator.call<BoardSyncResult>({ op: 'boardSync', url: server.url, runs: count, size: 12 });
      const run: BoardSyncRun = {
        target: target.label,
        rep,
        runs: count,
        p50: percentile(result.syncMs, 50),
        p95: percentile(result.syncMs, 95),
        load1,
      };
      runs.push(run);
      context.log(`board sync ${target.label} rep ${rep + 1}: p50 ${run.p50.toFixed(1)} p95 ${run.p95.toFixed(1)} ms`);
    } finally {
      await generator.stop();
      await server.stop();
    }
  }
  return runs;
}
