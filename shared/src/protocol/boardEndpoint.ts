// The board's close codes, for the server's relay that sends them and the page that explains them.
// No zod here: the page's first bundle imports this.

/**
 * Why a board subscription ended (`board:closed`). The 44xx range tells the stock y-websocket
 * provider not to reconnect: each of these is a decision that retrying cannot change.
 */
export const BoardClose = {
  malformed: 4400,
  unauthorized: 4401,
  /** The facilitator removed this member from the room [RM7]. */
  removed: 4403,
  roomNotFound: 4404,
  /** This member opened the board on more devices or tabs than a member may: this, the oldest, closed [RC5]. */
  superseded: 4408,
  /** The board started a new key epoch (or this device's frame was of an old one): open it again [BD9]. */
  reset: 4409,
  roomEnded: 4410,
  tooLarge: 4413,
  tooMany: 4429,
} as const;
export type BoardCloseCode = (typeof BoardClose)[keyof typeof BoardClose];
