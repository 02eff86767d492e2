import { ResumeRequest } from '../../../shared/src/protocol/resume.ts';
import type { Ack } from '../../../shared/src/protocol/socket.ts';
import { refuse } from '../../../shared/src/room/refusal.ts';
import { findMember, type RoomState } from '../../../shared/src/room/state.ts';
import { newChallenge } from '../ids.ts';
import { answerMessage } from '../realtime/acks.ts';
import { type AttendDeps, attendRoom } from '../realtime/attendRoom.ts';
import { dropNow, type RoomSocket } from '../realtime/roomSockets.ts';
import type { ResumedRoom, RoomRegistry } from '../rooms/registry.ts';
import { type Proven, provenBySeal } from './resumeProof.ts';
import type { StateSealer } from './stateSealer.ts';

/** Devices one room may have waiting while it comes back: its capacity's worth of devices and some. */
const MAX_WAITING_PER_ROOM = 64;
/** Offers one waiting connection may make; a device needs one, a retry two. */
const MAX_OFFERS_PER_CONNECTION = 4;

/** One connection waiting for its room to come back, and what it proved. */
class Waiting {
  readonly challenge = newChallenge();
  proven: Proven | null = null;
  offers = 0;
  cancelDeadline: () => void = () => {};

  constructor(
    readonly socket: RoomSocket,
    private readonly gathering: Gathering,
  ) {}

  /** `room:resume`: an offer of the room's sealed state, with proof of who this device is. */
  offer(request: ResumeRequest): Ack {
    if (++this.offers > MAX_OFFERS_PER_CONNECTION) return refuse('tooManyMessages');
    return this.gathering.offer(this, request);
  }
}

/** The best offer so far: the newest sealed state, and who brought it. */
interface Candidate extends ResumedRoom {
  address: string;
}

/**
 * One room this process does not know, while its members' devices offer it back [RS1]. Each offer
 * is checked — the seal is ours over exactly that state, and the device proves a member of it (or
 * its creator) — and the newest wins: by generation, then version. The facilitator's (or the
 * creator's) offer brings the room back at once; otherwise a short window after the first valid
 * offer lets a newer one arrive, so a removed member's older state loses to any current member's.
 */
class Gathering {
  readonly waiting = new Map<RoomSocket, Waiting>();
  #best: Candidate | null = null;
  #cancelWindow: (() => void) | null = null;

  constructor(
    readonly roomId: string,
    private readonly desk: Resumptions,
  ) {}

  offer(waiting: Waiting, request: ResumeRequest): Ack {
    const { sealer } = this.desk;
    const sealed = request.sealed;
    if (!sealed || !sealer.verify(this.roomId, sealed.state, sealed.seal)) return refuse('resumeRefused');
    const state = sealed.state as unknown as RoomState;
    // A seal is good for the room's lifetime and no longer: an old one cannot bring a room back for ever.
    if (this.desk.deps.clock.now() > state.createdAt + this.desk.lifetimeMs) return refuse('resumeRefused');
    const { socket } = waiting;
    const proven = provenBySeal(this.roomId, waiting.challenge, state, sealed.seal, request, socket.data.secret);
    if (!proven) return refuse('resumeRefused');
    waiting.proven = proven;
    const best = this.#best;
    const newer =
      !best ||
      sealed.seal.generation > best.seal.generation ||
      (sealed.seal.generation === best.seal.generation && sealed.seal.version > best.seal.version);
    if (newer) {
      const creatorSecret = proven.kind === 'creator' ? (socket.data.secret ?? null) : null;
      this.#best = { state, seal: sealed.seal, creatorSecret, address: socket.data.address };
    }
    const leads = proven.kind === 'creator' || proven.memberId === state.facilitatorId;
    if (leads) this.desk.adopt(this);
    else this.#cancelWindow ??= this.desk.deps.clock.schedule(() => this.desk.adopt(this), this.desk.windowMs);
    return { ok: true };
  }

  /** The offer to bring back, once; clears what the gathering holds. */
  take(): Candidate | null {
    this.#cancelWindow?.();
    this.#cancelWindow = null;
    const best = this.#best;
    this.#best = null;
    return best;
  }
}

export interface ResumptionDeps extends AttendDeps {
  registry: RoomRegistry;
}

/**
 * The rooms this process is bringing back from their members' devices [RS1]: connections for a
 * room it does not know wait here, told `room:unknown` with a challenge, until the room is adopted
 * (then they attend it like any connection) or their join deadline passes (`room:missing`).
 */
export class Resumptions {
  readonly #gatherings = new Map<string, Gathering>();

  constructor(
    readonly sealer: StateSealer,
    readonly deps: ResumptionDeps,
    readonly windowMs: number,
    /** A room's whole lifetime: no seal is taken past it. */
    readonly lifetimeMs: number,
  ) {}

  get size(): number {
    return this.#gatherings.size;
  }

  /** A connection for a room this process does not know. */
  wait(socket: RoomSocket): void {
    const { roomId } = socket.data;
    let gathering = this.#gatherings.get(roomId);
    if (!gathering) {
      gathering = new Gathering(roomId, this);
      this.#gatherings.set(roomId, gathering);
    }
    if (gathering.waiting.size >= MAX_WAITING_PER_ROOM) {
      this.deps.refusals.count('resume_crowded');
      dropNow(socket);
      return;
    }
    const waiting = new Waiting(socket, gathering);
    gathering.waiting.set(socket, waiting);
    waiting.cancelDeadline = this.deps.clock.schedule(
      () => this.#missing(gathering, waiting),
      this.deps.config.joinDeadlineMs,
    );
    socket.on('room:resume', (payload, ack) =>
      answerMessage(this.deps, true, ResumeRequest, waiting, waiting.offer, payload, ack),
    );
    socket.on('disconnect', () => this.#left(gathering, waiting));
    socket.emit('room:unknown', { challenge: waiting.challenge });
  }

  /** Brings the gathering's best offer to life here; every waiting connection then attends it. */
  adopt(gathering: Gathering): void {
    const best = gathering.take();
    if (!best || this.#gatherings.get(gathering.roomId) !== gathering) return;
    this.#gatherings.delete(gathering.roomId);
    const { registry } = this.deps;
    const host = registry.get(gathering.roomId) ?? registry.adopt(gathering.roomId, best, best.address);
    for (const waiting of gathering.waiting.values()) {
      const { socket, proven } = waiting;
      waiting.cancelDeadline();
      socket.removeAllListeners('room:resume');
      socket.removeAllListeners('disconnect');
      if (!socket.connected) continue;
      // A member proved against an older state is still one if the roster holds the same key.
      const member = proven?.kind === 'member' ? findMember(host.state, proven.memberId) : undefined;
      if (member && proven?.kind === 'member' && member.keys.sign === proven.signKey && socket.data.secret) {
        host.enrolResumed(member.id, socket.data.secret);
      }
      attendRoom(socket, host, this.deps);
    }
    gathering.waiting.clear();
    host.settleAfterMove();
  }

  #left(gathering: Gathering, waiting: Waiting): void {
    waiting.cancelDeadline();
    gathering.waiting.delete(waiting.socket);
    if (gathering.waiting.size === 0) {
      gathering.take();
      if (this.#gatherings.get(gathering.roomId) === gathering) this.#gatherings.delete(gathering.roomId);
    }
  }

  /** No one brought the room back in time: as far as this device can tell, it is gone. */
  #missing(gathering: Gathering, waiting: Waiting): void {
    this.deps.refusals.count('resume_missing');
    waiting.socket.emit('room:missing');
    waiting.socket.disconnect(true);
    this.#left(gathering, waiting);
  }
}
