import type { RoomState } from '../../../shared/src/room/state.ts';

// Apart from the editor's helpers: the room's agenda tab reads it on every device, the editor
// loads only for the facilitator.

/**
 * Which phases stay as they are [AG1]: once the session runs, those up to the one running
 * (`lockedUpTo`, its index; -1 in the lobby) and any left part-way through (`locked`, by index).
 * The rest, the phases still to come, may change; the room refuses any other edit (`agendaEditRefusal`).
 */
export interface AgendaLocks {
  lockedUpTo: number;
  locked: ReadonlySet<number>;
}

export const NO_LOCKS: AgendaLocks = { lockedUpTo: -1, locked: new Set() };

/** The locks of the room's agenda now; null once the session is over and nothing may change. */
export function agendaLocks(room: RoomState): AgendaLocks | null {
  const { session } = room;
  if (session.stage === 'lobby') return NO_LOCKS;
  if (session.stage !== 'running') return null;
  return { lockedUpTo: session.phaseIndex, locked: new Set(Object.keys(room.savedPhases).map(Number)) };
}

export function isLocked(locks: AgendaLocks, index: number): boolean {
  return index <= locks.lockedUpTo || locks.locked.has(index);
}
