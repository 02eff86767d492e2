import { type ResumeRequest, resumeProofText, type StateSeal } from '../../../shared/src/protocol/resume.ts';
import { findMember, type RoomState } from '../../../shared/src/room/state.ts';
import { signedBy } from '../rooms/joinProof.ts';
import { creatorHashOf } from './stateSealer.ts';

/** Who a resuming device proved itself to be: a member, or the creator before joining. */
export type Proven = { kind: 'member'; memberId: string; signKey: string } | { kind: 'creator' };

/**
 * Which member of `state` a resume request proves this connection's device to be: a signature
 * over this connection's challenge with the member key the roster holds for them. Null when it
 * proves no one.
 */
export function provenMember(
  roomId: string,
  challenge: string,
  state: RoomState,
  request: ResumeRequest,
): Proven | null {
  const { memberId, signature } = request;
  if (memberId === null || !signature) return null;
  const member = findMember(state, memberId);
  if (!member) return null;
  if (!signedBy(member.keys.sign, resumeProofText(roomId, challenge, memberId), signature)) return null;
  return { kind: 'member', memberId, signKey: member.keys.sign };
}

/**
 * Who an offer of a sealed state proves this device to be, once the seal itself checked out: a
 * member of that state by signature, or its creator by the secret of the handshake, while the
 * seal still stands for them (they had not joined).
 */
export function provenBySeal(
  roomId: string,
  challenge: string,
  state: RoomState,
  seal: StateSeal,
  request: ResumeRequest,
  secret: string | undefined,
): Proven | null {
  if (request.memberId !== null) return provenMember(roomId, challenge, state, request);
  if (!seal.creator || secret === undefined || findMember(state, state.creatorId)) return null;
  return seal.creator === creatorHashOf(secret) ? { kind: 'creator' } : null;
}
