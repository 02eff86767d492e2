import type { RefusalCode } from '../../shared/src/room/refusal.ts';

/** The typed refusal every edge answers with: an HTTP body or a Socket.IO acknowledgement. */
export function refusal(code: RefusalCode, message: string): { ok: false; code: RefusalCode; message: string } {
  return { ok: false, code, message };
}

/** The first issue zod found, in words a person can act on. */
export function describeIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid message.';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}
