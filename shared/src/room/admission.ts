import type { MemberKeys } from '../protocol/memberKeys.ts';
import { addMember } from './members.ts';
import { normalizeDisplayName } from './names.ts';
import { refuse, type Refusal } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import type { RoomState } from './state.ts';

/**
 * Why a newcomer may not knock now, or null: only rooms where the facilitator lets people in take
 * knocks, and a locked room takes none [RM6]. The room host, which keeps the knocks, asks this.
 */
export function knockRefusal(state: RoomState): Refusal | null {
  if (state.session.stage === 'ended') return refuse('roomEnded');
  if (state.admission !== 'knock') return refuse('openRoom');
  if (state.locked) return refuse('roomLocked');
  return null;
}

/** Why `actor` may not answer knocks now (admit or decline), or null: the facilitator does [RM6, RL1]. */
export function doorRefusal(state: RoomState, actor: string): Refusal | null {
  if (state.session.stage === 'ended') return refuse('roomEnded');
  if (!state.members.some((m) => m.id === actor)) return refuse('notAMember');
  if (actor !== state.facilitatorId) return refuse('notFacilitator');
  return null;
}

/**
 * The facilitator let a knock in: they become a member under the knock's id and name, while
 * there is a place. A knock that was waiting when the room was locked may still be let in [RM6].
 */
export function admit(
  state: RoomState,
  memberId: string,
  rawName: string,
  keys: MemberKeys,
  now: number,
): ReduceResult {
  const name = normalizeDisplayName(rawName);
  if (name === null) return refuse('badName');
  return addMember(state, memberId, name, keys, now);
}

/** Locking stops knocks and joins; members who are in come and go as before [RM6]. */
export function setLocked(state: RoomState, locked: boolean): ReduceResult {
  if (state.locked === locked) return refuse(locked ? 'alreadyLocked' : 'notLocked');
  return accept({ ...state, locked });
}
