import { Agent, request as httpRequest } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { EventSocket } from '../../client/src/lib/board/socketWire.ts';
import type { RoomEvent, Snapshot } from '../../shared/src/protocol/socket.ts';
import { RoomReplica } from '../../shared/src/sync/replica.ts';
import { DeviceKeys } from '../../tests/helpers/deviceKeys.ts';
import type { TargetKind } from '../lib/targets.ts';
import { MemberBoard } from './memberBoard.ts';

/** A command as the benchmark sends it; Holdspace validates it, the relays forward it. */
export interface BenchCommand {
  type: string;
  [field: string]: unknown;
}

/** What a member's device hears of its room: every accepted command, with who sent it. */
export interface RoomEventSeen {
  actor: string | null;
  command: BenchCommand;
}

export interface Member {
  readonly id: string;
  readonly secret: string | undefined;
  /** Sends a command; the acknowledgement, if any, is counted by `onAck`. */
  send(command: BenchCommand): void;
  /** Sends a command and resolves with whether it was accepted (the ws relay has no answer: true). */
  request(command: BenchCommand): Promise<boolean>;
  /**
   * Opens the end-to-end encrypted commitment board as the page does (Holdspace only): the page's
   * link on this member's own connection, with the keys it joined with; resolves once synced.
   */
  openBoard(): Promise<MemberBoard>;
  board: MemberBoard | null;
  /** Resolves once the room has ended for this member (or after `ms`). */
  ended(ms: number): Promise<void>;
  close(): void;
}

export interface MemberHooks {
  onEvent(member: Member, event: RoomEventSeen): void;
  onAck(ok: boolean, code?: string): void;
}

export interface CreatedRoom {
  roomId: string;
  secret: string;
  /**
   * A sealed server's answer: the room's first state and its seal. No process holds the room yet;
   * the creator's device offers this where its connection lands, and the room lives there.
   */
  genesis?: { state: unknown; seal: unknown };
}

/** A room with one open-floor phase for three hours: hands go up and down all session. */
const benchAgenda = [
  { kind: 'open', title: 'Open floor', durationMs: 180 * 60_000, turnMs: 120_000, spendsTokens: true },
];
/** The same agenda for a build from before phases said whether they spend tokens (its schema refuses the field). */
const agendaBeforeSpendsTokens = benchAgenda.map(({ spendsTokens: _, ...phase }) => phase);
/** Per server: the agenda shape it accepts, learnt from its first answer. */
const agendaFor = new Map<string, unknown[]>();

/** Room creation reuses connections, as a browser does; Node's http is cheaper per request than fetch. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POST /api/rooms, as the create page does; the relays answer the same route. */
export async function createRoom(url: string, admission: 'open' | 'knock'): Promise<CreatedRoom> {
  const agenda = agendaFor.get(url);
  if (agenda) return postRoom(url, admission, agenda);
  try {
    const created = await postRoom(url, admission, benchAgenda);
    agendaFor.set(url, benchAgenda);
    return created;
  } catch (error) {
    if (!String(error).includes('spendsTokens')) throw error;
    agendaFor.set(url, agendaBeforeSpendsTokens);
    return postRoom(url, admission, agendaBeforeSpendsTokens);
  }
}

