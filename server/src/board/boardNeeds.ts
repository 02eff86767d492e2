import { canSealBoardKey, canWriteBoard } from '../../../shared/src/board/rules.ts';
import type { BoardNeeds } from '../../../shared/src/protocol/boardRelay.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';

/** What the board needs, whoever can act on it. */
export interface RoomNeeds {
  /** Members lacking this epoch's key (none before the first key: there is nothing to seal). */
  seal: readonly string[];
  snapshot: boolean;
  rekey: boolean;
}

type NeedsState = Pick<RoomState, 'session' | 'scribeId' | 'facilitatorId' | 'admission'>;

/**
 * What one member's device is told of the board's needs: only what it may act on — whom to seal
 * to if it may seal, a snapshot if it writes, a rekey if it facilitates.
 */
export function needsFor(state: NeedsState, memberId: string, needs: RoomNeeds): BoardNeeds {
  return {
    seal: canSealBoardKey(state, memberId) ? [...needs.seal] : [],
    snapshot: needs.snapshot && canWriteBoard(state, memberId),
    rekey: needs.rekey && state.facilitatorId === memberId,
  };
}

export function sameNeeds(a: BoardNeeds | null, b: BoardNeeds): boolean {
  return (
    a !== null &&
    a.snapshot === b.snapshot &&
    a.rekey === b.rekey &&
    a.seal.length === b.seal.length &&
    a.seal.every((id, i) => b.seal[i] === id)
  );
}
