import type { Command } from '../../../shared/src/protocol/commands.ts';
import type { StateSeal } from '../../../shared/src/protocol/resume.ts';
import type { RoomEvent } from '../../../shared/src/protocol/socket.ts';
import type { EndReason, RoomSettings, RoomState } from '../../../shared/src/room/state.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import { newMemberId, newMemberSecret, newRoomId } from '../ids.ts';
import type { CreateRoomResponse } from '../../../shared/src/protocol/rest.ts';
import { createRoomState } from '../../../shared/src/room/state.ts';
import type { Logger } from '../log.ts';
import { creatorHashOf, StateSealer } from '../resume/stateSealer.ts';
import { type HostEvents, type HostOptions, type HostStart, RoomHost } from './host.ts';

/** Someone who needs to hear about every room: the Socket.IO layer, the Yjs layer. */
export interface RoomListener {
  /** A room is live here: new (board epoch 0), or brought back at its sealed board epoch. */
  onCreated?(roomId: string, board?: { epoch: number; rekey: boolean }): void;
  onEvent?(roomId: string, event: RoomEvent, state: RoomState): void;
  onEnded?(roomId: string, reason: EndReason): void;
  /** The room left this process without ending (a drain, a shutdown with sealing on): it resumes elsewhere. */
  onReleased?(roomId: string): void;
}

export type NewRoom = Omit<RoomSettings, 'creatorId' | 'capacity'>;

/** A room brought back from its members' sealed state: what the seal said beside the state. */
export interface ResumedRoom {
  state: RoomState;
  seal: StateSeal;
  /** The creator's secret, when the room came back before they joined. */
  creatorSecret: string | null;
}

/**
 * What a room's host tells the registry: one small object per room, methods rather than closures.
 * It also seals the room's state, knowing what the seal binds beside it.
 */
class RoomEvents implements HostEvents {
  constructor(
    private readonly registry: RoomRegistry,
    private readonly roomId: string,
    private readonly sealer: StateSealer | null,
    /** How many times the room has moved to a new process. */
    private readonly generation: number,
    /** The board's key epoch, as the relay last said. */
    public epoch: number,
    /** Whether a removal's new board key is still to be made, as the relay last said. */
    public rekey: boolean,
  ) {}

  sealOf(state: RoomState, creatorSecret: string | null, command?: Command): StateSeal | undefined {
    if (!this.sealer) return undefined;
    // A removal needs a new board key, from the very seal that records it [RS3].
    if (command?.type === 'member:remove') this.rekey = true;
    const creator = creatorSecret === null ? undefined : creatorHashOf(creatorSecret);
    const { roomId, generation, epoch, rekey } = this;
    return this.sealer.seal(state, { roomId, generation, epoch, creator, rekey });
  }

  onEvent(event: RoomEvent, state: RoomState): void {
    this.registry.notify(this.roomId, event, state);
  }

  onEnded(reason: EndReason): void {
    this.registry.drop(this.roomId, reason);
  }
}

/**
 * Room id -> live room, in process memory only. Ending a room removes every reference to it
 * here, and listeners drop theirs [PR2].
 */
export class RoomRegistry {
  readonly #rooms = new Map<
    string,
    { host: RoomHost; events: RoomEvents; cancelLifetime: () => void; createdAt: number; address: string }
  >();
  readonly #sealer: StateSealer | null;
  /** Live rooms by the address that created them, so no address holds more than its share [RM1]. */
  readonly #alivePerAddress = new Map<string, number>();
  readonly #listeners: RoomListener[] = [];
  #draining = false;

  constructor(
    private readonly clock: Clock,
    private readonly config: ServerConfig,
    private readonly logger: Logger,
  ) {
    this.#sealer = config.sealKeys ? new StateSealer(config.sealKeys) : null;
  }

  /** Whether rooms are sealed for their members, and so can come back on another process. */
  get sealer(): StateSealer | null {
    return this.#sealer;
  }

  get size(): number {
    return this.#rooms.size;
  }

  get isFull(): boolean {
    return this.#rooms.size >= this.config.maxRooms;
  }

  /** Draining: no new room here, and none brought back here; live rooms stay until they end or are let go. */
  get draining(): boolean {
    return this.#draining;
  }

  drain(): void {
    this.#draining = true;
  }

