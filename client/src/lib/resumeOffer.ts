import type { ResumeRequest, StateSeal } from '../../../shared/src/protocol/resume.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';

/**
 * What this device says to a process that does not know it (the room moved): which member it is,
 * signed over this connection's challenge with its member key, and, when the process does not
 * know the room either, the state it holds with the seal over it. The key code loads with it.
 */
export async function resumeRequest(
  roomId: string,
  challenge: string,
  memberId: string,
  sealed?: { state: RoomState; seal: StateSeal },
): Promise<ResumeRequest> {
  const [{ keysFor }, { signWith }, { toBase64Url, utf8 }, { resumeProofText }] = await Promise.all([
    import('./deviceKeys.ts'),
    import('../../../shared/src/crypto/memberKeys.ts'),
    import('../../../shared/src/crypto/bytes.ts'),
    import('../../../shared/src/protocol/resumeProof.ts'),
  ]);
  const keys = await keysFor(roomId);
  const signature = toBase64Url(await signWith(keys, utf8(resumeProofText(roomId, challenge, memberId))));
  const request: ResumeRequest = { memberId, signature };
  if (sealed) request.sealed = { state: sealed.state as unknown as Record<string, unknown>, seal: sealed.seal };
  return request;
}
