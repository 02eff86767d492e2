/**
 * Close codes of the board endpoint, for the server that sends them and the page that explains
 * them. The 44xx range tells the stock y-websocket provider not to reconnect: each of these is a
 * decision that retrying cannot change. No zod here: the page's first bundle imports this.
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
