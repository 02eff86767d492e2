import type { PhaseDef } from '../protocol/agenda.ts';
import { currentHotSeat, currentPhase, type RoomState, running } from './state.ts';
import { hotSeatStepTitles } from './hotSeatSteps.ts';

/** The guide's words for this moment: what the facilitator says, and what members are asked [GD1]. */
export interface Script {
  /** For the facilitator: what to say now. */
  say: string | null;
  /** For members: their own prompt now. */
  prompt: string | null;
  /** For the facilitator: what comes next, and its words. */
  next: { title: string; say: string | null } | null;
}

const lobbyWords = 'Welcome, everyone. When all are here, start the session.';
const closingWords =
  'Thank you for holding this space together. Before you go: export the board, and set the next three dates.';

function upNext(phase: PhaseDef | undefined): Script['next'] {
  return phase ? { title: phase.title, say: phase.say ?? null } : null;
}

/**
 * The words for where the room is: a phase's own, or in a hot seat the step's, with what comes
 * after — the next step, or the next phase [GD1]. Words the group left empty are null.
 *
 * scriptNow(lobbyState).next?.title === 'One-word check-in'
 */
export function scriptNow(state: RoomState): Script {
  const session = state.session;
  if (session.stage === 'lobby') return { say: lobbyWords, prompt: null, next: upNext(state.agenda[0]) };
  if (session.stage !== 'running') return { say: closingWords, prompt: null, next: null };
  const phase = currentPhase(state);
  if (!phase) return { say: null, prompt: null, next: null };
  const afterPhase = upNext(state.agenda[(running(state)?.phaseIndex ?? 0) + 1]);
  const seat = currentHotSeat(state);
  const step = seat && seat.run.seatId !== null ? seat.phase.steps[seat.run.stepIndex] : undefined;
  if (!seat || !step) return { say: phase.say ?? null, prompt: phase.prompt ?? null, next: afterPhase };
  const following = seat.phase.steps[seat.run.stepIndex + 1];
  return {
    say: step.say ?? null,
    prompt: step.prompt ?? null,
    next: following ? { title: hotSeatStepTitles[following.step], say: following.say ?? null } : afterPhase,
  };
}
