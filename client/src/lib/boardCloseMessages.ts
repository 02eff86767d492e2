import { BoardClose, type BoardCloseCode } from '../../../shared/src/protocol/boardEndpoint.ts';

/** What each permanent close code means for the person looking at the board. */
export const closeMessages: Record<number, string> = {
  [BoardClose.malformed]: 'The board stopped syncing after a message the server could not accept.',
  [BoardClose.unauthorized]: 'The board did not recognise this device as a member of the room.',
  [BoardClose.removed]: 'The facilitator removed you from the room, so the board is closed.',
  [BoardClose.roomNotFound]: 'The board for this room was not found: the room may have ended.',
  [BoardClose.superseded]:
    'The board is open on more of your devices or tabs than the room allows, so it closed here. Open it again to use it here.',
  [BoardClose.reset]: 'The board started again under a new key. Open it again to carry on.',
  [BoardClose.roomEnded]: 'The room has ended, so the board is closed. You can still export what this device has.',
  [BoardClose.tooLarge]:
    'The board stopped syncing: that change was too large, or the board is full. Your last change was not saved.',
  [BoardClose.tooMany]: 'The board stopped syncing: this device sent too many changes at once.',
} satisfies Record<BoardCloseCode, string>;

/** Codes after which connecting again with a fresh copy can help (the room is still there). */
const retryable = new Set<number>([
  BoardClose.malformed,
  BoardClose.superseded,
  BoardClose.unauthorized,
  BoardClose.tooLarge,
  BoardClose.tooMany,
]);

export function canRetry(code: number): boolean {
  return retryable.has(code);
}
