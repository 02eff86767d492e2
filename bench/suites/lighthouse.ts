import { fileURLToPath } from 'node:url';
import { type BenchContext, interleaved, waitForQuiet } from '../lib/context.ts';
import { audit, type LighthouseFigures } from '../lib/lighthouse.ts';
import { loadAverage } from '../lib/procStats.ts';
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
}

/** Full reports, for the Lighthouse viewer (bench/results/ is not committed). */
const REPORTS_DIR = fileURLToPath(new URL('../results/lighthouse/', import.meta.url));

/**
 * The room page as its creator reopens it: a room made through the API whose creator has joined
 * and started the session (a test device holding the creator's secret), then opened by a browser
 * that holds the same secret, so the page goes straight to the room, timer running.
 */
async function auditRoom(server: RunningServer, target: Target, saveAs: string): Promise<LighthouseFigures> {
  const { roomId, secret } = await createRoom(server.url, 'open');
  const TestMember = await testMemberOf(target.dir ?? repoRoot);
  const creator = await TestMember.join(server.url, roomId, 'Facilitator', secret);
  try {
    await creator.do({ type: 'session:start' });
    return await audit(`${server.url}/#/r/${roomId}`, {
      storage: { [`holdspace.secret.${roomId}`]: secret },
      saveAs: { dir: REPORTS_DIR, name: saveAs },
    });
  } finally {
    await creator.send({ type: 'room:end' });
    creator.close();
  }
}

/**
 * Lighthouse's mobile audit of the create page (`/#/`) and of a room page as a member sees it,
 * each in a fresh Chromium against a server of its own; the report gives the median of each
 * figure over the repetitions.
 */
export async function lighthouseSuite(context: BenchContext): Promise<LighthouseRun[]> {
  const runs: LighthouseRun[] = [];
  const holdspaces = context.targets.filter((t) => t.kind === 'holdspace');
  for (const [rep, target] of interleaved(context, holdspaces)) {
    const server = await startServer(target);
    try {
      for (const page of ['create', 'room'] as const) {
        await waitForQuiet(context);
        const load1 = loadAverage();
        const saveAs = `${target.label.replaceAll(' ', '-')}-${page}-${rep + 1}`;
        const figures =
          page === 'create'
            ? await audit(`${server.url}/#/`, { saveAs: { dir: REPORTS_DIR, name: saveAs } })
            : await auditRoom(server, target, saveAs);
        runs.push({ target: target.label, rep, page, load1, ...figures });
        context.log(
          `lighthouse ${target.label} ${page} rep ${rep + 1}: performance ${figures.performance}, accessibility ${figures.accessibility}, best practices ${figures.bestPractices}, SEO ${figures.seo}; CLS ${figures.cls.toFixed(3)}, TBT ${figures.tbtMs.toFixed(0)} ms, LCP ${figures.lcpMs.toFixed(0)} ms${figures.failing.length ? `; failing: ${figures.failing.join(', ')}` : ''}`,
        );
      }
    } finally {
      await server.stop();
    }
  }
  return runs;
}
