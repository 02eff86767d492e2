import { io, type Socket } from 'socket.io-client';
import type { ClientCommand } from '../../shared/src/protocol/commands.ts';
import type {
  Ack,
  ClientToServerEvents,
  RoomEvent,
  RoomPreview,
  ServerToClientEvents,
} from '../../shared/src/protocol/socket.ts';
import { reduce } from '../../shared/src/room/reduce.ts';
import type { EndReason, RoomState } from '../../shared/src/room/state.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let counter = 0;
const requestId = () => `req-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * A member's device as the tests drive it: a real socket.io-client that keeps its view of the
 * room by applying every event with the shared reducer, exactly as the browser client does.
 */
export class TestMember {
  state: RoomState | null = null;
  you: string | null = null;
  preview: RoomPreview | null = null;
  ended: EndReason | null = null;
  readonly events: RoomEvent[] = [];
  gaps = 0;
  #listeners = new Set<() => void>();

  private constructor(
    readonly socket: ClientSocket,
    readonly roomId: string,
    public secret: string | undefined,
  ) {
    socket.on('room:preview', (p) => this.#update(() => (this.preview = p)));
    socket.on('room:snapshot', (s) =>
      this.#update(() => {
        this.state = s.state;
        this.you = s.you;
      }),
    );
    socket.on('room:ended', ({ reason }) => this.#update(() => (this.ended = reason)));
    socket.on('room:event', (e) => this.#update(() => this.#apply(e)));
  }

  /** Connects and waits for the first preview or snapshot. */
  static async connect(url: string, roomId: string, secret?: string): Promise<TestMember> {
    const socket: ClientSocket = io(url, {
      auth: secret ? { roomId, secret } : { roomId },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const member = new TestMember(socket, roomId, secret);
    const refused = new Promise<never>((_, reject) => socket.once('connect_error', (e) => reject(e)));
    await Promise.race([
      member.until(() => member.state !== null || member.preview !== null, 'first message'),
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

  /** Connects and joins under `name`, as a person agreeing to the ground rules would. */
  static async join(url: string, roomId: string, name: string, secret?: string): Promise<TestMember> {
    const member = await TestMember.connect(url, roomId, secret);
    const reply = await member.socket.emitWithAck('room:join', { name, agreed: true });
    if (!reply.ok) throw new Error(`join refused: ${reply.code}`);
    member.secret = reply.secret;
    await member.until(() => member.state !== null, 'snapshot');
    return member;
  }

  get id(): string {
    if (!this.you) throw new Error('not a member');
    return this.you;
  }

  send(command: ClientCommand, id = requestId()): Promise<Ack<{ version: number }>> {
    return this.socket.emitWithAck('room:command', { requestId: id, command });
  }

  /** Sends a command the test expects to be accepted, and waits until this device has applied it. */
  async do(command: ClientCommand): Promise<number> {
    const reply = await this.send(command);
    if (!reply.ok) throw new Error(`${command.type} refused: ${reply.code} ${reply.message}`);
    await this.until(() => (this.state?.version ?? 0) >= reply.version, `version ${reply.version}`);
    return reply.version;
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
    this.socket.disconnect();
  }

  #apply(event: RoomEvent): void {
    this.events.push(event);
    if (!this.state || event.version <= this.state.version) return;
    if (event.version !== this.state.version + 1) {
      this.gaps += 1;
      return;
    }
    const result = reduce(this.state, event.command, { actor: event.actor, now: event.at, requestId: event.requestId });
    if (!result.ok) throw new Error(`replay refused ${event.command.type}: ${result.refusal.code}`);
    this.state = result.state;
  }

  #update(change: () => void): void {
    change();
    for (const l of [...this.#listeners]) l();
  }
}
