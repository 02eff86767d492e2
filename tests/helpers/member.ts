import type { SharedHistory } from '../../shared/src/protocol/history.ts';
import type { AnsweredRound } from '../../shared/src/protocol/answers.ts';
import { io, type Socket } from 'socket.io-client';
import type { ClientCommand } from '../../shared/src/protocol/commands.ts';
import { type ResumeRequest, resumeProofText, type StateSeal } from '../../shared/src/protocol/resume.ts';
import type {
  Ack,
  ClientToServerEvents,
  JoinRequest,
  KnockView,
  PrivateView,
  RoomEvent,
  RoomPreview,
  ServerToClientEvents,
} from '../../shared/src/protocol/socket.ts';
import type { EndReason, RoomState } from '../../shared/src/room/state.ts';
import { RoomReplica } from '../../shared/src/sync/replica.ts';
import { DeviceKeys } from './deviceKeys.ts';
import type { CreateRoomResponse } from '../../shared/src/protocol/rest.ts';
import { routeKeyOf } from '../../shared/src/crypto/routeKey.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How a device reaches its room: `routed` through a proxy, with the room's routing key as the page sends it [RS5]. */
export interface Routing {
  routed?: boolean;
  /** The room's first state and seal from its creation: the creator offers it where the room is unknown. */
  genesis?: CreateRoomResponse['genesis'];
  /** The loopback address the connection comes from (any of 127.0.0.0/8), to act as another address. */
  localAddress?: string;
}

async function protocolsFor(roomId: string, { routed }: Routing): Promise<{ protocols?: string[] }> {
  return routed ? { protocols: ['holdspace', await routeKeyOf(roomId)] } : {};
}

