import { latencySummary } from '../../bench/lib/stats.ts';
import type { TestMember } from './member.ts';

/** What a quiet room's members saw of the server while something else ran. */
export interface ProbeFigures {
  /** Round trips of clock samples, in ms. */
  p50: number;
  p99: number;
  /** The longest wait between two answers any one member saw, in ms. */
  longestGapMs: number;
  /** Samples that had no answer within the timeout. */
  unanswered: number;
  samples: number;
}

/** One member's clock samples, one every `everyMs` (as often as a connection's budget allows for good). */
async function sampleRoundTrips(
  member: TestMember,
  count: number,
  everyMs: number,
  timeoutMs: number,
): Promise<{ trips: number[]; longestGap: number; unanswered: number }> {
  const trips: number[] = [];
  let unanswered = 0;
  let lastAnswer = performance.now();
  let longestGap = 0;
  for (let i = 0; i < count; i++) {
    const next = new Promise((resolve) => setTimeout(resolve, everyMs));
    const started = performance.now();
    try {
      await member.socket.timeout(timeoutMs).emitWithAck('clock:ping', {});
      const now = performance.now();
      trips.push(now - started);
      longestGap = Math.max(longestGap, now - lastAnswer);
      lastAnswer = now;
    } catch {
      unanswered += 1;
    }
    await next;
  }
  longestGap = Math.max(longestGap, performance.now() - lastAnswer);
  return { trips, longestGap, unanswered };
}

/**
 * Members of a quiet room probe the server together, `count` samples each, 60 ms apart: the p99
 * of several members at once (450 round trips for three) does not hinge on one stall of the
 * whole machine, as the p99 of 150 did.
 */
export async function probeQuietRoom(
  members: readonly TestMember[],
  { count = 150, everyMs = 60, timeoutMs = 5_000 } = {},
): Promise<ProbeFigures> {
  const runs = await Promise.all(members.map((m) => sampleRoundTrips(m, count, everyMs, timeoutMs)));
  const summary = latencySummary(runs.flatMap((r) => r.trips));
  return {
    p50: summary.p50,
    p99: summary.p99,
    longestGapMs: Math.max(...runs.map((r) => r.longestGap)),
    unanswered: runs.reduce((sum, r) => sum + r.unanswered, 0),
    samples: members.length * count,
  };
}

/** The figures as one line, for a test's failure message or a benchmark's output. */
export function describeProbe(label: string, f: ProbeFigures): string {
  return `${label}: p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, longest gap ${f.longestGapMs.toFixed(0)} ms, ${f.unanswered}/${f.samples} unanswered`;
}

const GAP_SLACK_MS = 100;

/**
 * The bar for "another room is not slowed": under attack, the quiet room's p99 stays within
 * twice the baseline measured in the same test, plus 5 ms for a timer tick on a busy two-core
 * machine; its longest gap within twice the baseline's plus 100 ms, because one gap is one sample
 * (a collection or another process on a shared CI machine moved it from 77 to 187 ms once, while
 * the attacks it guards against stall rooms for seconds); and every sample is answered.
 */
export function withinBaseline(baseline: ProbeFigures, under: ProbeFigures): boolean {
  return (
    under.unanswered === 0 &&
    under.p99 < 2 * baseline.p99 + 5 &&
    under.longestGapMs < 2 * baseline.longestGapMs + GAP_SLACK_MS
  );
}
