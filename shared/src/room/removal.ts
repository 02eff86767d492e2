import type { PhaseDef } from '../protocol/agenda.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { findMember, type Hand, type PhaseRun, type RoomState, running, type TurnOrder, withRun } from './state.ts';
import { pauseTimer, startTimer } from './timer.ts';
import { advanceTurns } from './turnOrder.ts';

const without = (ids: string[], memberId: string) => ids.filter((id) => id !== memberId);

/** A turn order without `memberId`, and whether the turn that was running was theirs. */
function turnsWithout(run: TurnOrder, memberId: string): { rest: TurnOrder; wasTheirs: boolean } {
  const at = run.order.indexOf(memberId);
  const turnIndex = at >= 0 && at < run.turnIndex ? run.turnIndex - 1 : run.turnIndex;
  const rest = { ...run, order: without(run.order, memberId), skipped: without(run.skipped, memberId), turnIndex };
  return { rest, wasTheirs: at >= 0 && at === run.turnIndex };
}

/** A phase's progress without `memberId`; `nextTurn` hands a turn that was theirs to the next person. */
function runWithout(run: PhaseRun, memberId: string, nextTurn: (rest: TurnOrder) => TurnOrder): PhaseRun {
  switch (run.kind) {
    case 'round':
    case 'commitments': {
      const { rest, wasTheirs } = turnsWithout(run, memberId);
      const passed = run.kind === 'round' ? { passed: without(run.passed, memberId) } : {};
      const part = run.kind === 'commitments' && wasTheirs ? { part: 'last' as const } : {};
      return { ...run, ...rest, ...(wasTheirs ? nextTurn(rest) : {}), ...passed, ...part };
    }
    case 'hotseat': {
      const seatsDone = without(run.seatsDone, memberId);
      const previous = run.previous?.seatId === memberId ? null : run.previous;
      if (run.seatId !== memberId) return { ...run, seatsDone, previous };
      return { ...run, seatId: null, stepIndex: 0, stepTimer: null, choice: null, seatsDone, previous };
    }
    default:
      return run;
  }
}

const handsWithout = (hands: Hand[], memberId: string) => hands.filter((h) => h.memberId !== memberId);

/** A turn length for a phase that has turns, to give the next person a whole one. */
function turnMsOf(def: PhaseDef | undefined): number | null {
  return def && 'turnMs' in def ? def.turnMs : null;
}

/**
 * The facilitator removes a member: they leave the room's state entirely — their place, hand,
 * turn, seat, report-back row and role, in the phases left behind too — and the server revokes
 * their secret and closes their connections [RM7]. If the turn running was theirs, the next person
 * gets a whole one. The facilitator cannot remove themselves; they hand the role over first.
 */
export function removeMember(state: RoomState, actor: string, memberId: string, now: number): ReduceResult {
  if (!findMember(state, memberId)) return refuse('noSuchMember');
  if (memberId === actor) return refuse('removeSelf');
  const session = running(state);
  const seatWasTheirs = session?.run.kind === 'hotseat' && session.run.seatId === memberId;
  const turnMs = session ? turnMsOf(state.agenda[session.phaseIndex]) : null;
  const nextNow = (rest: TurnOrder) =>
    turnMs === null ? rest : advanceTurns(state, rest, rest.turnIndex, turnMs, now);
  const { [memberId]: _phase, ...turnsThisPhase } = state.turnsThisPhase;
  const { [memberId]: _session, ...turnsThisSession } = state.turnsThisSession;
  const current = session ? withRun(state, runWithout(session.run, memberId, nextNow)) : state;
  return accept({
    ...current,
    members: state.members.filter((m) => m.id !== memberId),
    scribeId: state.scribeId === memberId ? null : state.scribeId,
    // A freed hot seat's question queue goes with it, as when a seat ends [HQ3].
    hands: seatWasTheirs ? [] : handsWithout(state.hands, memberId),
    floor: seatWasTheirs || state.floor?.memberId === memberId ? null : state.floor,
    turnsThisPhase,
    turnsThisSession,
    savedPhases: Object.fromEntries(
      Object.entries(state.savedPhases).map(([index, saved]) => {
        const turn = turnMsOf(state.agenda[Number(index)]);
        // The next person's turn waits whole, its clock stopped like the rest of the phase.
        const wholeTurn = (rest: TurnOrder): TurnOrder => ({
          ...rest,
          turn: turn === null || rest.turnIndex >= rest.order.length ? null : pauseTimer(startTimer(turn, now), now),
        });
        const { [memberId]: _saved, ...savedTurns } = saved.turnsThisPhase;
        const run = runWithout(saved.run, memberId, wholeTurn);
        return [index, { ...saved, run, turnsThisPhase: savedTurns, hands: handsWithout(saved.hands, memberId) }];
      }),
    ),
  });
}
