import type { SystemCommand } from '../protocol/commands.ts';
import { questionDueAt } from './questions.ts';
import { handExpiryDueAt } from './queue.ts';
import { failoverCandidate, failoverDueAt } from './roles.ts';
import type { RoomState } from './state.ts';

/**
 * The next moment at which the room changes by itself, and the command that makes it so: the
 * facilitator failover [RL3] lowering the hands of members away too long [HQ9], or a question's round running out of time [PA2]. The server
 * arms one timer for it; nothing ticks.
 */
export function nextDeadline(state: RoomState): { at: number; command: SystemCommand } | null {
  if (state.session.stage === 'ended') return null;
  const candidates: { at: number | null; command: SystemCommand }[] = [
    // A failover with nobody to take the role waits until someone is here (a presence change re-arms).
    { at: failoverCandidate(state) === null ? null : failoverDueAt(state), command: { type: 'facilitator:failover' } },
    { at: handExpiryDueAt(state), command: { type: 'hands:expire' } },
    { at: questionDueAt(state), command: { type: 'answers:expire' } },
  ];
  let next: { at: number; command: SystemCommand } | null = null;
  for (const c of candidates)
    if (c.at !== null && (next === null || c.at < next.at)) next = { at: c.at, command: c.command };
  return next;
}
