import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { currentReport, type ReportPart, type RoomState, withRun } from './state.ts';
import { advanceTurns } from './turnOrder.ts';

/**
 * The report-back round moves on [RB1]. From last time's commitment it moves to this time's, the
 * same member still in focus; from this time's, to the next member, last time first. The device
 * that sends it says which member and which part its screen showed: a member with no "last time"
 * on the board is shown this time's at once, and a second tap (or two people tapping at once)
 * that arrives after the first has moved on is refused rather than skipping someone. The
 * facilitator, the scribe and the member in focus move it.
 */
export function nextReport(
  state: RoomState,
  actor: string,
  shown: { memberId: string; from: ReportPart },
  now: number,
): ReduceResult {
  const report = currentReport(state);
  if (!report) return refuse('notAReportBack');
  const { phase, run } = report;
  const inFocus = run.order[run.turnIndex];
  if (inFocus === undefined) return refuse('reportDone');
  if (actor !== state.facilitatorId && actor !== state.scribeId && actor !== inFocus) return refuse('notReporter');
  const { memberId, from } = shown;
  if (memberId !== inFocus || (from === 'last' && run.part !== 'last')) return refuse('reportMoved');
  if (from === 'last') return accept(withRun(state, { ...run, part: 'this' }));
  const next = advanceTurns(state, run, run.turnIndex + 1, phase.turnMs, now);
  return accept(withRun(state, { ...next, part: 'last' }));
}
