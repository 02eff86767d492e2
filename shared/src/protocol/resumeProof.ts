/**
 * What a resuming member signs: the domain, the room, this connection's challenge and who they
 * are. Apart from the schemas, so the page's first bundle carries no zod.
 */
export function resumeProofText(roomId: string, challenge: string, memberId: string): string {
  return `holdspace-resume-v1\n${roomId}\n${challenge}\n${memberId}`;
}
