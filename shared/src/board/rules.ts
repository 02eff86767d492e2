import type { RoomState } from '../room/state.ts';

// The board's rules, apart from its Yjs model so the page can ask them without loading Yjs.

/** Longest text a board field holds; the import accepts the same, so every export imports again. */
export const BOARD_TEXT_MAX = 1_000;

/** Who writes on the board: the scribe and the facilitator; everyone else reads [BD4]. */
export function canWriteBoard(
  state: Pick<RoomState, 'stage' | 'scribeId' | 'facilitatorId'>,
  memberId: string,
): boolean {
  return state.stage !== 'ended' && (state.scribeId === memberId || state.facilitatorId === memberId);
}

/**
 * Rows with each member's name as the room knows it. The board document keeps a copy of names
 * for rows, but anyone who may write could change that copy; the room's own names are the truth
 * for display, export and import matching [BD5].
 */
export function withRoomNames<R extends { memberId: string; name: string }>(
  rows: readonly R[],
  names: ReadonlyMap<string, string>,
): R[] {
  return rows.map((row) => {
    const name = names.get(row.memberId);
    return name === undefined || name === row.name ? row : { ...row, name };
  });
}
