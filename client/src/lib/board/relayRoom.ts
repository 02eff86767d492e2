import { canSealBoardKey, canWriteBoard } from '../../../../shared/src/board/rules.ts';
import type { RoomState } from '../../../../shared/src/room/state.ts';
import type { RelayRoom } from './relaySocket.ts';

/** The room as the board's link needs it, read from this device's replica of the room state. */
export function relayRoom(state: RoomState): RelayRoom {
  const members = new Map(state.members.map((m) => [m.id, m]));
  return {
    memberIds: state.members.map((m) => m.id),
    keysOf: (memberId) => members.get(memberId)?.keys ?? null,
    canWrite: (memberId) => canWriteBoard(state, memberId),
    canSeal: (memberId) => members.has(memberId) && canSealBoardKey(state, memberId),
    isFacilitator: (memberId) => memberId === state.facilitatorId,
  };
}
