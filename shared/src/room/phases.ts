import type { PhaseDef } from '../protocol/agenda.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import {
  currentHotSeat,
  currentRound,
  findMember,
  type PhaseRun,
  phaseTimer,
  type RoomState,
  type RoundRun,
  running,
  type SavedPhase,
  withRun,
} from './state.ts';
import { isPaused, pauseTimer, resumeTimer, startTimer, type Timer } from './timer.ts';
import { everyTimer } from './timerControls.ts';

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

function runFor(state: RoomState, phase: PhaseDef, now: number): { run: PhaseRun; roundsStarted: number } {
  switch (phase.kind) {
    case 'round': {
      const order = roundOrder(state);
      const turn = order.length > 0 ? startTimer(phase.turnMs, now) : null;
      return {
        run: { kind: 'round', order, turnIndex: 0, turn, passed: [], skipped: [] },
        roundsStarted: state.roundsStarted + 1,
      };
    }
    case 'hotseat':
      return {
        run: { kind: 'hotseat', seatId: null, stepIndex: 0, stepTimer: null, seatsDone: [], choice: null },
        roundsStarted: state.roundsStarted,
      };
    default:
      return { run: { kind: phase.kind }, roundsStarted: state.roundsStarted };
  }
}

/** The queue belongs to one phase or hot-seat step: a new one starts with no hands and no speaker [HQ3]. */
function clearQueue(state: RoomState): RoomState {
  return { ...state, hands: [], floor: null };
}

/** Keeps the phase being left as it is, its clocks stopped, so that coming back resumes it [AG4]. */
function saveProgress(state: RoomState, now: number): RoomState {
  const stopped = running(everyTimer({ ...state, floor: null }, (t) => pauseTimer(t, now)));
  if (!stopped) return state;
  const saved: SavedPhase = { run: stopped.run, timer: stopped.timer, turnsThisPhase: state.turnsThisPhase };
  return { ...state, savedPhases: { ...state.savedPhases, [stopped.phaseIndex]: saved } };
}

/**
 * Enters phase `index` [AG4]: where it was left, if the room has been there before (its clocks run
 * on from where they stopped; its turns, hot seats and the tokens spent in it stand), else afresh,
 * its timer running from `now`. Past the end, the session is finished.
 */
function enterPhase(state: RoomState, index: number, now: number): RoomState {
  const { [index]: saved, ...savedPhases } = saveProgress(state, now).savedPhases;
  const cleared = { ...clearQueue(state), turnsThisPhase: {}, savedPhases };
  const phase = state.agenda[index];
  if (!phase) return { ...cleared, session: { stage: 'finished' } };
  if (saved) {
    const back: RoomState = {
      ...cleared,
      session: { stage: 'running', phaseIndex: index, timer: saved.timer, run: saved.run },
      turnsThisPhase: saved.turnsThisPhase,
    };
    return everyTimer(back, (t) => resumeTimer(t, now));
  }
  const { run, roundsStarted } = runFor(state, phase, now);
  return {
    ...cleared,
    session: { stage: 'running', phaseIndex: index, timer: startTimer(phase.durationMs, now), run },
    roundsStarted,
  };
}

export function setAgenda(state: RoomState, agenda: PhaseDef[]): ReduceResult {
  if (state.session.stage !== 'lobby') {
    return refuse('agendaLocked');
  }
  return accept({ ...state, agenda });
}

export function startSession(state: RoomState, now: number): ReduceResult {
  if (state.session.stage !== 'lobby') return refuse('alreadyStarted');
  return accept(enterPhase(state, 0, now));
}

export function nextPhase(state: RoomState, now: number): ReduceResult {
  const session = running(state);
  if (!session) return refuse('noNextPhase');
  return accept(enterPhase(state, session.phaseIndex + 1, now));
}

/** Back one phase; from a finished session, back into the last phase [AG4]. */
export function previousPhase(state: RoomState, now: number): ReduceResult {
  const { session } = state;
  const index =
    session.stage === 'running' ? session.phaseIndex - 1 : session.stage === 'finished' ? state.agenda.length - 1 : -1;
  if (index < 0) return refuse('noPreviousPhase');
  return accept(enterPhase(state, index, now));
}

