import type { MemberKeys } from '../protocol/memberKeys.ts';
import { normalizeDisplayName } from './names.ts';
import { joinLateTurns } from './turnOrder.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { creatorAwaited, findMember, type Member, type RoomState } from './state.ts';

/**
 * Someone joins straight from the link: the creator, whose place and role wait for them [RM1], or
 * anyone in a room that takes people without a knock, while it is not locked [RM6].
 */
export function join(state: RoomState, memberId: string, rawName: string, keys: MemberKeys, now: number): ReduceResult {
  const name = normalizeDisplayName(rawName);
  if (name === null) return refuse('badName');
  const creator = memberId === state.facilitatorId && creatorAwaited(state);
  if (!creator && state.locked) return refuse('roomLocked');
  if (!creator && state.admission === 'knock') return refuse('knockRoom');
  return addMember(state, memberId, name, keys, now);
}

/** Places left for someone new: the creator's is kept for them until they come [RM1, RM3]. */
export function placesLeft(state: RoomState): number {
  const reserved = creatorAwaited(state) ? 1 : 0;
  return Math.max(0, state.capacity - state.members.length - reserved);
}

/**
 * Adds a member, while there is room. The name arrives decided: the server numbers it (`Ana (2)`)
 * when it looks like one already here, with Unicode's confusables, which only the server carries;
 * never a refusal that would tell a newcomer who is inside [RM4]. The creator's place is kept for
 * them until they come [RM1, RM3].
 */
export function addMember(
  state: RoomState,
  memberId: string,
  name: string,
  keys: MemberKeys,
  now: number,
): ReduceResult {
  if (findMember(state, memberId)) return refuse('alreadyAMember');
  // Each device makes its own keys: the same key twice is a copy, whatever the proof says.
  if (state.members.some((m) => m.keys.sign === keys.sign || m.keys.box === keys.box)) return refuse('keysInUse');
  const creator = memberId === state.facilitatorId && creatorAwaited(state);
  if (!creator && placesLeft(state) === 0) {
    return refuse('roomFull', state.capacity);
  }
  const member: Member = {
    id: memberId,
    name,
    joinedAt: now,
    connected: true,
    presentSince: now,
    awaySince: null,
    tokens: state.tokensPerMember,
    tokensGranted: state.tokensPerMember,
    keys,
  };
  const joined = { ...state, members: [...state.members, member] };
  return accept(joinLateTurns(joined, memberId, now));
}
/**
 * A member's device connects or loses its last connection [RM5]. Someone who was away when a round
 * or the report-back began, and so is not in its order, comes in at its end on returning [AG3].
 */
export function setPresence(state: RoomState, memberId: string, connected: boolean, now: number): ReduceResult {
  const member = state.members.find((m) => m.id === memberId);
  if (!member) return refuse('noSuchMember');
  if (member.connected === connected) return refuse('presenceUnchanged');
  const updated: Member = connected
    ? { ...member, connected, presentSince: now, awaySince: null }
    : { ...member, connected, presentSince: null, awaySince: now };
  const present = { ...state, members: state.members.map((m) => (m.id === memberId ? updated : m)) };
  return accept(connected ? joinLateTurns(present, memberId, now) : present);
}
