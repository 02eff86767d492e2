import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { type PhaseRun, type RoomState, running } from './state.ts';
import { extendTimer, isPaused, pauseTimer, resumeTimer, type Timer } from './timer.ts';

type TimerChange = (timer: Timer) => Timer;

/**
 * Applies one change to every timer in the room: the phase's, the turn's of a round or of the
 * report-back, a hot seat step's, the floor turn's.
 */
export function everyTimer(state: RoomState, change: TimerChange): RoomState {
  const session = running(state);
  if (!session) return state;
  const { run } = session;
  let changed: PhaseRun = run;
  if ((run.kind === 'round' || run.kind === 'commitments') && run.turn) changed = { ...run, turn: change(run.turn) };
  if (run.kind === 'hotseat' && run.stepTimer) changed = { ...run, stepTimer: change(run.stepTimer) };
  const floor = state.floor && { ...state.floor, timer: change(state.floor.timer) };
  return { ...state, session: { ...session, timer: change(session.timer), run: changed }, floor };
}

function runningTimer(state: RoomState): Timer | ReduceResult {
  return running(state)?.timer ?? refuse('noPhaseRunning');
}

/** Pauses the whole room's clock: phase and turn stop together [TM3]. */
export function pauseRoom(state: RoomState, now: number): ReduceResult {
  const timer = runningTimer(state);
  if ('ok' in timer) return timer;
  if (isPaused(timer)) return refuse('alreadyPaused');
  return accept(everyTimer(state, (t) => pauseTimer(t, now)));
}

export function resumeRoom(state: RoomState, now: number): ReduceResult {
  const timer = runningTimer(state);
  if ('ok' in timer) return timer;
  if (!isPaused(timer)) return refuse('notPaused');
  return accept(everyTimer(state, (t) => resumeTimer(t, now)));
}

/** Adds a minute to the phase and to the current turn or step [TM3]. */
export function addMinute(state: RoomState): ReduceResult {
  const timer = runningTimer(state);
  if ('ok' in timer) return timer;
  return accept(everyTimer(state, (t) => extendTimer(t, 60_000)));
}
