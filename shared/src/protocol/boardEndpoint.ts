// The board's wire constants: its close codes, for the server's relay that sends them and the page
// that explains them; and, until the page moves to the relay on its Socket.IO connection, the old
// y-websocket endpoint's URL and subprotocols, which the server no longer serves.
// No zod here: the page's first bundle imports this.

/**
 * The board endpoint's one URL, the same for every room: the y-websocket provider is given
 * `BOARD_PATH` as its server and `BOARD_NAME` as its room name, and appends one to the other.
 * Nothing in it names a room, so no proxy's access log can hold a room id [PR3].
 */
export const BOARD_PATH = '/yjs';
export const BOARD_NAME = 'board';

/**
 * The WebSocket subprotocol a board connection offers first; the server answers with it alone.
 * The room id and the member secret travel as two more subprotocols, never in the URL.
 */
const BOARD_PROTOCOL = 'holdspace';
const ROOM_PREFIX = 'room.';
const SECRET_PREFIX = 'key.';

/** The subprotocols a member's device offers to open its room's board. */
export function boardProtocols(roomId: string, secret: string | undefined): string[] {
  const offered = [BOARD_PROTOCOL, `${ROOM_PREFIX}${roomId}`];
  return secret === undefined ? offered : [...offered, `${SECRET_PREFIX}${secret}`];
}

/**
 * Why a board subscription ended (`board:closed`), for the server that sends them and the page that
 * explains them. The 44xx range tells the stock y-websocket provider not to reconnect: each of these
 * is a decision that retrying cannot change.
 */
export const BoardClose = {
  malformed: 4400,
  unauthorized: 4401,
  /** The facilitator removed this member from the room [RM7]. */
  removed: 4403,
  roomNotFound: 4404,
  /** This member opened the board on more devices or tabs than a member may: this, the oldest, closed [RC5]. */
  superseded: 4408,
  /** A frame of an old key epoch: the board was rekeyed, open it again. */
  reset: 4409,
  roomEnded: 4410,
  tooLarge: 4413,
  /** The board could not be rebuilt and is closed for good; each device keeps its copy to export [BD8]. */
  lost: 4423,
  tooMany: 4429,
} as const;
export type BoardCloseCode = (typeof BoardClose)[keyof typeof BoardClose];
