import { CommandRequest } from '../../../shared/src/protocol/commands.ts';
import { placesLeft } from '../../../shared/src/room/members.ts';
import {
  type Ack,
  type JoinReply,
  JoinRequest,
  type RoomPreview,
  type Snapshot,
  SyncRequest,
} from '../../../shared/src/protocol/socket.ts';
import { refusal } from '../refusals.ts';
import type { KnockWaiter, RoomHost } from '../rooms/host.ts';
import { answerMessage } from './acks.ts';
import { MessageBudget } from './messageBudget.ts';
import { dropNow, memberSockets, type RoomSocket, socketRooms } from './roomSockets.ts';
import type { SocketServerDeps } from './socket.ts';

type Deps = Pick<SocketServerDeps, 'clock' | 'logger' | 'config' | 'refusals'>;

function previewOf(host: RoomHost, secret: string | undefined): RoomPreview {
  const { purpose, members, capacity, stage, admission, locked } = host.state;
  return {
    purpose,
    memberCount: members.length,
    capacity,
    started: stage !== 'lobby',
    full: placesLeft(host.state) === 0,
    admission,
    locked,
    creator: host.isCreatorSecret(secret),
  };
}

/**
 * Makes the socket a member's: presence first, then events, then the snapshot they apply to. A
 * member holds a few connections at once (a phone, a laptop, a tab or two): every event goes to
 * each of them, so one opening a hundred would make everyone's commands cost a hundredfold. A
 * member over their share loses the oldest, most likely a dead one [RC5].
 */
function enterAsMember(
  socket: RoomSocket,
  host: RoomHost,
  memberId: string,
  alreadyCounted: boolean,
  socketsPerMember: number,
): void {
  socket.data.memberId = memberId;
  socket.data.knockId = null;
  if (!alreadyCounted) host.memberConnected(memberId);
  const earlier = memberSockets(socket.nsp.server, socket.data.roomId, memberId);
  for (const oldest of earlier.slice(0, Math.max(0, earlier.length - (socketsPerMember - 1)))) dropNow(oldest);
  void socket.join(socketRooms.members(socket.data.roomId));
  socket.emit('room:snapshot', host.snapshotFor(memberId));
  socket.emit('room:private', host.privateViewFor(memberId));
}

/**
 * One socket's life in a room. A member's device (its secret is known) enters at once; anyone
 * else sees only the preview, and must join or knock before the deadline or be let go, so held
 * sockets cannot pile up [RC5]. Every message is parsed with its schema and refused with a typed
 * reason when bad [RC2]. One object per socket, with methods rather than closures: a connection's
 * own cost is most of what a member costs the server (and under tsx every named closure carries a
 * dictionary of properties for its name).
 */
class Attendance implements KnockWaiter {
  #cancelDeadline: (() => void) | null = null;
  readonly #messages: MessageBudget;
  /** Clock samples have their own budget: they are answered at once, as any sample must be. */
  readonly #pings: MessageBudget;

