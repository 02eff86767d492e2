import type { RoomState } from '../room/state.ts';
import type { BoardEntry } from './model.ts';

// The board's rules, apart from its Yjs model so the page can ask them without loading Yjs.

/** Longest text a board field holds; the import accepts the same, so every export imports again. */
export const BOARD_TEXT_MAX = 1_000;

/** Who writes on the board: the scribe and the facilitator; everyone else reads [BD4]. */
export function canWriteBoard(
  state: Pick<RoomState, 'session' | 'scribeId' | 'facilitatorId'>,
  memberId: string,
): boolean {
  return state.session.stage !== 'ended' && (state.scribeId === memberId || state.facilitatorId === memberId);
}

/**
 * Who may seal the board key to a member who lacks it: the facilitator, who lets people in; in a
 * room without a knock, any member (a device that holds the key) [BD9].
 */
export function canSealBoardKey(state: Pick<RoomState, 'facilitatorId' | 'admission'>, memberId: string): boolean {
  return state.facilitatorId === memberId || state.admission === 'open';
}

/** A board row as people see it: the member's name from the room, their entry from the board. */
export interface BoardRow extends BoardEntry {
  memberId: string;
  name: string;
}

/**
 * The board's rows in the room's join order, under the names the room knows [BD1, BD5]. The
 * document holds no names, so nobody who can write to it can rename a row.
 */
export function boardRows(
  members: readonly { id: string; name: string }[],
  entries: ReadonlyMap<string, BoardEntry>,
): BoardRow[] {
  const rows: BoardRow[] = [];
  for (const { id, name } of members) {
    const entry = entries.get(id);
    if (entry) rows.push({ memberId: id, name, ...entry });
  }
  return rows;
}

/**
 * Most structs (Yjs items, each a run of characters or a value) a board document may hold [BD4].
 * Deleted text stays as small tombstones, so this bounds a board's memory and the work of syncing
 * it. A full room typing for six hours makes a few thousand.
 */
export const BOARD_MAX_STRUCTS = 10_000;
