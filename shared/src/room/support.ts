import type { CardId } from './cards.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { phaseTimer, type RoomResource, type RoomState } from './state.ts';
import { isPaused, pauseTimer, resumeTimer } from './timer.ts';
import { everyTimer } from './timerControls.ts';

/** The facilitator puts one of the guide's cards on every screen; it replaces any shown [GD2]. */
export function showCard(state: RoomState, id: CardId, now: number): ReduceResult {
  return accept({ ...state, card: { id, shownAt: now } });
}

/** The facilitator takes the card off every screen before its time [GD2]. */
export function hideCard(state: RoomState): ReduceResult {
  if (!state.card) return refuse('noCardShown');
  return accept({ ...state, card: null });
}

/**
 * Pause for support: every timer stops, wherever the room is, and every screen shows the support
 * resources with the guide's words [SF1]. Whether the clock was already paused is kept, so that
 * resuming leaves the room exactly as it was.
 */
export function pauseForSupport(state: RoomState, now: number): ReduceResult {
  if (state.support) return refuse('alreadyInSupport');
  const clock = phaseTimer(state);
  const wasPaused = clock !== null && isPaused(clock);
  const paused = everyTimer(state, (t) => pauseTimer(t, now));
  return accept({ ...paused, support: { since: now, wasPaused } });
}

/** Resume session: the room continues where it was; a clock that was paused before stays paused [SF1]. */
export function resumeFromSupport(state: RoomState, now: number): ReduceResult {
  if (!state.support) return refuse('notInSupport');
  const resumed = state.support.wasPaused ? state : everyTimer(state, (t) => resumeTimer(t, now));
  return accept({ ...resumed, support: null });
}

/** The group's own support resources, at most five, shown beside the operator's [SF2]. */
export function setResources(state: RoomState, resources: RoomResource[]): ReduceResult {
  return accept({ ...state, resources });
}
