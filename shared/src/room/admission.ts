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
  if (state.stage === 'ended') return { code: 'ROOM_ENDED', message: 'This room has ended.' };
  if (state.admission !== 'knock') return { code: 'NOT_ALLOWED', message: 'This room takes people without a knock.' };
  if (state.locked) return { code: 'ROOM_LOCKED', message: 'This room is locked: no one new can join.' };
  return null;
}

/** Why `actor` may not answer knocks now (admit or decline), or null: the facilitator does [RM6, RL1]. */
export function doorRefusal(state: RoomState, actor: string): Refusal | null {
  if (state.stage === 'ended') return { code: 'ROOM_ENDED', message: 'This room has ended.' };
  if (!state.members.some((m) => m.id === actor)) return { code: 'NOT_A_MEMBER', message: 'Join the room first.' };
  if (actor !== state.facilitatorId) return { code: 'NOT_FACILITATOR', message: 'Only the facilitator can do that.' };
  return null;
}

/**
 * The facilitator let a knock in: they become a member under the knock's id and name, while
 * there is a place. A knock that was waiting when the room was locked may still be let in [RM6].
 */
export function admit(state: RoomState, memberId: string, rawName: string, now: number): ReduceResult {
  const name = normalizeDisplayName(rawName);
  if (name === null) return refuse('BAD_INPUT', 'A name needs 1 to 40 visible characters.');
  return addMember(state, memberId, name, now);
}

/** Locking stops knocks and joins; members who are in come and go as before [RM6]. */
export function setLocked(state: RoomState, locked: boolean): ReduceResult {
  if (state.locked === locked)
    return refuse('NOT_ALLOWED', locked ? 'The room is already locked.' : 'The room is not locked.');
  return accept({ ...state, locked });
}