function postRoom(url: string, admission: 'open' | 'knock', agenda: unknown[]): Promise<CreatedRoom> {
  const body = JSON.stringify({
    templateId: 'weekly-45',
    purpose: 'Benchmark group',
    tokensPerMember: 3,
    admission,
    agenda,
  });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}/api/rooms`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          if (response.statusCode === 201) resolve(JSON.parse(text) as CreatedRoom);
          else reject(new Error(`create failed: ${response.statusCode} ${text}`));
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

let requests = 0;
const requestId = () => `bench${process.pid}x${++requests}`;

type Listener = () => void;

const JOIN_TIMEOUT_MS = 30_000;

/**
 * A member over Socket.IO: Holdspace's own protocol, which the bare relay answers too. A Holdspace
 * member's device keeps the room as the page does (the page's replica, fed by its socket), for
 * its board: the roster's keys, who writes, who seals.
 */
class SocketIoMember implements Member {
  id = '';
  secret: string | undefined;
  board: MemberBoard | null = null;
  /** This device's member keys: its join proves them, its board signs with them. */
  readonly keys = new DeviceKeys();
  readonly replica: RoomReplica | null;
  #ended = false;
  readonly #endWaiters = new Set<Listener>();

  constructor(
    readonly socket: Socket,
    private readonly roomId: string,
    private readonly hooks: MemberHooks,
    private readonly autoAdmit: boolean,
    kind: TargetKind,
  ) {
    this.replica =
      kind === 'holdspace'
        ? new RoomReplica(
            {
              requestSnapshot: async () => {
                const reply = (await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('room:sync', {})) as
                  | { ok: true; snapshot: Snapshot }
                  | { ok: false };
                return reply.ok ? reply.snapshot : null;
              },
            },
            () => this.board?.roomChanged(),
          )
        : null;
    if (this.replica) {
      const replica = this.replica;
      socket.on('room:snapshot', (snapshot: Snapshot) => replica.applySnapshot(snapshot));
    }
    socket.on('room:event', (event: RoomEventSeen) => {
      this.replica?.applyEvent(event as unknown as RoomEvent);
      hooks.onEvent(this, event);
      if (this.autoAdmit && event.command.type === 'member:knock') {
        this.send({ type: 'knock:admit', knockId: event.command.knockId });
      }
    });
    socket.on('room:ended', () => this.#end());
    socket.on('disconnect', () => this.#end());
  }

  send(command: BenchCommand): void {
    this.socket.emit('room:command', { requestId: requestId(), command }, (reply: { ok: boolean; code?: string }) =>
      this.hooks.onAck(reply.ok, reply.code),
    );
  }

  async request(command: BenchCommand): Promise<boolean> {
    const reply = (await this.socket
      .timeout(JOIN_TIMEOUT_MS)
      .emitWithAck('room:command', { requestId: requestId(), command })) as { ok: boolean };
    return reply.ok;
  }

  async openBoard(): Promise<MemberBoard> {
    const replica = this.replica;
    if (!replica) throw new Error('only a Holdspace room has a board');
    const board = new MemberBoard({
      roomId: this.roomId,
      memberId: this.id,
      keys: await this.keys.pairs(),
      socket: this.socket as unknown as EventSocket,
      state: () => replica.view?.state ?? null,
    });
    this.board = board;
    await board.synced(30_000);
    return board;
  }

  ended(ms: number): Promise<void> {
    if (this.#ended) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#endWaiters.add(done);
    });
  }

  close(): void {
    this.board?.destroy();
    this.board = null;
    this.socket.disconnect();
  }

  #end(): void {
    this.#ended = true;
    for (const waiter of this.#endWaiters) waiter();
    this.#endWaiters.clear();
  }
}

/**
 * A Holdspace join as the page sends it: after the preview, with this device's keys proved
 * against the connection's challenge (the signing is the device's cost, not the server's).
 */
async function signedJoin(
  socket: Socket,
  keys: DeviceKeys,
  roomId: string,
  name: string,
  refused: Promise<never>,
): Promise<object> {
  const { challenge } = await Promise.race([
    once<{ challenge: string }>(socket, 'room:preview', JOIN_TIMEOUT_MS),
    refused,
  ]);
  return { name, agreed: true, keys: keys.join(roomId, challenge) };
}

function once<T>(socket: Socket, event: string, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

export interface JoinOptions {
  /** This device made the room: it joins with the creator's secret, as facilitator. */
  secret?: string;
  /** The creator's device of a sealed room: offers its first state when the process does not know it. */
  genesis?: CreatedRoom['genesis'];
  /** Through a proxy: the room's routing key, sent as the page sends it (Sec-WebSocket-Protocol "holdspace, <key>"). */
  routeKey?: string;
  /** Knock and wait to be admitted (the facilitator's device must admit: `autoAdmit`). */
  knock?: boolean;
  /** This device admits every knock it hears of, as an attentive facilitator does. */
  autoAdmit?: boolean;
}

/**
 * Connects and joins as a person does: connect, then join (or knock and wait), and resolve once
 * the device holds the room (Holdspace sends a snapshot; the bare relay only acknowledges). A
 * sealed room's creator first answers `room:unknown` with the room's sealed first state
 * (`room:resume`), as the page does; the room then comes to life where the connection landed,
 * which sends the preview the join waits for.
 */
async function joinOverSocketIo(
  kind: TargetKind,
  url: string,
  roomId: string,
  name: string,
  hooks: MemberHooks,
  options: JoinOptions,
): Promise<Member> {
  const socket = io(url, {
    auth: options.secret ? { roomId, secret: options.secret } : { roomId },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: JOIN_TIMEOUT_MS,
    ...(options.routeKey ? { protocols: ['holdspace', options.routeKey] } : {}),
  });
  const member = new SocketIoMember(socket, roomId, hooks, options.autoAdmit ?? false, kind);
  const genesis = options.genesis;
  try {
    const snapshot = kind === 'holdspace' ? once(socket, 'room:snapshot', JOIN_TIMEOUT_MS) : Promise.resolve();
    const admitted = options.knock
      ? once<{ memberId: string; secret: string }>(socket, 'room:admitted', JOIN_TIMEOUT_MS)
      : null;
    const refused = new Promise<never>((_, reject) => {
      socket.once('connect_error', reject);
      if (!genesis) return;
      socket.once('room:unknown', () => {
        const sealed = { state: genesis.state, seal: genesis.seal };
        socket
          .timeout(JOIN_TIMEOUT_MS)
          .emitWithAck('room:resume', { memberId: null, sealed })
          .then((reply: { ok: boolean; code?: string }) => {
            if (!reply.ok) reject(new Error(`the room's first state was refused: ${reply.code}`));
          }, reject);
      });
    });
    const request =
      kind === 'holdspace' ? await signedJoin(socket, member.keys, roomId, name, refused) : { name, agreed: true };
    const reply = (await Promise.race([
      socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('room:join', request),
      refused,
    ])) as { ok: boolean; code?: string; memberId?: string; secret?: string; knocking?: boolean };
    if (!reply.ok) throw new Error(`join refused: ${reply.code}`);
    if (admitted) {
      const given = await admitted;
      member.id = given.memberId;
      member.secret = given.secret;
    } else {
      member.id = reply.memberId ?? '';
      member.secret = reply.secret;
    }
    await snapshot;
    return member;
  } catch (error) {
    socket.disconnect();
    throw error;
  }
}

