// The board endpoint's wire constants, for the server that speaks it and the page that connects.
// No zod here: the page's first bundle imports this.

/** Where the y-websocket protocol endpoint listens; the provider appends the room name to it. */
export const BOARD_PATH = '/yjs';

/**
 * The WebSocket subprotocol a board connection offers first. The member secret travels as a second
 * subprotocol, never in the URL, so no proxy's access log can hold it; the server answers with
 * this one alone.
 */
export const BOARD_PROTOCOL = 'holdspace';

/**
 * Close codes of the board endpoint, for the server that sends them and the page that explains
 * them. The 44xx range tells the stock y-websocket provider not to reconnect: each of these is a
 * decision that retrying cannot change.
 */
export const BoardClose = {
  malformed: 4400,
  unauthorized: 4401,
  roomNotFound: 4404,
  /** The board was rebuilt from its last readable content: connect again for a fresh copy [BD8]. */
  reset: 4409,
  roomEnded: 4410,
  tooLarge: 4413,
  /** The board could not be rebuilt and is closed for good; each device keeps its copy to export [BD8]. */
  lost: 4423,
  tooMany: 4429,
} as const;
export type BoardCloseCode = (typeof BoardClose)[keyof typeof BoardClose];
