import { CommandRequest } from '../../../shared/src/protocol/commands.ts';
import { placesLeft } from '../../../shared/src/room/members.ts';
import { JoinRequest, type RoomPreview, SyncRequest } from '../../../shared/src/protocol/socket.ts';
import { tokenBucket } from '../limits/tokenBucket.ts';
import { refusal } from '../refusals.ts';
import type { KnockWaiter, RoomHost } from '../rooms/host.ts';
import { guarded } from './acks.ts';
import { dropNow, type RoomSocket, socketRooms } from './roomSockets.ts';
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

/** A connection that keeps sending this many messages past its budget after being told is let go. */
const OVERRUNS_BEFORE_DROP = 50;

/**
 * One connection's message budget: a burst, then a steady rate [RC5]. A person clicking never
 * meets it; a script does, is refused, and if it carries on regardless, is disconnected, so that
 * refusing it cannot itself become the work that slows every room.
 */
function withinBudget(socket: RoomSocket, clock: Deps['clock'], refusals: Deps['refusals']): () => boolean {
  const allowed = tokenBucket(clock);
  let overruns = 0;
  return () => {
    if (allowed()) {
      overruns = 0;
      return true;
    }
    if (++overruns === OVERRUNS_BEFORE_DROP) {
      refusals.count('flood_dropped');
      dropNow(socket);
    }
    return false;
  };
}

/**
 * Connections one member may hold at once: a phone, a laptop, a tab or two. Every event goes to
 * each of them, so a member opening a hundred would make everyone's commands cost a hundredfold.
 */
const SOCKETS_PER_MEMBER = 4;

/**
 * Makes the socket a member's: presence first, then events, then the snapshot they apply to. A
 * member over their share of connections loses the oldest, most likely a dead one [RC5].
 */
function enterAsMember(socket: RoomSocket, host: RoomHost, memberId: string, alreadyCounted: boolean): void {
  socket.data.memberId = memberId;
  socket.data.knockId = null;
  if (!alreadyCounted) host.memberConnected(memberId);
  const own = socketRooms.member(socket.data.roomId, memberId);
  const earlier = [...(socket.nsp.adapter.rooms.get(own) ?? [])];
  for (const id of earlier.slice(0, Math.max(0, earlier.length - (SOCKETS_PER_MEMBER - 1)))) {
    const oldest = socket.nsp.sockets.get(id);
    if (oldest) dropNow(oldest);
  }
  void socket.join([socketRooms.members(socket.data.roomId), own]);
  socket.emit('room:snapshot', host.snapshotFor(memberId));
}

/**
 * One socket's life in a room. A member's device (its secret is known) enters at once; anyone
 * else sees only the preview, and must join or knock before the deadline or be let go, so held
 * sockets cannot pile up [RC5]. Every message is parsed with its schema and refused with a typed
 * reason when bad [RC2].
 */
export function attendRoom(socket: RoomSocket, host: RoomHost, deps: Deps): void {
  const { clock, logger, config, refusals } = deps;
  void socket.join(socketRooms.everyone(socket.data.roomId));
  let cancelDeadline: (() => void) | null = null;
  const armDeadline = () => {
    cancelDeadline?.();
    cancelDeadline = clock.schedule(() => {
      if (socket.data.memberId || socket.data.knockId) return;
      refusals.count('join_deadline');
      socket.disconnect(true);
    }, config.joinDeadlineMs);
  };

  const memberId = host.memberFor(socket.data.secret);
  if (memberId) enterAsMember(socket, host, memberId, false);
  else {
    socket.emit('room:preview', previewOf(host, socket.data.secret));
    armDeadline();
  }

  const waiter: KnockWaiter = {
    admitted(admittedId, secret) {
      socket.data.secret = secret;
      socket.emit('room:admitted', { memberId: admittedId, secret });
      enterAsMember(socket, host, admittedId, true);
      logger.log('member.joined', { members: host.state.members.length });
    },
    declined(reason) {
      socket.data.knockId = null;
      socket.emit('room:declined', { reason });
      armDeadline();
    },
  };

  const handle = guarded(refusals, logger, withinBudget(socket, clock, refusals));

  // Answered at once, as any clock sample must be; a flood of them is refused like any other.
  const pingAllowed = withinBudget(socket, clock, refusals);
  socket.on('clock:ping', (_payload, ack) => {
    if (typeof ack === 'function' && pingAllowed()) ack({ serverNow: clock.now() });
  });

  socket.on(
    'room:join',
    handle(JoinRequest, (request) => {
      if (socket.data.memberId) return refusal('NOT_ALLOWED', 'You have already joined this room.');
      // The same device joining twice (two tabs, a double tap) is the member it already is [RM5].
      const existing = host.memberFor(socket.data.secret);
      if (existing && socket.data.secret) {
        enterAsMember(socket, host, existing, false);
        return { ok: true, memberId: existing, secret: socket.data.secret };
      }
      if (socket.data.knockId) return { ok: true, knocking: true };
      const result = host.join(request.name, socket.data.secret, request.joinId, waiter);
      if (!result.ok) return refusal(result.refusal.code, result.refusal.message);
      if (result.kind === 'knocking') {
        socket.data.knockId = result.knockId;
        return { ok: true, knocking: true };
      }
      socket.data.secret = result.secret;
      enterAsMember(socket, host, result.memberId, true);
      logger.log('member.joined', { members: host.state.members.length });
      return { ok: true, memberId: result.memberId, secret: result.secret };
    }),
  );

  socket.on(
    'room:command',
    handle(CommandRequest, ({ command, requestId }) => {
      const memberId = socket.data.memberId;
      if (!memberId) return refusal('NOT_A_MEMBER', 'Join the room first.');
      // A retried send of a command already applied is acknowledged again, applied once [RC4].
      const result = host.command(memberId, command, requestId);
      if (!result.ok) return refusal(result.refusal.code, result.refusal.message);
      return { ok: true, version: result.version, duplicate: result.duplicate };
    }),
  );

  socket.on(
    'room:sync',
    handle(SyncRequest, () => {
      const memberId = socket.data.memberId;
      if (!memberId) return refusal('NOT_A_MEMBER', 'Join the room first.');
      return { ok: true, snapshot: host.snapshotFor(memberId) };
    }),
  );

  socket.on('disconnect', () => {
    cancelDeadline?.();
    const { memberId: id, knockId } = socket.data;
    if (id) host.memberDisconnected(id);
    else if (knockId) host.withdrawKnock(knockId);
  });
}
