import { addMember } from './members.ts';
import { normalizeDisplayName, uniqueName } from './names.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { findMember, type RoomState } from './state.ts';

/**
 * A newcomer knocks: they wait under a name the facilitator sees ("Lina asks to join") until they
 * are admitted or declined [RM6]. The name is made unique silently, so a knock never tells anyone
 * outside who is inside; a locked room takes no knocks; no more people wait than the room holds.
 */
export function knock(state: RoomState, knockId: string, rawName: string, now: number): ReduceResult {
  const name = normalizeDisplayName(rawName);
  if (name === null) return refuse('BAD_INPUT', 'A name needs 1 to 40 visible characters.');
  if (state.admission !== 'knock') return refuse('NOT_ALLOWED', 'This room takes people without a knock.');
  if (state.locked) return refuse('ROOM_LOCKED', 'This room is locked: no one new can join.');
  if (findMember(state, knockId) || state.knocks.some((k) => k.id === knockId))
    return refuse('BAD_INPUT', 'Already here.');
  if (state.knocks.length >= state.capacity) {
    return refuse('ROOM_FULL', 'Too many people are waiting to be let in. Try again in a few minutes.');
  }
  const taken = [...state.members.map((m) => m.name), ...state.knocks.map((k) => k.name)];
  return accept({ ...state, knocks: [...state.knocks, { id: knockId, name: uniqueName(name, taken), at: now }] });
}

/** The knocker left, or waited too long: their knock goes [RM6]. */
export function withdrawKnock(state: RoomState, knockId: string): ReduceResult {
  if (!state.knocks.some((k) => k.id === knockId)) return refuse('UNKNOWN_MEMBER', 'No one is knocking with that id.');
  return accept({ ...state, knocks: state.knocks.filter((k) => k.id !== knockId) });
}

/** The facilitator lets a knocker in: they become a member under their knock's id and name [RM6]. */
export function admit(state: RoomState, knockId: string, now: number): ReduceResult {
  const knocked = state.knocks.find((k) => k.id === knockId);
  if (!knocked) return refuse('UNKNOWN_MEMBER', 'That person is no longer waiting.');
  const rest = { ...state, knocks: state.knocks.filter((k) => k.id !== knockId) };
  return addMember(rest, knocked.id, knocked.name, now);
}

/** The facilitator declines a knock [RM6]. */
export function decline(state: RoomState, knockId: string): ReduceResult {
  return withdrawKnock(state, knockId);
}

/** Locking stops knocks and joins; members who are in come and go as before [RM6]. */
export function setLocked(state: RoomState, locked: boolean): ReduceResult {
  if (state.locked === locked)
    return refuse('NOT_ALLOWED', locked ? 'The room is already locked.' : 'The room is not locked.');
  return accept({ ...state, locked });
}
