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
/** Of those, from one address: a household or a ward's network, not a script filling the room. */
const MAX_WAITING_PER_ADDRESS = 16;
/** Offers one waiting connection may make; a device needs one, a retry two; past it, it is let go. */
const MAX_OFFERS_PER_CONNECTION = 4;
/**
 * The facilitator's offer shortens the window to this, not to nothing: a removed former
 * facilitator's older state, arriving first, still loses to a current member's newer one.
 */
const FACILITATOR_WINDOW_MS = 300;

/** One connection waiting for its room to come back, and what it proved. */
class Waiting {
  readonly challenge = newChallenge();
  proven: Proven | null = null;
  offers = 0;
  cancelDeadline: () => void = () => {};
  /** Its handlers here, removed once it attends the room or is let go. */
  readonly listeners: { resume?: (...args: never[]) => void; left?: () => void } = {};

  constructor(
    readonly socket: RoomSocket,
    private readonly gathering: Gathering,
  ) {}

  stopListening(): void {
    this.cancelDeadline();
    if (this.listeners.resume) this.socket.off('room:resume', this.listeners.resume as never);
    if (this.listeners.left) this.socket.off('disconnect', this.listeners.left);
  }

  /** `room:resume`: an offer of the room's sealed state, with proof of who this device is. */
  offer(request: ResumeRequest): Ack {
    if (++this.offers > MAX_OFFERS_PER_CONNECTION) {
      setImmediate(() => dropNow(this.socket));
      return refuse('tooManyMessages');
    }
    return this.gathering.offer(this, request);
  }
}

/** The best offer so far: the newest sealed state, and the address that brought it. */
interface Candidate {
  state: RoomState;
  seal: ResumedRoom['seal'];
  address: string;
}

/**
 * One room this process does not know, while its members' devices offer it back [RS1]. Each offer
 * is checked — the seal is ours over exactly that state, and the device proves a member of it (or
 * its creator) — and the newest wins: by generation, then version. A short window after the first
 * valid offer lets a newer one arrive, so a removed member's older state loses to any current
 * member's; the facilitator of the newest state shortens it, and the creator's first state, which
 * nothing can be newer than, ends it.
 */
class Gathering {
  readonly waiting = new Map<RoomSocket, Waiting>();
  #best: Candidate | null = null;
  #cancelWindow: (() => void) | null = null;
  #windowAt = 0;

  constructor(
    readonly roomId: string,
    private readonly desk: Resumptions,
  ) {}

  offer(waiting: Waiting, request: ResumeRequest): Ack {
    const { sealer, deps, lifetimeMs } = this.desk;
    const sealed = request.sealed;
    if (!sealed || !sealer.verify(this.roomId, sealed.state, sealed.seal)) return refuse('resumeRefused');
    const state = sealed.state as unknown as RoomState;
    // An ended room stays ended; and a seal is good for the room's lifetime, no longer.
    if (state.session.stage === 'ended') return refuse('roomEnded');
    if (deps.clock.now() > state.createdAt + lifetimeMs) return refuse('resumeRefused');
    const { socket } = waiting;
    const proven = provenBySeal(this.roomId, waiting.challenge, state, sealed.seal, request, socket.data.secret);
    if (!proven) return refuse('resumeRefused');
    waiting.proven = proven;
    const best = this.#best;
    const newer =
      !best ||
      sealed.seal.generation > best.seal.generation ||
      (sealed.seal.generation === best.seal.generation && sealed.seal.version > best.seal.version);
    if (newer) this.#best = { state, seal: sealed.seal, address: socket.data.address };
    // The creator's offer of the room's first state: nothing newer can exist, so it comes to life now.
    if (proven.kind === 'creator' && this.#best?.state === state) this.desk.adopt(this);
    else if (proven.kind === 'member' && proven.memberId === this.#best?.state.facilitatorId) {
      this.#arm(Math.min(FACILITATOR_WINDOW_MS, this.desk.windowMs));
    } else this.#arm(this.desk.windowMs);
    return { ok: true };
  }

  /** Adopts after `ms`, or sooner if already armed for sooner. */
  #arm(ms: number): void {
    const at = this.desk.deps.clock.now() + ms;
    if (this.#cancelWindow && this.#windowAt <= at) return;
    this.#cancelWindow?.();
    this.#windowAt = at;
    this.#cancelWindow = this.desk.deps.clock.schedule(() => this.desk.adopt(this), ms);
  }

  /** The secret of a waiting device proven to be the creator, for a room whose creator has not joined. */
  creatorSecret(): string | null {
    for (const waiting of this.waiting.values()) {
      if (waiting.proven?.kind === 'creator') return waiting.socket.data.secret ?? null;
    }
    return null;
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

  /** A connection for a room this process does not know. */
  wait(socket: RoomSocket): void {
    const { roomId } = socket.data;
    let gathering = this.#gatherings.get(roomId);
    if (!gathering) {
      gathering = new Gathering(roomId, this);
      this.#gatherings.set(roomId, gathering);
    }
    const fromAddress = [...gathering.waiting.keys()].filter((w) => w.data.address === socket.data.address).length;
    if (gathering.waiting.size >= MAX_WAITING_PER_ROOM || fromAddress >= MAX_WAITING_PER_ADDRESS) {
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
    const resume = (payload: unknown, ack: unknown) =>
      answerMessage(this.deps, true, ResumeRequest, waiting, waiting.offer, payload, ack);
    const left = () => this.#left(gathering, waiting);
    waiting.listeners.resume = resume;
    waiting.listeners.left = left;
    socket.on('room:resume', resume);
    socket.on('disconnect', left);
    socket.emit('room:unknown', { challenge: waiting.challenge });
  }

  /**
   * Brings the gathering's best offer to life here; every waiting connection then attends it. A
   * process that became full or began draining meanwhile, or an address over its share of live
   * rooms bringing a new one, lets the devices go: they try again, and find the room elsewhere.
   */
  adopt(gathering: Gathering): void {
    const best = gathering.take();
    if (!best || this.#gatherings.get(gathering.roomId) !== gathering) return;
    this.#gatherings.delete(gathering.roomId);
    const { registry } = this.deps;
    let host = registry.get(gathering.roomId);
    if (!host) {
      const unclaimed = best.seal.creator !== undefined;
      if (registry.isFull || registry.draining || (unclaimed && registry.holdsItsShare(best.address))) {
        this.deps.refusals.count('resume_refused_here');
        for (const waiting of gathering.waiting.values()) this.#letGo(waiting);
        gathering.waiting.clear();
        return;
      }
      const creatorSecret = unclaimed ? gathering.creatorSecret() : null;
      try {
        host = registry.adopt(gathering.roomId, { state: best.state, seal: best.seal, creatorSecret }, best.address);
      } catch {
        // A state this code cannot run (sealed by another version of it): no one is let in to it.
        this.deps.logger.log('handler.error');
        for (const waiting of gathering.waiting.values()) this.#letGo(waiting);
        gathering.waiting.clear();
        return;
      }
    }
    for (const waiting of gathering.waiting.values()) {
      const { socket, proven } = waiting;
      waiting.stopListening();
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

  #letGo(waiting: Waiting): void {
    waiting.stopListening();
    waiting.socket.disconnect(true);
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
