/**
 * `npm run bench`: starts Holdspace and the bare baselines as separate processes, drives them
 * from separate load-generator processes with real clients on loopback, interleaves them, and
 * writes BENCHMARKS.md. Not part of `npm test`.
 *
 *   npm run bench                              every suite, 3 repetitions
 *   npm run bench -- --suites fanout,joins     some suites
 *   npm run bench -- --before b0fbd3c          also run an earlier commit, side by side
 *   npm run bench -- --quick                   a fast check that everything runs
 *   npm run bench -- --targets sealed,haproxy  some targets (fan-out and capacity also run
 *                                              Holdspace sealed, behind HAProxy and ×2 behind it)
 *   npm run bench:lighthouse                   Lighthouse alone, 3 repetitions, into bench/results/
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BenchContext } from './lib/context.ts';
import { loadAverage, machineInfo } from './lib/procStats.ts';
import {
  bareSocketIo,
  deploymentSuites,
  holdspaceBehindProxy,
  holdspaceSealed,
  isDeployment,
  plainWs,
  type Target,
} from './lib/targets.ts';
import { buildClient, currentCommit, earlierTree, repoRoot } from './lib/trees.ts';
import { capacitySuite } from './suites/capacity.ts';
import { boardSyncSuite, clockSuite } from './suites/clock.ts';
import { readNotes, renderReport, type Results } from './report.ts';
import { fanoutSuite } from './suites/fanout.ts';
import { joinsSuite } from './suites/joins.ts';
import { memorySuite } from './suites/memory.ts';
import { lighthouseSuite } from './suites/lighthouse.ts';
import { pageSuite } from './suites/page.ts';

const { values } = parseArgs({
  options: {
    suites: { type: 'string', default: 'page,lighthouse,clock,board,memory,joins,fanout,capacity' },
    reps: { type: 'string', default: '3' },
    before: { type: 'string' },
    quick: { type: 'boolean', default: false },
    /**
     * Only these targets: holdspace, before, socketio, ws, and (fan-out and capacity only)
     * sealed, haproxy (one process behind HAProxy), haproxy2 (two processes behind it).
     */
    targets: { type: 'string' },
    /** Writes a CPU profile of every Holdspace server process into this folder. */
    'cpu-prof': { type: 'string' },
    json: { type: 'string', default: 'bench/results/latest.json' },
    out: { type: 'string' },
    /** Quiet means: everything not ours uses less than this many cores. */
    'quiet-cores': { type: 'string', default: '0.15' },
    /** Minutes to wait for a quiet machine before each measurement, at most. */
    'quiet-wait': { type: 'string', default: '10' },
  },
});

const targets: Target[] = [{ kind: 'holdspace', label: 'Holdspace', key: 'holdspace', dir: repoRoot }];
let before: { dir: string; commit: string } | null = null;
if (values.before) {
  before = earlierTree(values.before);
  targets.push({ kind: 'holdspace', label: 'Holdspace before', key: 'before', dir: before.dir });
}
targets.push(
  holdspaceSealed(repoRoot),
  holdspaceBehindProxy(repoRoot, 1),
  holdspaceBehindProxy(repoRoot, 2),
  bareSocketIo,
  plainWs,
);
if (values.targets) {
  const wanted = new Set(values.targets.split(','));
  const unknown = [...wanted].filter((key) => !targets.some((t) => t.key === key));
  if (unknown.length) throw new Error(`--targets: no target ${unknown.join(', ')} (${targets.map((t) => t.key)})`);
  targets.splice(0, targets.length, ...targets.filter((t) => wanted.has(t.key)));
}
if (values['cpu-prof']) for (const t of targets) if (t.kind === 'holdspace') t.cpuProfileDir = values['cpu-prof'];

const started = Date.now();
const log = (message: string) =>
  console.log(
    `[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s, load ${loadAverage().toFixed(2)}] ${message}`,
  );
const context: BenchContext = {
  targets,
  reps: Number(values.reps),
  quick: values.quick,
  log,
  quietCores: Number(values['quiet-cores']),
  quietWaitMs: Number(values['quiet-wait']) * 60_000,
};

log('building the client');
buildClient(repoRoot);
if (before) buildClient(before.dir);

const suites = new Set(values.suites.split(','));
const results: Record<string, unknown> = {
  machine: machineInfo(),
  commit: currentCommit(),
  before: before?.commit ?? null,
  startedAt: new Date(started).toISOString(),
  reps: context.reps,
  quick: context.quick,
};
/** The deployment targets (sealed, behind HAProxy) only where their figures mean something. */
const contextFor = (suite: string): BenchContext =>
  deploymentSuites.has(suite) ? context : { ...context, targets: targets.filter((t) => !isDeployment(t)) };
if (suites.has('page')) results.page = await pageSuite(contextFor('page'));
if (suites.has('lighthouse')) results.lighthouse = await lighthouseSuite(contextFor('lighthouse'));
if (suites.has('clock')) results.clock = await clockSuite(contextFor('clock'));
if (suites.has('board')) results.board = await boardSyncSuite(contextFor('board'));
if (suites.has('memory')) results.memory = await memorySuite(contextFor('memory'));
if (suites.has('joins')) results.joins = await joinsSuite(contextFor('joins'));
if (suites.has('fanout')) results.fanout = await fanoutSuite(contextFor('fanout'));
if (suites.has('capacity')) results.capacity = await capacitySuite(contextFor('capacity'));
results.minutes = (Date.now() - started) / 60_000;

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(values.json, `${JSON.stringify(results, null, 1)}\n`);
const out = values.out ?? (context.quick ? 'bench/results/quick.md' : 'BENCHMARKS.md');
writeFileSync(out, renderReport(results as unknown as Results, readNotes()));
// Its tables as the formatter writes them, so that `npm run lint` passes on a fresh report.
execFileSync('npx', ['biome', 'format', '--write', '--no-errors-on-unmatched', out], {
  cwd: repoRoot,
  stdio: 'ignore',
});
log(`wrote ${values.json} and ${out}`);
