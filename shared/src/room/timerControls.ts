import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import type { PhaseRun, RoomState } from './state.ts';
import { extendTimer, isPaused, pauseTimer, resumeTimer, type Timer } from './timer.ts';

type TimerChange = (timer: Timer) => Timer;

/** Applies one change to every timer in the room: the phase's, the round turn's or step's, the floor turn's. */
export function everyTimer(state: RoomState, change: TimerChange): RoomState {
  const run = state.phase;
  let phase: PhaseRun | null = run;
  if (run?.kind === 'round' && run.turn) phase = { ...run, turn: change(run.turn) };
  if (run?.kind === 'hotseat' && run.stepTimer) phase = { ...run, stepTimer: change(run.stepTimer) };
  const floor = state.floor && { ...state.floor, timer: change(state.floor.timer) };
  return { ...state, phaseTimer: state.phaseTimer && change(state.phaseTimer), phase, floor };
}

function runningTimer(state: RoomState): Timer | ReduceResult {
  if (state.stage !== 'running' || !state.phaseTimer) return refuse('WRONG_PHASE', 'No phase is running.');
  return state.phaseTimer;
}

/** Pauses the whole room's clock: phase and turn stop together [TM3]. */
export function pauseRoom(state: RoomState, now: number): ReduceResult {
  const timer = runningTimer(state);
  if ('ok' in timer) return timer;
  if (isPaused(timer)) return refuse('NOT_ALLOWED', 'The timer is already paused.');
  return accept(everyTimer(state, (t) => pauseTimer(t, now)));
}

export function resumeRoom(state: RoomState, now: number): ReduceResult {
  const timer = runningTimer(state);
  if ('ok' in timer) return timer;
  if (!isPaused(timer)) return refuse('NOT_ALLOWED', 'The timer is not paused.');
  return accept(everyTimer(state, (t) => resumeTimer(t, now)));
}

/** Adds a minute to the phase and to the current turn or step [TM3]. */
export function addMinute(state: RoomState): ReduceResult {
  const timer = runningTimer(state);
  if ('ok' in timer) return timer;
  return accept(everyTimer(state, (t) => extendTimer(t, 60_000)));
}
