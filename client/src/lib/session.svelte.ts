import { io, type Socket } from 'socket.io-client';
import type { ClientCommand } from '../../../shared/src/protocol/commands.ts';
import type {
  ClientToServerEvents,
  RoomEvent,
  RoomPreview,
  ServerToClientEvents,
  Snapshot,
} from '../../../shared/src/protocol/socket.ts';
import { reduce } from '../../../shared/src/room/reduce.ts';
import type { EndReason, RoomState } from '../../../shared/src/room/state.ts';
import { becameNext, describeChange } from './milestones.ts';
import { forgetSecret, loadSecret, saveSecret } from './secrets.ts';
import { ClockSync } from './serverClock.ts';
import { newRequestId } from './ids.ts';
import { deviceNow } from './now.svelte.ts';

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What this device knows about the room; one shape per moment of its life. */
export type View =
  | { kind: 'connecting' }
  | { kind: 'preview'; preview: RoomPreview }
  | { kind: 'member'; state: RoomState; you: string }
  | { kind: 'missing' }
  | { kind: 'ended'; reason: EndReason | null };

export type Connection = 'connecting' | 'online' | 'reconnecting';

export type JoinResult = { ok: true } | { ok: false; code: string; message: string };

const ACK_TIMEOUT_MS = 8_000;

/**
 * The client's view of one room. It renders nothing and decides no rule: it holds what the
 * server sent, replays accepted commands with the shared reducer [RC3], and sends commands.
 */
export class RoomSession {
  view: View = $state.raw({ kind: 'connecting' });
  connection: Connection = $state('connecting');
  /** Add to the device clock to get server time [TM2]. */
  offsetMs = $state(0);
  /** Polite notice for refused or failed commands. */
  notice: { id: number; text: string } | null = $state.raw(null);
  /** Milestones for screen readers: phase changes, one minute left, time up. */
  announcement: { id: number; text: string } | null = $state.raw(null);
  /** This device's member secret, once it has one; the board endpoint authenticates with it. */
  secret: string | undefined = $state();

  readonly roomId: string;
  #socket: RoomSocket | null = null;
  #clock: ClockSync | null = null;
  #haveEstimate = false;
  #syncing = false;
  #buffer: RoomEvent[] = [];
  #counter = 0;
  /** One id for every attempt to join from this page: a retry after a lost reply is the same member. */
  readonly #joinId = newRequestId();

