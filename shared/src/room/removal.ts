import type { PhaseDef } from '../protocol/agenda.ts';
import { advanceRound } from './phases.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import {
  currentHotSeat,
  currentRound,
  currentRun,
  findMember,
  type PhaseRun,
  type RoomState,
  type SavedPhase,
  withRun,
} from './state.ts';
import { pauseTimer, startTimer } from './timer.ts';

/** The round without `memberId`: a turn still to come is dropped; their turn now gives way to the next. */
function roundWithout(state: RoomState, memberId: string, now: number): PhaseRun | null {
  const round = currentRound(state);
  if (!round) return currentRun(state);
  const { phase, run } = round;
  const at = run.order.indexOf(memberId);
  if (at < 0) return run;
  const without = (ids: string[]) => ids.filter((id) => id !== memberId);
  const rest = { ...run, order: without(run.order), passed: without(run.passed), skipped: without(run.skipped) };
  if (at < run.turnIndex) return { ...rest, turnIndex: run.turnIndex - 1 };
  if (at > run.turnIndex) return rest;
  return advanceRound(state, rest, run.turnIndex, phase.turnMs, now);
}

/** The hot seat without `memberId`: if they were in it, the seat is free again. */
function hotSeatWithout(state: RoomState, run: PhaseRun | null, memberId: string): PhaseRun | null {
  const seat = currentHotSeat(state);
  if (!seat || run?.kind !== 'hotseat') return run;
  const seatsDone = run.seatsDone.filter((id) => id !== memberId);
  if (run.seatId !== memberId) return { ...run, seatsDone };
  return { ...run, seatId: null, stepIndex: 0, stepTimer: null, choice: null, seatsDone };
}

/**
 * A phase left behind, without `memberId`: kept as it was otherwise, its clocks still stopped. If
 * the turn was theirs, the next person's turn waits whole, not what was left of theirs.
 */
function savedWithout(saved: SavedPhase, def: PhaseDef | undefined, memberId: string, now: number): SavedPhase {
  const { [memberId]: _turns, ...turnsThisPhase } = saved.turnsThisPhase;
  const run = saved.run;
  const without = (ids: string[]) => ids.filter((id) => id !== memberId);
  if (run.kind === 'round') {
    const at = run.order.indexOf(memberId);
    const turnIndex = at >= 0 && at < run.turnIndex ? run.turnIndex - 1 : run.turnIndex;
    const order = without(run.order);
    const rest = { ...run, order, passed: without(run.passed), skipped: without(run.skipped), turnIndex };
    const wholeTurn = def?.kind === 'round' ? pauseTimer(startTimer(def.turnMs, now), now) : null;
    const turn = turnIndex >= order.length ? null : at === run.turnIndex ? wholeTurn : run.turn;
    return { ...saved, turnsThisPhase, run: { ...rest, turn } };
  }
  if (run.kind === 'hotseat') {
    const seatsDone = without(run.seatsDone);
    const freed = run.seatId === memberId ? { seatId: null, stepIndex: 0, stepTimer: null, choice: null } : {};
    return { ...saved, turnsThisPhase, run: { ...run, ...freed, seatsDone } };
  }
  return { ...saved, turnsThisPhase };
}

/**
 * The facilitator removes a member: they leave the room's state entirely — their place, hand,
 * turn, seat and role, in the phases left behind too — and the server revokes their secret and closes their connections [RM7].
 * The facilitator cannot remove themselves; they hand the role over first.
 */
export function removeMember(state: RoomState, actor: string, memberId: string, now: number): ReduceResult {
  if (!findMember(state, memberId)) return refuse('noSuchMember');
  if (memberId === actor) return refuse('removeSelf');
  const seatWasTheirs = currentHotSeat(state)?.run.seatId === memberId;
  const { [memberId]: _turns, ...turnsThisPhase } = state.turnsThisPhase;
  const run = hotSeatWithout(state, roundWithout(state, memberId, now), memberId);
  return accept({
    ...(run ? withRun(state, run) : state),
    members: state.members.filter((m) => m.id !== memberId),
    scribeId: state.scribeId === memberId ? null : state.scribeId,
    // A freed hot seat's question queue goes with it, as when a seat ends [HQ3].
    hands: seatWasTheirs ? [] : state.hands.filter((h) => h.memberId !== memberId),
    floor: seatWasTheirs || state.floor?.memberId === memberId ? null : state.floor,
    turnsThisPhase,
    savedPhases: Object.fromEntries(
      Object.entries(state.savedPhases).map(([index, saved]) => [
        index,
        savedWithout(saved, state.agenda[Number(index)], memberId, now),
      ]),
    ),
  });
}