let counter = 0;
const requestId = () => `req-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * A member's device as the tests drive it: a real socket.io-client feeding the very replica the
 * browser client runs (shared/src/sync/replica.ts), so its view of the room is the page's.
 */
export class TestMember {
  preview: RoomPreview | null = null;
  ended: EndReason | null = null;
  declined: 'declined' | 'lapsed' | null = null;
  removed = false;
  /** Who is knocking, as the server tells this device (the facilitator's only) [RM6]. */
  knocks: KnockView[] = [];
  /** The last private view this device was sent, and how many it was sent [RM6, PS1]. */
  private: PrivateView | null = null;
  privateViews = 0;
  /** Every message the server sent this socket, in order, as it arrived: for proofs of what reached whom. */
  readonly frames: { event: string; args: unknown[] }[] = [];
  readonly events: RoomEvent[] = [];
  /** Rounds of private answers the server handed this device [PA1]. */
  readonly answered: AnsweredRound[] = [];
  /** The group's history as a writer last shared it, sealed [HF9]. */
  sharedHistory: SharedHistory | null = null;
  readonly replica: RoomReplica;
  /** The seals the server sent with each version, as the page keeps them [RS1]. */
  readonly seals = new Map<number, StateSeal>();
  /** Which life of the room the last snapshot came from. */
  incarnation: string | null = null;
  /** The answer to this device's offer of the room, once the process that did not know it asked [RS1]. */
  resumed: Ack | null = null;
  /** The challenge of the last `room:unknown`: the process did not know the room [RS1]. */
  challenge: string | null = null;
  /** The process did not know the room, and no one brought it back [RS1]. */
  missing = false;
  #listeners = new Set<() => void>();

  private constructor(
    readonly socket: ClientSocket,
    readonly roomId: string,
    public secret: string | undefined,
    /** This device's member keys: every join it sends proves them. */
    readonly keys = new DeviceKeys(),
    /** What this device held before its connection moved: it offers it back [RS1]. */
    private readonly carried: { state: RoomState; you: string; seal: StateSeal | undefined } | null = null,
  ) {
    this.replica = new RoomReplica(
      {
        requestSnapshot: async () => {
          const reply = await socket.timeout(5_000).emitWithAck('room:sync', {});
          return reply.ok ? reply.snapshot : null;
        },
      },
      // A resync's snapshot arrives outside any socket handler: wake the waiters then too.
      () => this.#update(() => {}),
    );
    socket.on('room:preview', (p) => {
      if (this.carried) void this.#offer(p.challenge, false);
      else this.#update(() => (this.preview = p));
    });
    socket.on('room:snapshot', (s) =>
      this.#update(() => {
        if (s.seal) this.seals.set(s.seal.version, s.seal);
        this.incarnation = s.incarnation;
        this.replica.applySnapshot(s);
      }),
    );
    socket.on('room:seal', (seal) => this.#update(() => this.seals.set(seal.version, seal)));
    socket.on('room:missing', () => this.#update(() => (this.missing = true)));
    socket.on('room:unknown', ({ challenge }) => {
      this.#update(() => (this.challenge = challenge));
      void this.#offer(challenge, true);
    });
    socket.on('room:ended', ({ reason }) => this.#update(() => (this.ended = reason)));
    socket.on('room:admitted', ({ secret: given }) => this.#update(() => (this.secret = given)));
    socket.on('room:declined', ({ reason }) => this.#update(() => (this.declined = reason)));
    socket.on('room:removed', () => this.#update(() => (this.removed = true)));
    socket.on('room:answers', (rounds) => this.#update(() => this.answered.push(...rounds)));
    socket.on('room:history', (shared) => this.#update(() => (this.sharedHistory = shared)));
    socket.on('room:private', (view) =>
      this.#update(() => {
        this.knocks = view.knocks;
        this.private = view;
        this.privateViews += 1;
      }),
    );
    socket.onAny((event: string, ...args: unknown[]) => this.frames.push({ event, args }));
    socket.on('disconnect', () => this.#update(() => {}));
    socket.on('room:event', (e) =>
      this.#update(() => {
        this.events.push(e);
        if (e.seal) this.seals.set(e.seal.version, e.seal);
        this.replica.applyEvent(e);
      }),
    );
  }

  get state(): RoomState | null {
    return this.replica.view?.state ?? null;
  }

  get you(): string | null {
    return this.replica.view?.you ?? null;
  }

  /**
   * Connects and waits for the first preview or snapshot (or word of a removal). `localAddress`
   * picks the loopback address it comes from (any of 127.0.0.0/8), to act as another address.
   */
  static async connect(
    url: string,
    roomId: string,
    secret?: string,
    localAddress?: string,
    routing: Routing = {},
  ): Promise<TestMember> {
    const socket: ClientSocket = io(url, {
      auth: secret ? { roomId, secret } : { roomId },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(localAddress || routing.localAddress ? { localAddress: localAddress ?? routing.localAddress } : {}),
      ...(await protocolsFor(roomId, routing)),
    });
    const member = new TestMember(socket, roomId, secret);
    const genesis = routing.genesis;
    if (genesis) {
      socket.on('room:unknown', () => {
        const sealed = { state: genesis.state as never, seal: genesis.seal };
        void socket.emitWithAck('room:resume', { memberId: null, sealed }).then((reply) => (member.resumed = reply));
      });
    }
    const refused = new Promise<never>((_, reject) => socket.once('connect_error', (e) => reject(e)));
    await Promise.race([
      member.until(() => member.state !== null || member.preview !== null || member.removed, 'first message'),
      refused,
    ]);
    return member;
  }

  /** Attempts a handshake with arbitrary auth; rejects with the server's connect error. */
  static connectWithAuth(url: string, auth: object): Promise<void> {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        socket.disconnect();
        resolve();
      });
      socket.once('connect_error', (e) => {
        socket.disconnect();
        reject(e);
      });
    });
  }

  /**
   * This device's connection again, to `url` (the room's new process, or its old one restarted),
   * as the page makes it: offering the room as it holds it (`offer` false: proving who it is only,
   * or offering nothing with `sealed` null). Resolves once connected; `until` waits for the rest.
   */
  async moveTo(url: string, sealed: 'mine' | null = 'mine', routing: Routing = {}): Promise<TestMember> {
    const view = this.replica.view;
    const carried = view && { ...view, seal: sealed === 'mine' ? this.seals.get(view.state.version) : undefined };
    const socket: ClientSocket = io(url, {
      auth: this.secret ? { roomId: this.roomId, secret: this.secret } : { roomId: this.roomId },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(routing.localAddress ? { localAddress: routing.localAddress } : {}),
      ...(await protocolsFor(this.roomId, routing)),
    });
    const member = new TestMember(socket, this.roomId, this.secret, this.keys, carried);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return member;
  }

  /** What this device says to a process that does not know it: who it is, and the room if asked. */
  resumeRequest(challenge: string, withState: boolean): ResumeRequest {
    const carried = this.carried;
    if (!carried) throw new Error('nothing carried');
    const signature = this.keys.signText(resumeProofText(this.roomId, challenge, carried.you));
    const request: ResumeRequest = { memberId: carried.you, signature };
    if (withState && carried.seal) request.sealed = { state: carried.state as never, seal: carried.seal };
    return request;
  }

  async #offer(challenge: string, withState: boolean): Promise<void> {
    if (!this.carried) return;
    try {
      const reply = await this.socket.emitWithAck('room:resume', this.resumeRequest(challenge, withState));
      this.#update(() => (this.resumed = reply));
    } catch {
      // Closed before the answer came.
    }
  }

  /** Connects and joins under `name`, as a person agreeing to the ground rules would. */
  static async join(
    url: string,
    roomId: string,
    name: string,
    secret?: string,
    routing: Routing = {},
  ): Promise<TestMember> {
    const member = await TestMember.connect(url, roomId, secret, undefined, routing);
    const reply = await member.socket.emitWithAck('room:join', member.joinRequest(name));
    if (!reply.ok) throw new Error(`join refused: ${reply.code}`);
    if (!('secret' in reply)) throw new Error('knocking: this room admits newcomers (use TestMember.knock)');
    member.secret = reply.secret;
    await member.until(() => member.state !== null, 'snapshot');
    return member;
  }

  /** Connects and knocks under `name`; resolves once the room has the knock [RM6]. */
  static async knock(
    url: string,
    roomId: string,
    name: string,
    { localAddress, joinId }: { localAddress?: string; joinId?: string } = {},
  ): Promise<TestMember> {
    const member = await TestMember.connect(url, roomId, undefined, localAddress);
    const reply = await member.socket.emitWithAck('room:join', member.joinRequest(name, joinId ? { joinId } : {}));
    if (!reply.ok) throw new Error(`knock refused: ${reply.code}`);
    if (!('knocking' in reply)) throw new Error('joined at once: this room takes people without a knock');
    return member;
  }

  /**
   * A join as a person agreeing to the ground rules sends it, its keys proved against this
   * connection's challenge; `extra` overrides any field (a test of a refusal).
   */
  joinRequest(name: string, extra: Partial<JoinRequest> = {}): JoinRequest {
    const challenge = this.preview?.challenge;
    if (!challenge) throw new Error('no preview: this device is a member already or has not connected');
    return { name, agreed: true, keys: this.keys.join(this.roomId, challenge), ...extra };
  }

  get id(): string {
    if (!this.you) throw new Error('not a member');
    return this.you;
  }

  send(command: ClientCommand, id = requestId()): Promise<Ack<{ version: number; duplicate: boolean }>> {
    return this.socket.emitWithAck('room:command', { requestId: id, command });
  }

  /** Sends a command the test expects to be accepted, and waits until this device has applied it. */
  async do(command: ClientCommand): Promise<number> {
    const reply = await this.send(command);
    if (!reply.ok) throw new Error(`${command.type} refused: ${reply.code} ${reply.message}`);
    await this.until(() => (this.state?.version ?? 0) >= reply.version, `version ${reply.version}`);
    return reply.version;
  }

  /** Calls `listener` after every change this device hears; returns the stop. */
  watch(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once `test` holds for this device's view, or fails after `ms`. */
  until(test: () => boolean, what = 'condition', ms = 5_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve();
      };
      this.#listeners.add(check);
    });
  }

  close(): void {
    // Acknowledgements still awaited fail with the disconnect: a test that closes is done with them.
    this.socket.disconnect();
  }

  #update(change: () => void): void {
    change();
    for (const l of [...this.#listeners]) l();
  }
}
