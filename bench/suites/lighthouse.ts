import { fileURLToPath } from 'node:url';
import { type BenchContext, interleaved, quietly } from '../lib/context.ts';
import { type Audit, audit, type LighthouseFigures, saveReport } from '../lib/lighthouse.ts';
import { loadAverage, othersWindow } from '../lib/procStats.ts';
import { type RunningServer, startServer } from '../lib/serverProcess.ts';
import type { Target } from '../lib/targets.ts';
import { repoRoot, testMemberOf } from '../lib/trees.ts';
import { createRoom } from '../load/drivers.ts';

export type AuditedPage = 'create' | 'room';

export interface LighthouseRun extends LighthouseFigures {
  target: string;
  rep: number;
  page: AuditedPage;
  load1: number;
  /** Cores the rest of the machine used during the run: Lighthouse scales the tasks it saw by 4. */
  otherCpu: number;
}

/** Full reports, for the Lighthouse viewer (bench/results/ is not committed). */
const REPORTS_DIR = fileURLToPath(new URL('../results/lighthouse/', import.meta.url));

/**
 * The room page as its creator reopens it: a room made through the API whose creator has joined
 * and started the session (a test device holding the creator's secret), then opened by a browser
 * that holds the same secret, so the page goes straight to the room, timer running.
 */
async function auditRoom(server: RunningServer, target: Target): Promise<Audit> {
  const { roomId, secret } = await createRoom(server.url, 'open');
  const TestMember = await testMemberOf(target.dir ?? repoRoot);
  const creator = await TestMember.join(server.url, roomId, 'Facilitator', secret);
  try {
    await creator.do({ type: 'session:start' });
    return await audit(`${server.url}/#/r/${roomId}`, { [`holdspace.secret.${roomId}`]: secret });
  } finally {
    await creator.send({ type: 'room:end' });
    creator.close();
  }
}

/**
 * Lighthouse's mobile audit of the create page (`/#/`) and of a room page as a member sees it,
 * each in a fresh Chromium against a server of its own; the report gives the median of each
 * figure over the repetitions. A run during which the rest of the shared machine was busy is run
 * again (at most three times, the quietest kept): its tasks would look longer than they are.
 */
export async function lighthouseSuite(context: BenchContext): Promise<LighthouseRun[]> {
  const runs: LighthouseRun[] = [];
  const holdspaces = context.targets.filter((t) => t.kind === 'holdspace');
  for (const [rep, target] of interleaved(context, holdspaces)) {
    const server = await startServer(target);
    try {
      for (const page of ['create', 'room'] as const) {
        const measure = async () => {
          const load1 = loadAverage();
          const others = othersWindow();
          const run = page === 'create' ? await audit(`${server.url}/#/`) : await auditRoom(server, target);
          return { run, load1, otherCpu: others.end() };
        };
        const { run: kept, load1, otherCpu } = await quietly(context, measure, (r) => r.otherCpu);
        saveReport(kept, REPORTS_DIR, `${target.label.replaceAll(' ', '-')}-${page}-${rep + 1}`);
        const run: LighthouseRun = { target: target.label, rep, page, load1, otherCpu, ...kept.figures };
        runs.push(run);
        context.log(
          `lighthouse ${target.label} ${page} rep ${rep + 1}: performance ${run.performance}, accessibility ${run.accessibility}, best practices ${run.bestPractices}, SEO ${run.seo}; CLS ${run.cls.toFixed(3)}, TBT ${run.tbtMs.toFixed(0)} ms, LCP ${run.lcpMs.toFixed(0)} ms; others ${(run.otherCpu * 100).toFixed(0)}% of a core${run.failing.length ? `; failing: ${run.failing.join(', ')}` : ''}${run.warnings.length ? `; Lighthouse warned: ${run.warnings.join(' ')}` : ''}`,
        );
      }
    } finally {
      await server.stop();
    }
  }
  return runs;
}
