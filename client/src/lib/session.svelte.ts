import type { SharedHistory } from '../../../shared/src/protocol/history.ts';
import type { AnsweredRound } from '../../../shared/src/protocol/answers.ts';
import { io, type Socket } from 'socket.io-client';
import { routeKeyOf } from '../../../shared/src/crypto/routeKey.ts';
import { forgetGenesis } from './genesis.ts';
import { RoomMoves } from './roomMoves.ts';
import type { ClientCommand } from '../../../shared/src/protocol/commands.ts';
import type { JoinKeys } from '../../../shared/src/protocol/memberKeys.ts';
import type {
  ClientToServerEvents,
  PrivateView,
  RoomPreview,
  ServerToClientEvents,
  Snapshot,
} from '../../../shared/src/protocol/socket.ts';
import { canDo } from '../../../shared/src/room/reduce.ts';
import { type Refusal, refuse } from '../../../shared/src/room/refusal.ts';
import type { EndReason, RoomState } from '../../../shared/src/room/state.ts';
import { type ReplicaView, RoomReplica } from '../../../shared/src/sync/replica.ts';
import { becameNext, describeChange, describePrivate, givenToYou } from './milestones.ts';
import { forgetSecret, loadMemberId, loadSecret, saveMemberId, saveSecret } from './secrets.ts';
import type { EventSocket } from './board/socketWire.ts';
import { ClockSync } from './serverClock.ts';
import { newRequestId } from './ids.ts';
import { Notices } from './notices.svelte.ts';
import { deviceNow } from './now.svelte.ts';

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const nothingPrivate: PrivateView = { knocks: [], signals: [], mine: { space: false, talkAfter: false } };

/** What this device knows about the room; one shape per moment of its life. */
export type View =
  | { kind: 'connecting' }
  | { kind: 'preview'; preview: RoomPreview }
  /** Waiting for the facilitator to let this device in [RM6]. */
  | { kind: 'knocking'; preview: RoomPreview }
  | { kind: 'declined'; preview: RoomPreview; reason: 'declined' | 'lapsed' }
  | { kind: 'member'; state: RoomState; you: string }
  | { kind: 'missing' }
  | { kind: 'removed' }
  | { kind: 'ended'; reason: EndReason | null };

type Over = Extract<View, { kind: 'missing' | 'removed' | 'ended' }>;

export type Connection = 'connecting' | 'online' | 'reconnecting';

export type JoinResult = { ok: true } | { ok: false; code: string; message: string };

const ACK_TIMEOUT_MS = 8_000;

/**
 * The page's connection to one room: the socket, this device's secret and clock estimate, and the
 * shared replica that keeps the room's state [RC3]. It renders nothing and decides no rule; it
 * tells `onChange` whenever what it knows changes, so the page can orchestrate the rest.
 */
export class RoomSession {
  view: View = $state.raw({ kind: 'connecting' });
  connection: Connection = $state('connecting');
  /** Add to the device clock to get server time [TM2]. */
  offsetMs = $state(0);
  /** What the page says besides the room: notices that clear themselves, and milestones. */
  readonly notices = new Notices();
  /** This device's member secret, once it has one; the board endpoint authenticates with it. */
  secret: string | undefined = $state();
  /**
   * What only this member may know, as the server decides it for them: their own private signals
   * and, on the facilitator's devices, who is knocking and everyone's signals [RM6, PS1].
   */
  private: PrivateView = $state.raw(nothingPrivate);
  /** Told of rounds of private answers every respondent sent, sealed: the answer desk adds them up [PA1]. */
  onAnswers: (rounds: AnsweredRound[]) => void = () => {};
  /** Told of the group's history a writer shared, sealed with the board key [HF9]. */
  onHistory: (shared: SharedHistory) => void = () => {};
  /** Told when the room came back on another process, which holds nothing a device shared with the old one [RS1]. */
  onMoved: () => void = () => {};

  readonly roomId: string;
  #socket: RoomSocket | null = null;
  /** A connection attempt after the server refused one without saying the room is gone. */
  #retry: ReturnType<typeof setTimeout> | undefined;
  #clock: ClockSync | null = null;
  #haveEstimate = false;
  /** One id for every attempt to join from this page: a retry after a lost reply is the same member. */
  readonly #joinId = newRequestId();
  /** The name this device knocked with, to knock again if the connection drops while waiting. */
  #knockName: string | null = null;
  /** The challenge of the connection whose preview came last, and that connection's id. */
  #challenge: { socketId: string | undefined; challenge: string } | null = null;
  /** Told when a preview arrives: joins waiting for their connection's challenge. */
  readonly #previewWaiters = new Set<() => void>();
  readonly #replica: RoomReplica;
  /** The seals and the life of the room this device saw, to bring it back if it moves [RS1]. */
  readonly #moves: RoomMoves;

