import { refuse } from './refusal.ts';
import { normalizeDisplayName, sameName } from './names.ts';
import { accept, type ReduceResult } from './result.ts';
import type { Member, RoomState } from './state.ts';
import { joinLateRound } from './phases.ts';

/** A member joins with a display name that is unique in the room, while there is room [RM3, RM4]. */
export function join(state: RoomState, memberId: string, rawName: string, now: number): ReduceResult {
  const name = normalizeDisplayName(rawName);
  if (name === null) return refuse('BAD_INPUT', 'A name needs 1 to 40 visible characters.');
  if (state.members.some((m) => m.id === memberId)) return refuse('BAD_INPUT', 'Already a member.');
  if (state.members.length >= state.capacity) {
    return refuse('ROOM_FULL', `This room is full (${state.capacity} people).`);
  }
  if (state.members.some((m) => sameName(m.name, name))) {
    return refuse('NAME_TAKEN', 'Someone in the room already uses that name.');
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
  };
  const joined = { ...state, members: [...state.members, member] };
  return accept(joinLateRound(joined, memberId, now));
}

/** A member's device connects or loses its last connection [RM5]. */
export function setPresence(state: RoomState, memberId: string, connected: boolean, now: number): ReduceResult {
  const member = state.members.find((m) => m.id === memberId);
  if (!member) return refuse('UNKNOWN_MEMBER', 'No such member.');
  if (member.connected === connected) return refuse('NOT_ALLOWED', 'Presence unchanged.');
  const updated: Member = connected
    ? { ...member, connected, presentSince: now, awaySince: null }
    : { ...member, connected, presentSince: null, awaySince: now };
  return accept({ ...state, members: state.members.map((m) => (m.id === memberId ? updated : m)) });
}
