import type { Refusal } from './refusal.ts';
import type { RoomState } from './state.ts';

export type ReduceResult = { ok: true; state: RoomState } | Refusal;

export interface ReduceContext {
  /** The member who sent the command; null for the server's own commands. */
  actor: string | null;
  /** Server time at which the command is applied. */
  now: number;
}

export function accept(state: RoomState): ReduceResult {
  return { ok: true, state };
}
