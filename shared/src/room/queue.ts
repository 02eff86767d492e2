import type { PhaseDef } from '../protocol/agenda.ts';
import { ROOM_LIMITS } from './limits.ts';
import { refuse, type Refusal } from './refusal.ts';
import { countTurn, startTimerInRoom } from './turnOrder.ts';
import { accept, type ReduceResult } from './result.ts';
import {
  currentHotSeat,
  currentPhase,
  findMember,
  type FairScope,
  type Hand,
  type Member,
  type QueueMode,
  type RoomState,
} from './state.ts';

/** How long a member who lost their connection keeps their hand up [HQ9]. */
export const HAND_GRACE_MS = 60_000;

export interface QueueRules {
  /** Whether hands can go up now. */
  open: boolean;
  /** Whether taking the floor spends a talk token: as the phase says (`spendsTokens`) [TK2]. */
  costsToken: boolean;
  turnMs: number;
  /** Who cannot queue: the person in the hot seat. */
  excluded: string | null;
}

const closed: QueueRules = { open: false, costsToken: false, turnMs: 0, excluded: null };

/**
 * When the hand queue applies [HQ3]: in an open-floor phase, and in a hot seat's "Clarifying
 * questions" and "Reflections & options" steps. A turn lasts the phase's turn length, and spends a
 * talk token where the phase says so [TK2].
 */
export function queueRules(state: RoomState): QueueRules {
  const phase = currentPhase(state);
  if (phase?.kind === 'open')
    return { open: true, costsToken: phase.spendsTokens, turnMs: phase.turnMs, excluded: null };
  const seat = currentHotSeat(state);
  if (seat && seat.run.seatId !== null) {
    const { phase, run } = seat;
    const step = phase.steps[run.stepIndex];
    if (step && (step.step === 'questions' || step.step === 'reflections')) {
      return { open: true, costsToken: phase.spendsTokens, turnMs: phase.turnMs, excluded: run.seatId };
    }
  }
  return closed;
}

/**
 * The one queue order every device shows [HQ2]. Fair: fewer turns taken first — in this phase, or
 * over the whole session when the facilitator chose "quiet first across the session" [HQ10] —
 * then earlier raise. First-come: earlier raise only.
 */
export function queueOrder(state: RoomState): Hand[] {
  const counted = state.fairScope === 'session' ? state.turnsThisSession : state.turnsThisPhase;
  const turns = (id: string) => counted[id] ?? 0;
  const fair = state.queueMode === 'fair';
  return [...state.hands].sort((a, b) => (fair ? turns(a.memberId) - turns(b.memberId) : 0) || a.seq - b.seq);
}

function updateMember(state: RoomState, memberId: string, change: (m: Member) => Member): RoomState {
  return { ...state, members: state.members.map((m) => (m.id === memberId ? change(m) : m)) };
}

/**
 * Why `memberId` cannot raise a hand now, or null if they can. The client shows the same answer
 * the server gives, from this one function [TK3, HQ3].
 */
export function raiseRefusal(state: RoomState, memberId: string): Refusal | null {
  const rules = queueRules(state);
  if (!rules.open) return refuse('handsClosed');
  if (memberId === rules.excluded) return refuse('inTheSeat');
  if (state.hands.some((h) => h.memberId === memberId)) return refuse('handAlreadyUp');
  if (state.floor?.memberId === memberId) return refuse('youHaveTheFloor');
  if (rules.costsToken && (findMember(state, memberId)?.tokens ?? 0) <= 0) {
    return refuse('noTokensLeft');
  }
  return null;
}

export function raiseHand(state: RoomState, actor: string, now: number): ReduceResult {
  const refusal = raiseRefusal(state, actor);
  if (refusal) return refusal;
  const hand: Hand = { memberId: actor, raisedAt: now, seq: state.handSeq + 1 };
  return accept({ ...state, hands: [...state.hands, hand], handSeq: hand.seq });
}

/** Lowers a hand: one's own, or anyone's when the facilitator does it [HQ4]. */
export function lowerHand(state: RoomState, memberId: string): ReduceResult {
  if (!state.hands.some((h) => h.memberId === memberId)) return refuse('handNotUp');
  return accept({ ...state, hands: state.hands.filter((h) => h.memberId !== memberId) });
}

/**
 * Gives `memberId` the floor: their hand comes down, a token is spent where the phase spends them
 * (at the moment the turn starts, never when the hand goes up), and their turn timer starts [TK2, HQ4].
 */
