import { startTimerInRoom } from './phases.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { currentHotSeat, currentRound, findMember, type PhaseRun, type RoomState } from './state.ts';

/** The round without `memberId`: a turn still to come is dropped; their turn now gives way to the next. */
function roundWithout(state: RoomState, memberId: string, now: number): PhaseRun | null {
  const round = currentRound(state);
  if (!round) return state.phase;
  const { phase, run } = round;
  const at = run.order.indexOf(memberId);
  if (at < 0) return run;
  const order = run.order.filter((id) => id !== memberId);
  const passed = run.passed.filter((id) => id !== memberId);
  if (at < run.turnIndex) return { ...run, order, passed, turnIndex: run.turnIndex - 1 };
  if (at > run.turnIndex) return { ...run, order, passed };
  const turn = run.turnIndex < order.length ? startTimerInRoom(state, phase.turnMs, now) : null;
  return { ...run, order, passed, turn };
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
 * The facilitator removes a member: they leave the room's state entirely — their place, hand,
 * turn, seat and role — and the server revokes their secret and closes their connections [RM7].
 * The facilitator cannot remove themselves; they hand the role over first.
 */
export function removeMember(state: RoomState, actor: string, memberId: string, now: number): ReduceResult {
  if (!findMember(state, memberId)) return refuse('UNKNOWN_MEMBER', 'No such member.');
  if (memberId === actor) return refuse('NOT_ALLOWED', 'Hand the facilitator role to someone else first.');
  const seatWasTheirs = state.phase?.kind === 'hotseat' && state.phase.seatId === memberId;
  const { [memberId]: _turns, ...turnsThisPhase } = state.turnsThisPhase;
  const phase = hotSeatWithout(state, roundWithout(state, memberId, now), memberId);
  return accept({
    ...state,
    members: state.members.filter((m) => m.id !== memberId),
    scribeId: state.scribeId === memberId ? null : state.scribeId,
    phase,
    // A freed hot seat's question queue goes with it, as when a seat ends [HQ3].
    hands: seatWasTheirs ? [] : state.hands.filter((h) => h.memberId !== memberId),
    floor: seatWasTheirs || state.floor?.memberId === memberId ? null : state.floor,
    turnsThisPhase,
  });
}