  /**
   * Lets every room go without ending it: nothing of them stays here, and their devices, connecting
   * again, bring them back on another process (or this one, restarted) from their seals [RS4].
   */
  releaseAll(): void {
    for (const [roomId, entry] of [...this.#rooms]) {
      this.#forget(roomId);
      entry.host.release();
      for (const l of this.#listeners) l.onReleased?.(roomId);
    }
  }

  /** Whether `address` already holds as many live rooms as one address may. */
  holdsItsShare(address: string): boolean {
    return (this.#alivePerAddress.get(address) ?? 0) >= this.config.roomsAlivePerAddress;
  }

  subscribe(listener: RoomListener): void {
    this.#listeners.push(listener);
  }

  get(roomId: string): RoomHost | undefined {
    return this.#rooms.get(roomId)?.host;
  }

  /**
   * Makes a room for `address` (never logged; counted while the room lives). With sealing on, no
   * process holds it yet: the creator gets its first state, sealed with the hash of their secret,
   * and whichever process their connection is routed to brings it to life from that (perhaps
   * this one). A copy kept here would be a second room once the first lived elsewhere.
   */
  create(room: NewRoom, address: string): CreateRoomResponse {
    const roomId = newRoomId();
    const settings = { ...room, capacity: this.config.capacity };
    this.logger.log('room.created', { rooms: this.#rooms.size, phases: room.agenda.length });
    if (this.#sealer) {
      const creatorId = newMemberId();
      const secret = newMemberSecret();
      const state = createRoomState({ ...settings, creatorId }, this.clock.now());
      const seal = this.#sealer.seal(state, { roomId, generation: 0, epoch: 0, creator: creatorHashOf(secret) });
      return { roomId, secret, genesis: { state, seal } };
    }
    const host = this.#start(roomId, { kind: 'new', settings }, 0, { epoch: 0, rekey: false }, address);
    for (const l of this.#listeners) l.onCreated?.(roomId);
    return { roomId, secret: host.creatorSecret };
  }

  /**
   * A room this process did not know, brought back from the sealed state its members offered: it
   * lives here from now on, one generation on, its board waiting for a new key [RS2].
   */
  adopt(roomId: string, resumed: ResumedRoom, address: string): RoomHost {
    const { state, seal, creatorSecret } = resumed;
    const start: HostStart = { kind: 'resumed', state, creatorSecret };
    const board = { epoch: seal.epoch, rekey: seal.rekey === true };
    const host = this.#start(roomId, start, seal.generation + 1, board, address);
    this.logger.log('room.resumed', { rooms: this.#rooms.size, members: state.members.length });
    for (const l of this.#listeners) l.onCreated?.(roomId, { epoch: seal.epoch, rekey: seal.rekey === true });
    return host;
  }

  /**
   * The board's key epoch changed, or a removal made it need a new key: the room's members get a
   * seal that carries it, so the room's next process knows [RS3].
   */
  boardChanged(roomId: string, board: { epoch: number; rekey: boolean }): void {
    const entry = this.#rooms.get(roomId);
    if (!entry || (entry.events.epoch === board.epoch && entry.events.rekey === board.rekey)) return;
    entry.events.epoch = board.epoch;
    entry.events.rekey = board.rekey;
    entry.host.resealed();
  }

  #forget(roomId: string) {
    const entry = this.#rooms.get(roomId);
    if (!entry) return undefined;
    this.#rooms.delete(roomId);
    entry.cancelLifetime();
    const alive = (this.#alivePerAddress.get(entry.address) ?? 1) - 1;
    if (alive > 0) this.#alivePerAddress.set(entry.address, alive);
    else this.#alivePerAddress.delete(entry.address);
    return entry;
  }

  #start(
    roomId: string,
    start: HostStart,
    generation: number,
    { epoch, rekey }: { epoch: number; rekey: boolean },
    address: string,
  ): RoomHost {
    const { config, clock } = this;
    const options: HostOptions = {
      clock,
      emptyGraceMs: config.emptyGraceMs,
      unclaimedGraceMs: config.unclaimedGraceMs,
      knockTtlMs: config.knockTtlMs,
      commandBurst: config.memberCommandBurst,
      commandsPerSecond: config.memberCommandsPerSecond,
      door: config.door,
      linksPerMember: config.socket.socketsPerMember,
    };
    const events = new RoomEvents(this, roomId, this.#sealer, generation, epoch, rekey);
    const host = new RoomHost(start, options, events);
    const createdAt = host.state.createdAt;
    const lifetimeLeft = Math.max(0, createdAt + config.maxLifetimeMs - clock.now());
    const cancelLifetime = clock.schedule(() => host.expire('lifetime'), lifetimeLeft);
    this.#rooms.set(roomId, { host, events, cancelLifetime, createdAt, address });
    this.#alivePerAddress.set(address, (this.#alivePerAddress.get(address) ?? 0) + 1);
    return host;
  }

  /** Ends every room, as a server shutdown does; clients are told. */
  endAll(): void {
    for (const { host } of [...this.#rooms.values()]) host.expire('shutdown');
  }

  /** Tells every listener of an accepted command in a room. */
  notify(roomId: string, event: RoomEvent, state: RoomState): void {
    for (const l of this.#listeners) l.onEvent?.(roomId, event, state);
  }

  /** A room reached its end: it goes, and every listener drops what it holds of it. */
  drop(roomId: string, reason: EndReason): void {
    const entry = this.#forget(roomId);
    if (!entry) return;
    const members = entry.host.state.members.length;
    const minutes = Math.round((this.clock.now() - entry.createdAt) / 60_000);
    this.logger.log('room.ended', { reason, members, minutes, rooms: this.#rooms.size });
    for (const l of this.#listeners) l.onEnded?.(roomId, reason);
  }
}
