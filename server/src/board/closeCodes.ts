/**
 * Close codes of the board endpoint. The 44xx range tells the stock y-websocket provider not to
 * reconnect: each of these is a decision that retrying cannot change.
 */
export const BoardClose = {
  malformed: 4400,
  unauthorized: 4401,
  roomNotFound: 4404,
  roomEnded: 4410,
  tooLarge: 4413,
  tooMany: 4429,
} as const;
export type BoardCloseCode = (typeof BoardClose)[keyof typeof BoardClose];
