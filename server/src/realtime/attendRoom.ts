import { CommandRequest } from '../../../shared/src/protocol/commands.ts';
import { ResumeRequest } from '../../../shared/src/protocol/resume.ts';
import { provenMember } from '../resume/resumeProof.ts';
import { placesLeft } from '../../../shared/src/room/members.ts';
import {
  type Ack,
  type JoinReply,
  JoinRequest,
  type RoomPreview,
  type Snapshot,
  SyncRequest,
} from '../../../shared/src/protocol/socket.ts';
import type { KnockWaiter, MemberLink, MemberMessage, RoomHost } from '../rooms/host.ts';
import { newChallenge } from '../ids.ts';
import { provesKeys } from '../rooms/joinProof.ts';
import { answerMessage } from './acks.ts';
import { BoardAttendance } from './attendBoard.ts';
import type { BoardHub } from '../board/boardHub.ts';
import { MessageBudget } from './messageBudget.ts';
import { closeSocket, dropNow, type RoomSocket, socketRooms } from './roomSockets.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { RefusalTally } from '../refusalTally.ts';
import { refuse } from '../../../shared/src/room/refusal.ts';

/** What one socket's attendance needs from the server. */
export interface AttendDeps {
  boards: BoardHub;
  clock: Clock;
  logger: Logger;
  config: Pick<ServerConfig, 'joinDeadlineMs' | 'socket' | 'board'>;
  refusals: RefusalTally;
  /** Whether rooms are sealed, so a device may prove who it was in a room that moved here. */
  resumable: boolean;
}

function previewOf(host: RoomHost, secret: string | undefined, challenge: string): RoomPreview {
  const { purpose, members, capacity, session, admission, locked } = host.state;
  return {
    purpose,
    memberCount: members.length,
    capacity,
    started: session.stage !== 'lobby',
    full: placesLeft(host.state) === 0,
    admission,
    locked,
    creator: host.isCreatorSecret(secret),
    challenge,
  };
}

/**
 * One socket's life in a room. A member's device (its secret is known) enters at once; anyone
 * else sees only the preview, and must join or knock before the deadline or be let go, so held
 * sockets cannot pile up [RC5]. Every message is parsed with its schema and refused with a typed
 * reason when bad [RC2]. Once a member's, the socket is one of their devices to the room host
 * (a MemberLink). One object per socket, with methods rather than closures: a connection's own
 * cost is most of what a member costs the server (and under tsx every named closure carries a
 * dictionary of properties for its name).
 */
class Attendance implements KnockWaiter, MemberLink {
  #cancelDeadline: (() => void) | null = null;
  /** What this connection's join proof must sign; made with the preview, so a member's reconnect makes none. */
  #challenge = '';
  readonly #messages: MessageBudget;
  /** Clock samples have their own budget: they are answered at once, as any sample must be. */
  readonly #pings: MessageBudget;
  /** The board's handlers, made once this socket is a member's. */
  #board: BoardAttendance | null = null;

