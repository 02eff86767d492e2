import { boardRows, canWriteBoard } from '../../../shared/src/board/rules.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';
import type { AnsweredRound } from '../../../shared/src/protocol/answers.ts';
import type { SharedHistory } from '../../../shared/src/protocol/history.ts';
import { BoardSession } from './board.svelte.ts';
import { DeskSlot } from './deskSlot.svelte.ts';
import { type JoinResult, RoomSession } from './session.svelte.ts';

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
 * - Private answers follow the room and the board's key: a new round is answered again, a
 *   complete one added up.
 * - The creator who gave their name on the create page joins with it as soon as the room shows
 *   them its door, once, instead of being asked again.
 */
export class RoomController {
  readonly session: RoomSession;
  /** This device's copy of the commitment board; it outlives the room so it can still be exported. */
  readonly board = new BoardSession();
  /**
   * This device's private answers (what it answered, and the room's answers it added up [PA1]) and
   * the group's history (imported here, or shared by a writer through the room [HF9]), loaded once
   * the room is on screen. What the server sends for them before then waits here.
   */
  readonly desks = new DeskSlot();
  #desksLoading = false;
  #waitingRounds: AnsweredRound[] = [];
  #waitingHistory: SharedHistory | null = null;
  #last: RoomState | null = null;
  #writer = false;
  /** The name to join with on arrival, and who waits for the answer; null once used. */
  #arrival: { name: string; done: (result: JoinResult) => void } | null = null;

  constructor(readonly roomId: string) {
    this.session = new RoomSession(roomId, () => this.#follow());
    this.session.onAnswers = (rounds) => {
      if (this.desks.current) this.desks.current.answers.take(rounds);
      else this.#waitingRounds.push(...rounds);
    };
    this.session.onHistory = (shared) => {
      if (this.desks.current) this.desks.current.history.take(shared);
      else this.#waitingHistory = shared;
    };
    this.session.onMoved = () => this.desks.current?.history.roomMoved();
    this.board.onLive = () => {
      this.#follow();
      this.desks.current?.history.follow();
    };
    this.board.onEntries = () => this.#fillLateJoiners();
    this.board.onRefused = (from) => {
      const name = this.#last?.members.find((m) => m.id === from)?.name ?? 'a writer';
      this.session.notices.announce(`The board refused an update from ${name}.`);
    };
  }

  connect(): void {
    this.session.connect();
  }

  dispose(): void {
    this.desks.current?.answers.dispose();
    this.board.dispose();
    this.session.dispose();
  }

  /**
   * Joins with `name` as soon as the room shows its door to its creator, without a join form: the
   * creator typed the name and agreed to the ground rules on the create page [RM1]. Resolves with
   * the join's result; without the creator's place (a device that lost its secret) it resolves
   * refused at once, and the page shows the join form.
   */
  joinOnArrival(name: string): Promise<JoinResult> {
    return new Promise((done) => {
      this.#arrival = { name, done };
      this.#follow();
    });
  }

  /** Loads the desks once, and hands them what the server sent meanwhile. */
  #loadDesks(): void {
    if (this.#desksLoading) return;
    this.#desksLoading = true;
    import('./roomDesks.ts')
      .then(({ makeDesks }) => {
        const desks = makeDesks({
          roomId: this.roomId,
          send: (command) => this.session.send(command),
          boardKey: () => this.board.boardKey(),
          share: (epoch, sealed) => this.session.send({ type: 'history:share', epoch, sealed }),
          fillLastTime: async (rows, sameName) => {
            const [outcome, { importWords }] = await Promise.all([
              this.board.fillFromHistory({ rows, sameName }, () => this.#rows()),
              import('./importWords.ts'),
            ]);
            return outcome.ok ? importWords(outcome) : outcome.message;
          },
        });
        this.desks.current = desks;
        desks.answers.take(this.#waitingRounds.splice(0));
        if (this.#waitingHistory) desks.history.take(this.#waitingHistory);
        this.#waitingHistory = null;
        this.#follow();
      })
      .catch(() => {
        // Offline on first use: the next change of the room tries again.
        this.#desksLoading = false;
      });
  }

  /** The board's rows under the room's names, as this device has them now. */
  #rows() {
    return this.#last ? boardRows(this.#last.members, this.board.entries) : [];
  }

  /** The room as this device last had it: what the history's record of the session is made from. */
  get lastState(): RoomState | null {
    return this.#last;
  }

  /** A writer's device that imported last time's board fills the rows of members who come later [BD5]. */
  #fillLateJoiners(): void {
    if (this.#writer && this.#last) this.board.fillLateJoiners(boardRows(this.#last.members, this.board.entries));
  }

  #follow(): void {
    const { view } = this.session;
    const arrival = this.#arrival;
    if (arrival && view.kind !== 'connecting') {
      this.#arrival = null;
      if (view.kind === 'preview' && view.preview.creator) void this.session.join(arrival.name).then(arrival.done);
      else arrival.done({ ok: false, code: 'NOT_CREATOR', message: '' });
    }
    if (view.kind === 'member') {
      const { state, you } = view;
      const socket = this.session.boardSocket();
      if (socket) void this.board.open({ roomId: this.roomId, memberId: you, socket, state: () => this.#last });
      const writer = canWriteBoard(state, you);
      if (this.#writer && !writer) this.board.reconnect();
      this.#writer = writer;
      const changed = this.#last !== state;
      this.#last = state;
      if (changed) this.board.roomChanged();
      this.#loadDesks();
      this.desks.current?.answers.follow(state, you);
      this.#fillLateJoiners();
    } else if (view.kind === 'removed') {
      this.desks.current?.answers.forget();
      this.desks.current?.history.forget();
      this.#waitingRounds = [];
      this.#waitingHistory = null;
      this.board.forget();
    } else if (view.kind === 'ended' || view.kind === 'missing') {
      this.desks.current?.answers.dispose();
      const last = this.#last;
      this.board.freeze((entries) => (last ? boardRows(last.members, entries) : []), last?.purpose ?? '');
    }
  }
}