/** A member who joins during a round that is under way gets a turn at the end of it [AG3]. */
export function joinLateRound(state: RoomState, memberId: string, now: number): RoomState {
  const round = currentRound(state);
  if (!round || round.run.order.includes(memberId)) return state;
  const { phase, run } = round;
  const roundWasComplete = run.turnIndex >= run.order.length;
  const turn = roundWasComplete ? startTimerInRoom(state, phase.turnMs, now) : run.turn;
  return withRun(state, { ...run, order: [...run.order, memberId], turn });
}

/** Whether a round turn that comes to this member now is theirs to take, or skipped [AG3]. */
function hereForTurn(state: RoomState, memberId: string): boolean {
  return findMember(state, memberId)?.connected === true;
}

/**
 * The round moves on to the first member at or after `from` who is here, whose turn starts at
 * once; anyone away when their turn comes is skipped, not given a turn on an empty chair [AG3].
 */
export function advanceRound(state: RoomState, run: RoundRun, from: number, turnMs: number, now: number): RoundRun {
  let turnIndex = from;
  const skipped = [...run.skipped];
  for (let id = run.order[turnIndex]; id !== undefined && !hereForTurn(state, id); id = run.order[turnIndex]) {
    skipped.push(id);
    turnIndex += 1;
  }
  const turn = turnIndex < run.order.length ? startTimerInRoom(state, turnMs, now) : null;
  return { ...run, turnIndex, turn, skipped };
}

/** Who speaks when the current round turn ends, as things stand: the next in order who is here [AG3]. */
export function nextInRound(state: RoomState, run: RoundRun): string | null {
  if (run.turn === null) return null;
  return run.order.slice(run.turnIndex + 1).find((id) => hereForTurn(state, id)) ?? null;
}

/**
 * Ends the current round turn; the next person's turn starts at once [AG3]. The speaker or the
 * facilitator ends a turn, and it counts as a turn taken in this phase; only the speaker can pass
 * theirs, which counts as none [HQ6].
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
  const turnsThisPhase = pass
    ? state.turnsThisPhase
    : { ...state.turnsThisPhase, [speaker]: (state.turnsThisPhase[speaker] ?? 0) + 1 };
  const next = advanceRound(state, { ...run, passed }, run.turnIndex + 1, phase.turnMs, now);
  return accept({ ...withRun(state, next), turnsThisPhase });
}

/** The facilitator picks who takes the hot seat; its steps start from the first [AG5]. */
export function pickHotSeat(state: RoomState, memberId: string, now: number): ReduceResult {
  const seat = currentHotSeat(state);
  if (!seat) return refuse('notAHotSeat');
  const { phase, run } = seat;
  if (!findMember(state, memberId)) return refuse('noSuchMember');
  const first = phase.steps[0];
  const stepTimer = first ? startTimerInRoom(state, first.durationMs, now) : null;
  return accept(withRun(clearQueue(state), { ...run, seatId: memberId, stepIndex: 0, stepTimer, choice: null }));
}

/** Moves the hot seat to its next step; after the last, the seat is free for the next person [AG5]. */
export function nextHotSeatStep(state: RoomState, now: number): ReduceResult {
  const seat = currentHotSeat(state);
  if (!seat) return refuse('notAHotSeat');
  const { phase, run } = seat;
  if (run.seatId === null) return refuse('seatEmpty');
  const stepIndex = run.stepIndex + 1;
  const step = phase.steps[stepIndex];
  if (!step) {
    const seatsDone = [...run.seatsDone, run.seatId];
    const freed = { ...run, seatId: null, stepIndex: 0, stepTimer: null, seatsDone, choice: null };
    return accept(withRun(clearQueue(state), freed));
  }
  return accept(
    withRun(clearQueue(state), { ...run, stepIndex, stepTimer: startTimerInRoom(state, step.durationMs, now) }),
  );
}