  constructor(
    private readonly socket: RoomSocket,
    private readonly host: RoomHost,
    private readonly deps: AttendDeps,
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
    if (memberId) this.#becomeMember(memberId);
    else {
      this.#challenge = newChallenge();
      socket.emit('room:preview', previewOf(host, socket.data.secret, this.#challenge));
      this.#armDeadline();
    }
    socket.on('clock:ping', (_payload, ack) => {
      if (typeof ack === 'function' && this.#pings.take()) ack({ serverNow: deps.clock.now() });
    });
    socket.on('room:join', (payload, ack) =>
      answerMessage(deps, this.#messages.take(), JoinRequest, this, this.join, payload, ack),
    );
    socket.on('room:resume', (payload, ack) =>
      answerMessage(deps, this.#messages.take(), ResumeRequest, this, this.resume, payload, ack),
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
    this.#becomeMember(memberId);
    this.deps.logger.log('member.joined', { members: this.host.state.members.length });
  }

  send(message: MemberMessage): void {
    if (message.kind === 'snapshot') this.socket.emit('room:snapshot', message.snapshot);
    else if (message.kind === 'private') this.socket.emit('room:private', message.view);
    else if (message.kind === 'answers') this.socket.emit('room:answers', message.rounds);
    else if (message.kind === 'history') this.socket.emit('room:history', message.shared);
    else this.socket.emit('room:seal', message.seal);
  }

  /**
   * Removed: the device hears so, then the connection closes once that is sent [RM7]. One device
   * too many: the connection is dropped at once [RC5].
   */
  close(reason: 'removed' | 'superseded'): void {
    const socket = this.socket;
    socket.data.memberId = null;
    this.#board?.leave();
    if (reason === 'superseded') {
      dropNow(socket);
      return;
    }
    socket.emit('room:removed');
    // After the current handler has sent its acknowledgement (the facilitator's "Remove").
    setImmediate(() => closeSocket(socket));
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
    if (socket.data.memberId) return refuse('alreadyJoined');
    // The same device joining twice (two tabs, a double tap) is the member it already is [RM5].
    const existing = host.memberFor(socket.data.secret);
    if (existing && socket.data.secret) {
      this.#becomeMember(existing);
      return { ok: true, memberId: existing, secret: socket.data.secret };
    }
    if (socket.data.knockId) return { ok: true, knocking: true };
    if (!this.#challenge || !provesKeys(socket.data.roomId, this.#challenge, request.keys)) return refuse('badKeys');
    const { sign, box } = request.keys;
    const result = host.join(
      request.name,
      socket.data.secret,
      request.joinId,
      { sign, box },
      this,
      socket.data.address,
    );
    if (!result.ok) return result;
    if (result.kind === 'knocking') {
      socket.data.knockId = result.knockId;
      return { ok: true, knocking: true };
    }
    socket.data.secret = result.secret;
    this.#becomeMember(result.memberId);
    this.deps.logger.log('member.joined', { members: host.state.members.length });
    return { ok: true, memberId: result.memberId, secret: result.secret };
  }

  /**
   * A device this process does not know proves it is a member: the room moved here, and this
   * device came after it was brought back. Its signature over this connection's challenge with the
   * roster's key for that member is the proof; its secret stands for them from now on [RS1].
   */
  resume(request: ResumeRequest): Ack {
    const { socket, host } = this;
    if (socket.data.memberId) return { ok: true };
    if (!this.deps.resumable) return refuse('resumeUnavailable');
    const secret = socket.data.secret;
    const proven = this.#challenge ? provenMember(socket.data.roomId, this.#challenge, host.state, request) : null;
    if (proven?.kind !== 'member' || !secret || !host.enrolResumed(proven.memberId, secret)) {
      return refuse('resumeRefused');
    }
    this.#becomeMember(proven.memberId);
    return { ok: true };
  }

  command({ command, requestId }: CommandRequest): Ack<{ version: number; duplicate: boolean }> {
    const memberId = this.socket.data.memberId;
    if (!memberId) return refuse('notAMember');
    // A retried send of a command already applied is acknowledged again, applied once [RC4].
    const result = this.host.command(memberId, command, requestId);
    if (!result.ok) return result;
    return { ok: true, version: result.version, duplicate: result.duplicate };
  }

  sync(): Ack<{ snapshot: Snapshot }> {
    const memberId = this.socket.data.memberId;
    if (!memberId) return refuse('notAMember');
    return { ok: true, snapshot: this.host.snapshotFor(memberId) };
  }

  /**
   * A member's device now: it hears the room's events, then the host sends it the snapshot they
   * apply to. The deadline no longer applies, and its timer need not wait to find that out.
   */
  #becomeMember(memberId: string): void {
    this.#cancelDeadline?.();
    this.#cancelDeadline = null;
    const { socket } = this;
    socket.data.memberId = memberId;
    socket.data.knockId = null;
    void socket.join(socketRooms.members(socket.data.roomId));
    // The board's events, for members' sockets only.
    this.#board ??= new BoardAttendance(socket, this.deps, this);
    this.host.attach(memberId, this);
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
    this.#board?.leave();
    const { memberId, knockId } = this.socket.data;
    if (memberId) this.host.detach(memberId, this);
    else if (knockId) this.host.withdrawKnock(knockId, this);
  }
}

/** Makes `socket` attend its room until it disconnects. */
export function attendRoom(socket: RoomSocket, host: RoomHost, deps: AttendDeps): void {
  new Attendance(socket, host, deps);
}
