import { BOARD_MAX_STRUCTS } from './rules.ts';

/** Why a board update is refused [BD7]. */
export type UpdateRefusal =
  /** Not an update: bad bytes, trailing bytes, a zero length, one client's structs in two places. */
  | 'malformed'
  /** More structs, delete ranges or delete lookups than one update may carry. */
  | 'over-limit'
  /**
   * Yjs could not integrate it now and would keep it waiting, unbounded: a Skip, a client's first
   * clock beyond what the board has, a reference to an id that exists nowhere (or only later in
   * the update), a clock past `maxClock`, a board that already has structs waiting.
   */
  | 'not-integrable'
  /** A root-level item, or a parent that is not a field text or a row's status. */
  | 'wrong-place'
  /** Anything but text in a field text, one status string in a status, or deleted content (no GC). */
  | 'wrong-content'
  /** A delete of anything but field text or a replaced status, or of ids the board does not have. */
  | 'wrong-delete'
  /** A field text longer than BOARD_TEXT_MAX once the update is applied. */
  | 'text-too-long';

/** What one update may carry, so that checking it costs a bounded amount of work. */
export interface UpdateLimits {
  maxStructs: number;
  maxDeleteRanges: number;
  /** Structs the delete ranges may visit in all. */
  maxDeleteLookups: number;
  /** Steps Yjs may take to find where the update's items go (see ScanBudget). */
  maxScanSteps: number;
  maxClock: number;
}

export const defaultUpdateLimits: UpdateLimits = {
  // A device sends one transaction at a time (a few structs), or on reconnecting what it typed offline.
  maxStructs: 2_000,
  // A device that reconnects sends the delete set of its whole copy, which is at most the board.
  maxDeleteRanges: BOARD_MAX_STRUCTS,
  maxDeleteLookups: 2 * BOARD_MAX_STRUCTS,
  // A device's items sit next to their anchors (a step or two each); Yjs takes about 1 µs a step.
  maxScanSteps: 20_000,
  // A six-hour session of typing stays under 2^20; 2^53 is where clock arithmetic breaks.
  maxClock: 2 ** 32,
};

/**
 * What a writer's snapshot may carry: a whole board, built in order (each item next to its
 * anchors), so the board's most structs and scan steps in proportion. Checked once, when a device
 * opens the board.
 */
export const snapshotLimits: UpdateLimits = {
  ...defaultUpdateLimits,
  maxStructs: BOARD_MAX_STRUCTS,
  maxScanSteps: 100_000,
};