  constructor(
    private readonly socket: RoomSocket,
    private readonly host: RoomHost,
    private readonly deps: Deps,
  ) {
    const { messageBurst, messagesPerSecond } = deps.config.socket;
    this.#messages = new MessageBudget(deps.clock, this, messageBurst, messagesPerSecond);
    this.#pings = new MessageBudget(deps.clock, this, messageBurst, messagesPerSecond);
    // A device the facilitator removed while it was away hears so, and nothing else [RM7].
    if (host.wasRemoved(socket.data.secret)) {
      socket.emit('room:removed');
      socket.disconnect(true);
      return;
    }
    void socket.join(socketRooms.everyone(socket.data.roomId));
    const memberId = host.memberFor(socket.data.secret);
    if (memberId) this.#becomeMember(memberId, false);
    else {
      socket.emit('room:preview', previewOf(host, socket.data.secret));
      this.#armDeadline();
    }
    socket.on('clock:ping', (_payload, ack) => {
      if (typeof ack === 'function' && this.#pings.take()) ack({ serverNow: deps.clock.now() });
    });
    socket.on('room:join', (payload, ack) =>
      answerMessage(deps, this.#messages.take(), JoinRequest, this, this.join, payload, ack),
    );
    socket.on('room:command', (payload, ack) =>
      answerMessage(deps, this.#messages.take(), CommandRequest, this, this.command, payload, ack),
    );
    socket.on('room:sync', (payload, ack) =>
      answerMessage(deps, this.#messages.take(), SyncRequest, this, this.sync, payload, ack),
    );
    socket.on('disconnect', () => this.#left());
  }

  admitted(memberId: string, secret: string): void {
    this.socket.data.secret = secret;
    this.socket.emit('room:admitted', { memberId, secret });
    this.#becomeMember(memberId, true);
    this.deps.logger.log('member.joined', { members: this.host.state.members.length });
  }

  /** Over its message budget and carrying on regardless: let go [RC5]. */
  flooded(): void {
    this.deps.refusals.count('flood_dropped');
    dropNow(this.socket);
  }

  /**
   * A declined knock's connection closes after it hears the answer, so a script cannot knock again
   * on it at once; a lapsed one may knock again [RM6, RC5].
   */
  declined(reason: 'declined' | 'lapsed'): void {
    this.socket.data.knockId = null;
    this.socket.emit('room:declined', { reason });
    if (reason === 'declined') this.socket.disconnect(true);
    else this.#armDeadline();
  }

  join(request: JoinRequest): Ack<JoinReply> {
    const { socket, host } = this;
    if (socket.data.memberId) return refusal('NOT_ALLOWED', 'You have already joined this room.');
    // The same device joining twice (two tabs, a double tap) is the member it already is [RM5].
    const existing = host.memberFor(socket.data.secret);
    if (existing && socket.data.secret) {
      this.#becomeMember(existing, false);
      return { ok: true, memberId: existing, secret: socket.data.secret };
    }
    if (socket.data.knockId) return { ok: true, knocking: true };
    const result = host.join(request.name, socket.data.secret, request.joinId, this, socket.data.address);
    if (!result.ok) return refusal(result.refusal.code, result.refusal.message);
    if (result.kind === 'knocking') {
      socket.data.knockId = result.knockId;
      return { ok: true, knocking: true };
    }
    socket.data.secret = result.secret;
    this.#becomeMember(result.memberId, true);
    this.deps.logger.log('member.joined', { members: host.state.members.length });
    return { ok: true, memberId: result.memberId, secret: result.secret };
  }

  command({ command, requestId }: CommandRequest): Ack<{ version: number; duplicate: boolean }> {
    const memberId = this.socket.data.memberId;
    if (!memberId) return refusal('NOT_A_MEMBER', 'Join the room first.');
    // A retried send of a command already applied is acknowledged again, applied once [RC4].
    const result = this.host.command(memberId, command, requestId);
    if (!result.ok) return refusal(result.refusal.code, result.refusal.message);
    return { ok: true, version: result.version, duplicate: result.duplicate };
  }

  sync(): Ack<{ snapshot: Snapshot }> {
    const memberId = this.socket.data.memberId;
    if (!memberId) return refusal('NOT_A_MEMBER', 'Join the room first.');
    return { ok: true, snapshot: this.host.snapshotFor(memberId) };
  }

  /** A member now: the deadline no longer applies, and its timer need not wait to find that out. */
  #becomeMember(memberId: string, alreadyCounted: boolean): void {
    this.#cancelDeadline?.();
    this.#cancelDeadline = null;
    enterAsMember(this.socket, this.host, memberId, alreadyCounted, this.deps.config.socket.socketsPerMember);
  }

  #armDeadline(): void {
    const { socket, deps } = this;
    this.#cancelDeadline?.();
    this.#cancelDeadline = deps.clock.schedule(() => {
      if (socket.data.memberId || socket.data.knockId) return;
      deps.refusals.count('join_deadline');
      socket.disconnect(true);
    }, deps.config.joinDeadlineMs);
  }

  #left(): void {
    this.#cancelDeadline?.();
    const { memberId, knockId } = this.socket.data;
    if (memberId) this.host.memberDisconnected(memberId);
    else if (knockId) this.host.withdrawKnock(knockId, this);
  }
}

/** Makes `socket` attend its room until it disconnects. */
export function attendRoom(socket: RoomSocket, host: RoomHost, deps: Deps): void {
  new Attendance(socket, host, deps);
}
