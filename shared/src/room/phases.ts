import type { PhaseDef } from '../protocol/agenda.ts';
import { clearQueue } from './hotSeat.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { type PhaseRun, type RoomState, running, type SavedPhase } from './state.ts';
import { pauseTimer, resumeTimer, startTimer } from './timer.ts';
import { everyTimer } from './timerControls.ts';
import { firstTurn, roundOrder } from './turnOrder.ts';

/** A phase's progress as it starts afresh [AG2]. */
function runFor(state: RoomState, phase: PhaseDef, now: number): { run: PhaseRun; roundsStarted: number } {
  switch (phase.kind) {
    case 'round':
    case 'check': {
      // A check phase is the session's closing round.
      const turns = firstTurn(state, roundOrder(state), phase.turnMs, now);
      return { run: { kind: 'round', ...turns, passed: [] }, roundsStarted: state.roundsStarted + 1 };
    }
    case 'commitments': {
      // The report-back walks the members in the order they joined, last time first [RB1].
      const present = state.members.filter((m) => m.connected).map((m) => m.id);
      const turns = firstTurn(state, present, phase.turnMs, now);
      return { run: { kind: 'commitments', ...turns, part: 'last' }, roundsStarted: state.roundsStarted };
    }
    case 'hotseat':
      return {
        run: {
          kind: 'hotseat',
          seatId: null,
          stepIndex: 0,
          stepTimer: null,
          seatsDone: [],
          choice: null,
          previous: null,
        },
        roundsStarted: state.roundsStarted,
      };
    default:
      return { run: { kind: phase.kind }, roundsStarted: state.roundsStarted };
  }
}

/** Keeps the phase being left as it is, its clocks stopped and its raised hands, so coming back resumes it [AG4]. */
function saveProgress(state: RoomState, now: number): RoomState {
  const stopped = running(everyTimer({ ...state, floor: null }, (t) => pauseTimer(t, now)));
  if (!stopped) return state;
  const saved: SavedPhase = {
    run: stopped.run,
    timer: stopped.timer,
    turnsThisPhase: state.turnsThisPhase,
    hands: state.hands,
  };
  return { ...state, savedPhases: { ...state.savedPhases, [stopped.phaseIndex]: saved } };
}

/**
 * Enters phase `index` [AG4]: where it was left, if the room has been there before (its clocks run
 * on from where they stopped; its turns, hot seats, raised hands and the tokens spent in it stand),
 * else afresh, its timer running from `now`. Past the end, the session is finished.
 */
function enterPhase(state: RoomState, index: number, now: number): RoomState {
  const { [index]: saved, ...savedPhases } = saveProgress(state, now).savedPhases;
  const cleared = { ...clearQueue(state), turnsThisPhase: {}, savedPhases };
  const phase = state.agenda[index];
  if (!phase) return { ...cleared, session: { stage: 'finished' } };
  if (saved) {
    const members = new Set(state.members.map((m) => m.id));
    const back: RoomState = {
      ...cleared,
      session: { stage: 'running', phaseIndex: index, timer: saved.timer, run: saved.run },
      turnsThisPhase: saved.turnsThisPhase,
      hands: saved.hands.filter((h) => members.has(h.memberId)),
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

/** The whole agenda's planned length [GD4]. */
export function agendaMs(agenda: readonly PhaseDef[]): number {
  return agenda.reduce((sum, phase) => sum + phase.durationMs, 0);
}

/**
 * Why the agenda cannot become `agenda` now, or null. Before the session starts it can change
 * freely; once it runs, only the phases still to come: those done, the one running and any left
 * part-way through stay as they are [AG1].
 */
export function agendaEditRefusal(state: RoomState, agenda: readonly PhaseDef[]): ReturnType<typeof refuse> | null {
  const { session } = state;
  if (session.stage === 'lobby') return null;
  if (session.stage !== 'running') return refuse('agendaLocked');
  const fixed = new Set([...Array(session.phaseIndex + 1).keys(), ...Object.keys(state.savedPhases).map(Number)]);
  for (const index of fixed) {
    const was = state.agenda[index];
    if (was !== undefined && JSON.stringify(agenda[index]) !== JSON.stringify(was)) return refuse('agendaPastLocked');
  }
  return null;
}

export function setAgenda(state: RoomState, agenda: PhaseDef[]): ReduceResult {
  const refusal = agendaEditRefusal(state, agenda);
  return refusal ?? accept({ ...state, agenda });
}

export function startSession(state: RoomState, now: number): ReduceResult {
  if (state.session.stage !== 'lobby') return refuse('alreadyStarted');
  const started = { ...state, startedAt: now, plannedEnd: now + agendaMs(state.agenda) };
  return accept(enterPhase(started, 0, now));
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
