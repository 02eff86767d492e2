import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import {
  currentReport,
  currentRound,
  currentRun,
  findMember,
  phaseTimer,
  type RoomState,
  type TurnOrder,
  withRun,
} from './state.ts';
import { isPaused, pauseTimer, startTimer, type Timer } from './timer.ts';

/** Starts a timer that respects the room's pause: a turn begun while paused starts paused [TM3]. */
export function startTimerInRoom(state: RoomState, durationMs: number, now: number): Timer {
  const timer = startTimer(durationMs, now);
  const clock = phaseTimer(state);
  return clock && isPaused(clock) ? pauseTimer(timer, now) : timer;
}

/**
 * The speaking order of a round: members present now, in join order, rotated so that each round
 * phase starts with someone else [AG3].
 */
export function roundOrder(state: RoomState): string[] {
  const present = state.members.filter((m) => m.connected).map((m) => m.id);
  if (present.length === 0) return [];
  const shift = state.roundsStarted % present.length;
  return [...present.slice(shift), ...present.slice(0, shift)];
}

/** A turn order's first turn: the order given, its first member's turn running from `now`. */
export function firstTurn(state: RoomState, order: string[], turnMs: number, now: number): TurnOrder {
  return advanceTurns(state, { order, turnIndex: 0, turn: null, skipped: [] }, 0, turnMs, now);
}

/** Counts one turn taken by `memberId`, in this phase and over the session [HQ2, HQ10]. */
export function countTurn(state: RoomState, memberId: string): RoomState {
  const add = (turns: Record<string, number>) => ({ ...turns, [memberId]: (turns[memberId] ?? 0) + 1 });
  return { ...state, turnsThisPhase: add(state.turnsThisPhase), turnsThisSession: add(state.turnsThisSession) };
}

/** The running turn order (a round's, or the report-back's) with the turn length of its phase. */
function runningTurns(state: RoomState): { run: TurnOrder; turnMs: number } | null {
  const round = currentRound(state);
  if (round) return { run: round.run, turnMs: round.phase.turnMs };
  const report = currentReport(state);
  return report ? { run: report.run, turnMs: report.phase.turnMs } : null;
}

/** The state with the running turn order replaced, whichever kind of phase holds it. */
function withTurns(state: RoomState, turns: TurnOrder): RoomState {
  const run = currentRun(state);
  if (run?.kind === 'round') return withRun(state, { ...run, ...turns });
  if (run?.kind === 'commitments') return withRun(state, { ...run, ...turns });
  return state;
}

/** Whether a turn that comes to this member now is theirs to take, or skipped [AG3]. */
function hereForTurn(state: RoomState, memberId: string): boolean {
  return findMember(state, memberId)?.connected === true;
}

/**
 * The order moves on to the first member at or after `from` who is here, whose turn starts at
 * once; anyone away when their turn comes is skipped, not given a turn on an empty chair [AG3].
 */
export function advanceTurns<T extends TurnOrder>(
  state: RoomState,
  run: T,
  from: number,
  turnMs: number,
  now: number,
): T {
  let turnIndex = from;
  const skipped = [...run.skipped];
  for (let id = run.order[turnIndex]; id !== undefined && !hereForTurn(state, id); id = run.order[turnIndex]) {
    skipped.push(id);
    turnIndex += 1;
  }
  const turn = turnIndex < run.order.length ? startTimerInRoom(state, turnMs, now) : null;
  return { ...run, turnIndex, turn, skipped };
}

/** Whose turn it is when the current one ends, as things stand: the next in order who is here [AG3]. */
export function nextInRound(state: RoomState, run: TurnOrder): string | null {
  if (run.turn === null) return null;
  return run.order.slice(run.turnIndex + 1).find((id) => hereForTurn(state, id)) ?? null;
}

/** A member who joins while a round or the report-back is under way gets a turn at the end of it [AG3, RB1]. */
export function joinLateTurns(state: RoomState, memberId: string, now: number): RoomState {
  const turns = runningTurns(state);
  if (!turns || turns.run.order.includes(memberId)) return state;
  const wasComplete = turns.run.turnIndex >= turns.run.order.length;
  const turn = wasComplete ? startTimerInRoom(state, turns.turnMs, now) : turns.run.turn;
  return withTurns(state, { ...turns.run, order: [...turns.run.order, memberId], turn });
}

/**
 * Ends the current round turn; the next person's turn starts at once [AG3]. The speaker or the
 * facilitator ends a turn, and it counts as a turn taken; only the speaker can pass theirs, which
 * counts as none [HQ6].
 */
export function endRoundTurn(state: RoomState, actor: string, now: number, pass: boolean): ReduceResult {
  const round = currentRound(state);
  if (!round) return refuse('notARound');
  const { phase, run } = round;
  const speaker = run.order[run.turnIndex];
  if (speaker === undefined) return refuse('roundDone');
  const allowed = actor === speaker || (!pass && actor === state.facilitatorId);
  if (!allowed) return refuse('notYourTurn');
  const passed = pass ? [...run.passed, speaker] : run.passed;
  const next = advanceTurns(state, { ...run, passed }, run.turnIndex + 1, phase.turnMs, now);
  const counted = pass ? state : countTurn(state, speaker);
  return accept(withRun(counted, next));
}

/**
 * A member whose turn went by while they were away gets it back: right after the current turn, or
 * at once if everyone else has had theirs. The facilitator gives it; a member who has come back
 * takes it themselves [AG3].
 */
export function giveTurnBack(state: RoomState, actor: string, memberId: string, now: number): ReduceResult {
  const turns = runningTurns(state);
  if (!turns) return refuse('notARound');
  if (actor !== state.facilitatorId && actor !== memberId) return refuse('notFacilitator');
  const { order, turnIndex, skipped } = turns.run;
  if (!skipped.includes(memberId)) return refuse('notSkipped');
  if (!hereForTurn(state, memberId)) return refuse('notConnected', findMember(state, memberId)?.name ?? 'They');
  const was = order.indexOf(memberId);
  const rest = order.filter((id) => id !== memberId);
  const current = was >= 0 && was < turnIndex ? turnIndex - 1 : turnIndex;
  const back: TurnOrder = { ...turns.run, skipped: skipped.filter((id) => id !== memberId) };
  if (current < rest.length) {
    const order = [...rest.slice(0, current + 1), memberId, ...rest.slice(current + 1)];
    return accept(withTurns(state, { ...back, order, turnIndex: current }));
  }
  const reopened = { ...back, order: [...rest, memberId], turnIndex: current };
  return accept(withTurns(state, advanceTurns(state, reopened, current, turns.turnMs, now)));
}