/** A member of the plain ws relay: JSON text frames, no acknowledgements. */
class WsMember implements Member {
  id = '';
  readonly secret = undefined;
  board = null;
  #closed = false;
  readonly #closeWaiters = new Set<Listener>();

  constructor(
    readonly socket: WebSocket,
    hooks: MemberHooks,
  ) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as RoomEventSeen & { joined?: string };
      if (message.joined === undefined) hooks.onEvent(this, message);
    });
    socket.on('close', () => {
      this.#closed = true;
      for (const waiter of this.#closeWaiters) waiter();
    });
  }

  send(command: BenchCommand): void {
    this.socket.send(JSON.stringify({ requestId: requestId(), command }));
  }

  request(command: BenchCommand): Promise<boolean> {
    this.send(command);
    return Promise.resolve(true);
  }

  openBoard(): Promise<MemberBoard> {
    return Promise.reject(new Error('the ws relay has no board'));
  }

  ended(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#closeWaiters.add(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

async function joinOverWs(url: string, roomId: string, name: string, hooks: MemberHooks): Promise<Member> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  const member = new WsMember(socket, hooks);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ws join timed out')), JOIN_TIMEOUT_MS);
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ join: roomId, name })));
    const onJoined = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as { joined?: string };
      if (message.joined === undefined) return;
      socket.off('message', onJoined);
      clearTimeout(timer);
      member.id = message.joined;
      resolve();
    };
    socket.on('message', onJoined);
  });
  return member;
}

/** Connects and joins a member to a room of the given kind of server. */
export function joinMember(
  kind: TargetKind,
  url: string,
  roomId: string,
  name: string,
  hooks: MemberHooks,
  options: JoinOptions = {},
): Promise<Member> {
  return kind === 'ws'
    ? joinOverWs(url, roomId, name, hooks)
    : joinOverSocketIo(kind, url, roomId, name, hooks, options);
}