  constructor(
    roomId: string,
    private readonly onChange: () => void = () => {},
  ) {
    this.roomId = roomId;
    this.#moves = new RoomMoves(roomId);
    this.#replica = new RoomReplica(
      {
        requestSnapshot: async () => {
          const socket = this.#socket;
          if (!socket?.connected) return null;
          const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:sync', {});
          return reply.ok ? reply.snapshot : null;
        },
      },
      (after, before) => this.#replicaChanged(after, before),
    );
  }

  /** This device's connection, for the board's frames, once there is one. */
  boardSocket(): EventSocket | null {
    return this.#socket as unknown as EventSocket | null;
  }

  /** The room state, when this device is a member. */
  get state(): RoomState | null {
    return this.view.kind === 'member' ? this.view.state : null;
  }

  get you(): string | null {
    return this.view.kind === 'member' ? this.view.you : null;
  }

  /** Server time now, re-rendering with the local tick. */
  serverNow(): number {
    return deviceNow() + this.offsetMs;
  }

  /**
   * Why the room would refuse `command` from this device now, or null: the reducer's own answer,
   * which the page uses to decide what it offers. The server still decides [RL1].
   */
  refusal(command: ClientCommand): Refusal | null {
    const view = this.view;
    if (view.kind !== 'member') return refuse('notAMember');
    return this.#refusalIn(view, command);
  }

  connect(): void {
    if (this.#socket) return;
    const secret = loadSecret(this.roomId);
    this.secret = secret;
    const socket: RoomSocket = io({
      auth: secret ? { roomId: this.roomId, secret } : { roomId: this.roomId },
      // A WebSocket first: a proxy routes it by the room's key, which long polling cannot carry.
      // Where a network blocks WebSockets, one process alone is still reached by long polling.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      autoConnect: false,
    });
    this.#socket = socket;
    void this.#route(socket);
    const clock = new ClockSync(
      async () => (await socket.timeout(5_000).emitWithAck('clock:ping', {})).serverNow,
      (estimate) => {
        this.#haveEstimate = true;
        this.offsetMs = estimate.offsetMs;
      },
    );
    this.#clock = clock;
    clock.start();

    socket.on('connect', () => {
      this.connection = 'online';
      void clock.refresh();
    });
    socket.on('disconnect', (reason) => {
      if (this.#isOver()) return;
      // The server lets a page on the join form go after a while; joining connects again.
      if (reason === 'io server disconnect' && !this.#inRoom()) return;
      this.connection = 'reconnecting';
      // The server closed this socket without ending the room: ask again; a gone room answers ROOM_NOT_FOUND.
      if (!socket.active) socket.connect();
    });
    socket.on('room:unknown', ({ challenge }) => void this.#offer(socket, challenge));
    socket.on('room:missing', () => this.#missing(socket));
    socket.on('room:seal', (seal) => this.#moves.keep(seal));
    socket.on('connect_error', (err) => {
      if (err.message === 'ROOM_NOT_FOUND') {
        this.#finish({ kind: 'missing' });
        return;
      }
      this.connection = this.view.kind === 'connecting' ? 'connecting' : 'reconnecting';
      if (socket.active) return;
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => {
        if (this.#socket === socket && !this.#isOver()) socket.connect();
      }, 3_000);
    });
    socket.on('room:preview', async (preview) => {
      // A member whose room moved to a process that does not know this device yet proves who it is.
      if (await this.#reclaim(socket, preview.challenge)) return;
      if (!preview.creator && loadSecret(this.roomId)) {
        forgetSecret(this.roomId);
        this.secret = undefined;
        socket.auth = { roomId: this.roomId };
      }
      const knocking = this.view.kind === 'knocking' && this.#knockName !== null;
      this.#challenge = { socketId: socket.id, challenge: preview.challenge };
      for (const waiter of this.#previewWaiters) waiter();
      this.#previewWaiters.clear();
      // The key code and this device's keys, ready before the name is typed.
      import('./deviceKeys.ts').then(({ keysFor }) => keysFor(this.roomId)).catch(() => {});
      this.view = { kind: 'preview', preview };
      this.onChange();
      // Back after a dropped connection while waiting: the old knock went with it, so knock again.
      if (knocking && this.#knockName !== null) void this.join(this.#knockName);
    });
    socket.on('room:admitted', ({ secret }) => this.#holdSecret(socket, secret));
    socket.on('room:declined', ({ reason }) => {
      if (this.view.kind !== 'knocking') return;
      this.#knockName = null;
      this.view = { kind: 'declined', preview: this.view.preview, reason };
      this.onChange();
    });
    socket.on('room:removed', () => this.#finish({ kind: 'removed' }));
    socket.on('room:snapshot', (snapshot) => this.#applySnapshot(snapshot));
    socket.on('room:answers', (rounds) => {
      if (!this.#isOver()) this.onAnswers(rounds);
    });
    socket.on('room:history', (shared) => {
      if (!this.#isOver()) this.onHistory(shared);
    });
    socket.on('room:private', (view) => {
      if (this.#isOver()) return;
      const news = describePrivate(this.private, view, this.state);
      this.private = view;
      if (news) this.notices.announce(news);
    });
    socket.on('room:event', (event) => {
      if (this.#isOver()) return;
      if (event.seal) this.#moves.keep(event.seal);
      this.#replica.applyEvent(event);
    });
    socket.on('room:ended', ({ reason }) => this.#finish({ kind: 'ended', reason }));
  }

  dispose(): void {
    clearTimeout(this.#retry);
    this.#clock?.stop();
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /**
   * Joins (or knocks) with a display name after agreeing to the ground rules; keeps the secret on
   * this device once it is a member.
   */
  async join(name: string): Promise<JoinResult> {
    const socket = await this.#connected();
    const challenge = socket && (await this.#challengeOf(socket));
    if (!socket || !challenge)
      return { ok: false, code: 'OFFLINE', message: 'Could not reach the server. Try again in a moment.' };
    let keys: JoinKeys;
    try {
      keys = await (await import('./deviceKeys.ts')).joinKeys(this.roomId, challenge);
    } catch {
      return { ok: false, code: 'NO_KEYS', message: 'This browser could not make its keys. Reload and try again.' };
    }
    try {
      const reply = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('room:join', { name, agreed: true, joinId: this.#joinId, keys });
      if (!reply.ok) return { ok: false, code: reply.code, message: reply.message };
      if ('knocking' in reply) {
        this.#knockName = name;
        const { view } = this;
        if (view.kind === 'preview' || view.kind === 'declined')
          this.view = { kind: 'knocking', preview: view.preview };
        this.onChange();
        return { ok: true };
      }
      this.#holdSecret(socket, reply.secret);
      return { ok: true };
    } catch {
      return { ok: false, code: 'TIMEOUT', message: 'The server did not answer. Check your connection and try again.' };
    }
  }

  /**
   * The challenge this connection's preview carried, waiting for the preview when the socket has
   * just connected again (a join proof signed for another connection is refused).
   */
  async #challengeOf(socket: RoomSocket): Promise<string | null> {
    const current = () => {
      const known = this.#challenge;
      return known && known.socketId === socket.id ? known.challenge : null;
    };
    if (!current()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ACK_TIMEOUT_MS);
        this.#previewWaiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return current();
  }

  /** The socket, connected: at once, or after connecting again (the server lets idle join pages go). */
  async #connected(): Promise<RoomSocket | null> {
    const socket = this.#socket;
    if (!socket || socket.connected) return socket;
    socket.connect();
    return new Promise((resolve) => {
      const done = (value: RoomSocket | null) => {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        resolve(value);
      };
      const onConnect = () => done(socket);
      const timer = setTimeout(() => done(null), ACK_TIMEOUT_MS);
      socket.on('connect', onConnect);
    });
  }

  /** This device is a member now: its secret is kept for reconnects and the board. */
  #holdSecret(socket: RoomSocket, secret: string): void {
    this.#knockName = null;
    saveSecret(this.roomId, secret);
    this.secret = secret;
    socket.auth = { roomId: this.roomId, secret };
    this.onChange();
  }

  /** The reducer's answer to `command` from this device in the room as `view` has it. */
  #refusalIn({ state, you }: ReplicaView, command: ClientCommand): Refusal | null {
    // None of a member's commands depends on the time; the device's estimate of it is enough.
    return canDo(state, command, you, Date.now() + this.offsetMs);
  }

  /** Whether this device is in the room or waiting at its door: a dropped connection is worth mending. */
  #inRoom(): boolean {
    return this.view.kind === 'member' || this.view.kind === 'knocking';
  }

  /**
   * Sends a command; the server decides. Refusals become a polite notice. Resolves true if accepted.
   * If the acknowledgement times out while still connected, the same request is sent once more with
   * the same request id: the server applies an id once and acknowledges a repeat as a duplicate, so
   * a retry never spends a talk token twice [RC4].
   */
  async send(command: ClientCommand): Promise<boolean> {
    const socket = this.#socket;
    if (!socket?.connected) {
      this.notices.say('You are offline right now. Try again once reconnected.');
      return false;
    }
    const request = { requestId: newRequestId(), command };
    for (let attempt = 1; ; attempt++) {
      try {
        const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:command', request);
        if (reply.ok) return true;
        // Gone once the same command would get another answer: a grant, a new phase…
        const code = reply.code;
        this.notices.say(reply.message, (view) => this.#refusalIn(view, command)?.code !== code);
        return false;
      } catch {
        if (attempt < 2 && socket.connected && this.#socket === socket) continue;
        this.notices.say('The server did not answer. Check your connection and try again.');
        return false;
      }
    }
  }

  #isOver(): boolean {
    return this.view.kind === 'missing' || this.view.kind === 'removed' || this.view.kind === 'ended';
  }

  #finish(view: Over): void {
    if (this.#isOver()) return;
    this.view = view;
    this.connection = 'online';
    forgetSecret(this.roomId);
    this.private = nothingPrivate;
    this.#clock?.stop();
    this.#socket?.disconnect();
    // Nothing said in the room outlives it on this page, its notices included [PR6].
    this.notices.clear();
    if (view.kind === 'ended') this.notices.announce('This room has ended.');
    this.onChange();
  }

  #applySnapshot(snapshot: Snapshot): void {
    if (this.#isOver()) return;
    // A one-way reading until the round-trip estimate arrives.
    if (!this.#haveEstimate) this.offsetMs = snapshot.serverNow - Date.now();
    if (snapshot.seal) this.#moves.keep(snapshot.seal);
    forgetGenesis(this.roomId);
    const moved = this.#moves.arrived(snapshot.incarnation);
    // The room came back on another process, perhaps a version or two behind this device: its state is the room's now.
    if (moved) {
      this.#replica.reset();
      this.notices.announce('The room moved to a new server.');
    }
    this.#replica.applySnapshot(snapshot);
    // What this member told the facilitator alone was kept by the old process only: say it again.
    if (moved) {
      this.#signalAgain(this.private.mine);
      this.onMoved();
    }
  }

  #signalAgain(mine: PrivateView['mine']): void {
    if (mine.space) void this.send({ type: 'signal:set', signal: 'space', on: true });
    if (mine.talkAfter) void this.send({ type: 'signal:set', signal: 'talkAfter', on: true });
  }

  /** Sends the connection to the room's process: a WebSocket subprotocol carries the room's routing key. */
  async #route(socket: RoomSocket): Promise<void> {
    try {
      const key = await routeKeyOf(this.roomId);
      socket.io.opts.protocols = ['holdspace', key];
    } catch {
      // Without WebCrypto (a page not served securely) there is no key: one process serves it anyway.
    }
    if (this.#socket === socket) socket.connect();
  }

  /** The process this connection reached does not know the room: this device offers what it holds. */
  async #offer(socket: RoomSocket, challenge: string): Promise<void> {
    try {
      const request = await this.#moves.offer(challenge, this.#replica.view, this.secret);
      if (request && socket.connected) await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:resume', request);
    } catch {
      // Another device may bring the room back; if none does, the server says it is missing.
    }
  }

  /**
   * No device brought the room back yet. A member's device keeps asking for a minute (the device
   * that holds the newest seal may still be on its way) before it says the room is gone.
   */
  #missing(socket: RoomSocket): void {
    if (!this.secret || !this.#moves.askAgain()) {
      this.#finish({ kind: 'missing' });
      return;
    }
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      if (this.#socket === socket && !this.#isOver() && !socket.connected) socket.connect();
    }, 5_000);
  }

  /** Whether this device, a member here before, proved it to a process that did not know its secret. */
  async #reclaim(socket: RoomSocket, challenge: string): Promise<boolean> {
    const memberId = this.#replica.view?.you ?? loadMemberId(this.roomId);
    if (!memberId || !this.secret || this.#isOver()) return false;
    try {
      const request = await this.#moves.proof(challenge, memberId);
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:resume', request);
      return reply.ok;
    } catch {
      return false;
    }
  }

  #replicaChanged({ state, you }: ReplicaView, before: ReplicaView | null): void {
    if (this.#isOver()) return;
    if (state.session.stage === 'ended') {
      this.#finish({ kind: 'ended', reason: state.session.reason });
      return;
    }
    if (!state.members.some((m) => m.id === you)) {
      this.#finish({ kind: 'removed' });
      return;
    }
    this.view = { kind: 'member', state, you };
    if (!before) saveMemberId(this.roomId, you);
    this.notices.follow({ state, you });
    if (before) {
      const given = givenToYou(before.state, state, you);
      if (given) this.notices.say(given.text, given.gone);
      const text = describeChange(before.state, state, you);
      if (text) this.notices.announce(text);
      // The "You're next" notice itself is a polite live region in the hand queue.
      if (becameNext(before.state, state, you)) navigator.vibrate?.(120);
    }
    this.onChange();
  }
}