export function giveFloor(state: RoomState, memberId: string, now: number): ReduceResult {
  const rules = queueRules(state);
  if (!rules.open) return refuse('nobodyCallable');
  const member = findMember(state, memberId);
  if (!member) return refuse('noSuchMember');
  // One speaker at a time: a turn ends before the next is called, so no token is lost to a double tap [HQ8].
  if (state.floor) {
    const speaker = findMember(state, state.floor.memberId)?.name ?? 'Someone';
    return refuse('floorTaken', speaker);
  }
  if (memberId === rules.excluded) return refuse('seatNotCalled');
  if (!member.connected) return refuse('notConnected', member.name);
  if (rules.costsToken && member.tokens <= 0) return refuse('memberOutOfTokens', member.name);
  const spent = rules.costsToken ? updateMember(state, memberId, (m) => ({ ...m, tokens: m.tokens - 1 })) : state;
  return accept({
    ...countTurn(spent, memberId),
    hands: state.hands.filter((h) => h.memberId !== memberId),
    floor: { memberId, timer: startTimerInRoom(state, rules.turnMs, now) },
  });
}

/**
 * Who "Call next speaker" would call: the first in the queue order who is here (and, in an open
 * floor, holds a token). A member who is away keeps their place but is passed over [HQ4, HQ9].
 */
export function nextSpeaker(state: RoomState): string | null {
  const costsToken = queueRules(state).costsToken;
  for (const hand of queueOrder(state)) {
    const member = findMember(state, hand.memberId);
    if (member?.connected && (!costsToken || member.tokens > 0)) return member.id;
  }
  return null;
}

/** Calls the next speaker [HQ4]. */
export function callNext(state: RoomState, now: number): ReduceResult {
  if (state.hands.length === 0) return refuse('noHands');
  const next = nextSpeaker(state);
  if (next === null) return refuse('queueAway');
  return giveFloor(state, next, now);
}

/** Ends the floor turn (the speaker's own, or any by the facilitator); auto-call follows if on [HQ5]. */
export function endFloorTurn(state: RoomState, actor: string, now: number): ReduceResult {
  if (!state.floor) return refuse('nobodyOnTheFloor');
  if (actor !== state.floor.memberId && actor !== state.facilitatorId) return refuse('notYourTurn');
  const ended = { ...state, floor: null };
  const next = state.autoCall ? nextSpeaker(ended) : null;
  return next === null ? accept(ended) : giveFloor(ended, next, now);
}

export function grantToken(state: RoomState, memberId: string): ReduceResult {
  const member = findMember(state, memberId);
  if (!member) return refuse('noSuchMember');
  if (member.tokens >= ROOM_LIMITS.maxTokensHeld) {
    return refuse('tokensFull', member.name);
  }
  return accept(
    updateMember(state, memberId, (m) => ({ ...m, tokens: m.tokens + 1, tokensGranted: m.tokensGranted + 1 })),
  );
}

export function setQueueMode(state: RoomState, mode: QueueMode): ReduceResult {
  if (state.queueMode === mode) return refuse('queueModeUnchanged');
  return accept({ ...state, queueMode: mode });
}

export function setFairScope(state: RoomState, scope: FairScope): ReduceResult {
  if (state.fairScope === scope) return refuse('queueModeUnchanged');
  return accept({ ...state, fairScope: scope });
}

export function setAutoCall(state: RoomState, on: boolean): ReduceResult {
  if (state.autoCall === on) return refuse(on ? 'autoCallAlreadyOn' : 'autoCallAlreadyOff');
  return accept({ ...state, autoCall: on });
}

/** When the next raised hand of someone away falls due to be lowered; null if none [HQ9]. */
export function handExpiryDueAt(state: RoomState): number | null {
  let due: number | null = null;
  for (const hand of state.hands) {
    const away = findMember(state, hand.memberId)?.awaySince;
    if (away === null || away === undefined) continue;
    const at = away + HAND_GRACE_MS;
    if (due === null || at < due) due = at;
  }
  return due;
}

/** Lowers the hands of members who have been away for the grace period [HQ9]. */
export function expireHands(state: RoomState, now: number): ReduceResult {
  const stale = (hand: Hand) => {
    const away = findMember(state, hand.memberId)?.awaySince;
    return away !== null && away !== undefined && now >= away + HAND_GRACE_MS;
  };
  if (!state.hands.some(stale)) return refuse('noHandDue');
  return accept({ ...state, hands: state.hands.filter((h) => !stale(h)) });
}

/** Whether any phase of the agenda spends talk tokens: if none does, the room does not show them [TK1]. */
export function agendaSpendsTokens(agenda: readonly PhaseDef[]): boolean {
  return agenda.some((p) => (p.kind === 'open' || p.kind === 'hotseat') && p.spendsTokens);
}
