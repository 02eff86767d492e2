import { boardRows, canWriteBoard } from '../../../shared/src/board/rules.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';
import { BoardSession } from './board.svelte.ts';
import { RoomSession } from './session.svelte.ts';

/**
 * One open room on this page: the room session and the board session, and the few moments at
 * which one must act on the other, written out in one place instead of effects that watch state.
 *
 * - A member with a secret opens the board, once.
 * - Losing write access starts the board afresh from the server, so an edit the server refused
 *   cannot linger on this device (or come back if the role returns).
 * - When the room ends, the board keeps this device's copy, under the room's last names, for export.
 *   Someone removed from the room keeps nothing of it: removal is how a stranger is cut off [RM7].
 * - A writer who imported last time's board fills the rows of members who join later.
 */
export class RoomController {
  readonly session: RoomSession;
  /** This device's copy of the commitment board; it outlives the room so it can still be exported. */
  readonly board = new BoardSession();
  #last: RoomState | null = null;
  #writer = false;

  constructor(readonly roomId: string) {
    this.session = new RoomSession(roomId, () => this.#follow());
    this.board.onEntries = () => this.#fillLateJoiners();
  }

  connect(): void {
    this.session.connect();
  }

  dispose(): void {
    this.board.dispose();
    this.session.dispose();
  }

  /** A writer's device that imported last time's board fills the rows of members who come later [BD5]. */
  #fillLateJoiners(): void {
    if (this.#writer && this.#last) this.board.fillLateJoiners(boardRows(this.#last.members, this.board.entries));
  }

  #follow(): void {
    const { view, secret } = this.session;
    if (view.kind === 'member') {
      const { state, you } = view;
      if (secret) void this.board.open({ roomId: this.roomId, secret, memberId: you });
      const writer = canWriteBoard(state, you);
      if (this.#writer && !writer) this.board.reconnect();
      this.#writer = writer;
      this.#last = state;
      this.#fillLateJoiners();
    } else if (view.kind === 'removed') {
      this.board.forget();
    } else if (view.kind === 'ended' || view.kind === 'missing') {
      const last = this.#last;
      this.board.freeze((entries) => (last ? boardRows(last.members, entries) : []), last?.purpose ?? '');
    }
  }
}