  constructor(roomId: string) {
    this.roomId = roomId;
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

  connect(): void {
    if (this.#socket) return;
    const secret = loadSecret(this.roomId);
    this.secret = secret;
    const socket: RoomSocket = io({ auth: secret ? { roomId: this.roomId, secret } : { roomId: this.roomId } });
    this.#socket = socket;
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
    socket.on('disconnect', () => {
      if (this.#isOver()) return;
      this.connection = 'reconnecting';
      // The server closed this socket without ending the room: ask again; a gone room answers ROOM_NOT_FOUND.
      if (!socket.active) socket.connect();
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'ROOM_NOT_FOUND') {
        this.#finish({ kind: 'missing' });
        return;
      }
      this.connection = this.view.kind === 'connecting' ? 'connecting' : 'reconnecting';
      if (!socket.active) setTimeout(() => !this.#isOver() && socket.connect(), 3_000);
    });
    socket.on('room:preview', (preview) => {
      if (!preview.creator && loadSecret(this.roomId)) {
        forgetSecret(this.roomId);
        this.secret = undefined;
        socket.auth = { roomId: this.roomId };
      }
      this.view = { kind: 'preview', preview };
    });
    socket.on('room:snapshot', (snapshot) => this.#applySnapshot(snapshot));
    socket.on('room:event', (event) => this.#applyEvent(event));
    socket.on('room:ended', ({ reason }) => this.#finish({ kind: 'ended', reason }));
  }

  dispose(): void {
    this.#clock?.stop();
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Joins with a display name after agreeing to the ground rules; keeps the secret on this device. */
  async join(name: string): Promise<JoinResult> {
    const socket = this.#socket;
    if (!socket?.connected)
      return { ok: false, code: 'OFFLINE', message: 'Not connected to the server yet. Try again in a moment.' };
    try {
      const reply = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('room:join', { name, agreed: true, joinId: this.#joinId });
      if (!reply.ok) return { ok: false, code: reply.code, message: reply.message };
      saveSecret(this.roomId, reply.secret);
      this.secret = reply.secret;
      socket.auth = { roomId: this.roomId, secret: reply.secret };
      return { ok: true };
    } catch {
      return { ok: false, code: 'TIMEOUT', message: 'The server did not answer. Check your connection and try again.' };
    }
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
      this.say('You are offline right now. Try again once reconnected.');
      return false;
    }
    const request = { requestId: newRequestId(), command };
    for (let attempt = 1; ; attempt++) {
      try {
        const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:command', request);
        if (reply.ok) return true;
        this.say(reply.message);
        return false;
      } catch {
        if (attempt < 2 && socket.connected && this.#socket === socket) continue;
        this.say('The server did not answer. Check your connection and try again.');
        return false;
      }
    }
  }

  say(text: string): void {
    this.notice = { id: ++this.#counter, text };
  }

  dismissNotice(): void {
    this.notice = null;
  }

  announce(text: string): void {
    this.announcement = { id: ++this.#counter, text };
  }

  #isOver(): boolean {
    return this.view.kind === 'missing' || this.view.kind === 'ended';
  }

  #finish(view: Extract<View, { kind: 'missing' | 'ended' }>): void {
    if (this.#isOver()) return;
    this.view = view;
    this.connection = 'online';
    forgetSecret(this.roomId);
    this.#clock?.stop();
    this.#socket?.disconnect();
    if (view.kind === 'ended') this.announce('This room has ended.');
  }

  #applySnapshot(snapshot: Snapshot): void {
    if (this.#isOver()) return;
    // A one-way reading until the round-trip estimate arrives.
    if (!this.#haveEstimate) this.offsetMs = snapshot.serverNow - Date.now();
    this.#setState(snapshot.state, snapshot.you);
  }

  #setState(state: RoomState, you: string): void {
    const before = this.state;
    if (state.stage === 'ended') {
      this.#finish({ kind: 'ended', reason: state.endReason });
      return;
    }
    this.view = { kind: 'member', state, you };
    if (before) {
      const text = describeChange(before, state, you);
      if (text) this.announce(text);
      // The "You're next" notice itself is a polite live region in the hand queue.
      if (becameNext(before, state, you)) navigator.vibrate?.(120);
    }
  }

  #applyEvent(event: RoomEvent): void {
    const view = this.view;
    if (view.kind !== 'member') return;
    if (this.#syncing) {
      this.#buffer.push(event);
      return;
    }
    const state = view.state;
    if (event.version <= state.version) return;
    if (event.version !== state.version + 1) {
      this.#buffer.push(event);
      void this.#resync();
      return;
    }
    const result = reduce(state, event.command, { actor: event.actor, now: event.at, requestId: event.requestId });
    if (!result.ok) {
      void this.#resync();
      return;
    }
    this.#setState(result.state, view.you);
  }

  /** A version gap or a replay the reducer refused: fetch a snapshot, then replay what came meanwhile. */
  async #resync(): Promise<void> {
    const socket = this.#socket;
    if (!socket || this.#syncing) return;
    this.#syncing = true;
    let synced = false;
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:sync', {});
      if (reply.ok) {
        this.#applySnapshot(reply.snapshot);
        synced = true;
      }
    } catch {
      // The next event or reconnect brings a fresh snapshot.
    } finally {
      this.#syncing = false;
    }
    const buffered = this.#buffer.sort((a, b) => a.version - b.version);
    this.#buffer = [];
    if (synced) for (const event of buffered) this.#applyEvent(event);
  }
}
