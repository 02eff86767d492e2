import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { findMember, type RoomState } from './state.ts';

/** How long a facilitator may be away before the role passes on [RL3]. */
export const FACILITATOR_GRACE_MS = 60_000;

/** The facilitator hands the role to another member who is here [RL2]. */
export function handOverFacilitator(state: RoomState, actor: string, to: string, now: number): ReduceResult {
  const target = findMember(state, to);
  if (!target) return refuse('noSuchMember');
  if (to === actor) return refuse('alreadyFacilitator');
  if (!target.connected) return refuse('notConnected', target.name);
  return accept({
    ...state,
    facilitatorId: to,
    lastHandover: { from: actor, to, reason: 'handover', at: now },
  });
}

/**
 * A member takes the facilitator role without waiting for the failover [RL5]: the creator at any
 * time (the role is theirs to take back); the scribe, or the member the failover would choose, as
 * soon as the facilitator is away.
 */
export function takeFacilitator(state: RoomState, actor: string, now: number): ReduceResult {
  if (actor === state.facilitatorId) return refuse('alreadyFacilitator');
  const facilitator = findMember(state, state.facilitatorId);
  const away = facilitator !== undefined && !facilitator.connected;
  const eligible =
    actor === state.creatorId || (away && (actor === state.scribeId || actor === failoverCandidate(state)));
  if (!eligible) return refuse('cannotTakeRole');
  return accept({
    ...state,
    facilitatorId: actor,
    lastHandover: { from: state.facilitatorId, to: actor, reason: 'taken', at: now },
  });
}

/** The facilitator names the scribe, or clears the role [RL4]. */
export function nameScribe(state: RoomState, memberId: string | null): ReduceResult {
  if (memberId !== null && !findMember(state, memberId)) return refuse('noSuchMember');
  if (state.scribeId === memberId) return refuse('alreadyScribe');
  return accept({ ...state, scribeId: memberId });
}

/**
 * When the facilitator role passes on by itself: 60 s after the facilitator lost their last
 * connection [RL3]. Null while the facilitator is here, and while the creator has never come: the
 * role is theirs from the moment the room exists [RM1].
 */
export function failoverDueAt(state: RoomState): number | null {
  if (state.session.stage === 'ended') return null;
  const facilitator = findMember(state, state.facilitatorId);
  if (!facilitator || facilitator.connected || facilitator.awaySince === null) return null;
  return facilitator.awaySince + FACILITATOR_GRACE_MS;
}

/** The member present longest: earliest start of their current connection, then join order [RL3]. */
export function failoverCandidate(state: RoomState): string | null {
  let best: { id: string; since: number } | null = null;
  for (const m of state.members) {
    if (m.id === state.facilitatorId || !m.connected || m.presentSince === null) continue;
    if (best === null || m.presentSince < best.since) best = { id: m.id, since: m.presentSince };
  }
  return best?.id ?? null;
}

/**
 * Applies the failover. The former facilitator does not take the role back by reconnecting; the
 * new facilitator can hand it back [RL3].
 */
export function failOver(state: RoomState, now: number): ReduceResult {
  const due = failoverDueAt(state);
  if (due === null || now < due) return refuse('facilitatorInGrace');
  const to = failoverCandidate(state);
  if (to === null) return refuse('nobodyToFacilitate');
  return accept({
    ...state,
    facilitatorId: to,
    lastHandover: { from: state.facilitatorId, to, reason: 'failover', at: now },
  });
}
