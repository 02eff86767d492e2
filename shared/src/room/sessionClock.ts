import { agendaMs } from './phases.ts';
import type { RoomState } from './state.ts';
import { remainingMs } from './timer.ts';

/** The session against the clock on the wall [GD4]. */
export interface SessionClock {
  /** When the agenda planned the session to end. */
  plannedEnd: number;
  /** When it will end if every phase from now on takes its time, pauses and added minutes included. */
  projectedEnd: number;
  /** How far the projection is past the plan; 0 or less when on time. */
  overMs: number;
}

/**
 * The planned and projected end of the session, in server time, or null once it is over. In the
 * lobby both are the agenda's length from now. Running, the projection is what is left of this
 * phase (nothing once it is in overtime) plus what is left of each phase still to come, so a pause
 * or an added minute moves it and a phase that runs over pushes it on.
 *
 * sessionClock(lobbyState, now) // { plannedEnd: now + 45 min, projectedEnd: now + 45 min, overMs: 0 }
 */
export function sessionClock(state: RoomState, now: number): SessionClock | null {
  const { session } = state;
  if (session.stage === 'lobby') {
    const end = now + agendaMs(state.agenda);
    return { plannedEnd: end, projectedEnd: end, overMs: 0 };
  }
  if (session.stage !== 'running' || state.plannedEnd === null) return null;
  let left = Math.max(0, remainingMs(session.timer, now));
  state.agenda.forEach((phase, index) => {
    if (index <= session.phaseIndex) return;
    const saved = state.savedPhases[index];
    left += saved ? Math.max(0, remainingMs(saved.timer, now)) : phase.durationMs;
  });
  const projectedEnd = now + left;
  return { plannedEnd: state.plannedEnd, projectedEnd, overMs: projectedEnd - state.plannedEnd };
}
