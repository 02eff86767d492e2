import type { RoomEvent } from '../../../shared/src/protocol/socket.ts';
import type { EndReason, RoomSettings, RoomState } from '../../../shared/src/room/state.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import { newRoomId } from '../ids.ts';
import type { Logger } from '../log.ts';
import { type HostEvents, type HostOptions, RoomHost } from './host.ts';

/** Someone who needs to hear about every room: the Socket.IO layer, the Yjs layer. */
export interface RoomListener {
  onCreated?(roomId: string): void;
  onEvent?(roomId: string, event: RoomEvent, state: RoomState): void;
  onEnded?(roomId: string, reason: EndReason): void;
}

export type NewRoom = Omit<RoomSettings, 'creatorId' | 'capacity'>;

/** What a room's host tells the registry: one small object per room, methods rather than closures. */
class RoomEvents implements HostEvents {
  constructor(
    private readonly registry: RoomRegistry,
    private readonly roomId: string,
  ) {}

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
    { host: RoomHost; cancelLifetime: () => void; createdAt: number; address: string }
  >();
  /** Live rooms by the address that created them, so no address holds more than its share [RM1]. */
  readonly #alivePerAddress = new Map<string, number>();
  readonly #listeners: RoomListener[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly config: ServerConfig,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.#rooms.size;
  }

  get isFull(): boolean {
    return this.#rooms.size >= this.config.maxRooms;
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

  /** Makes a room for `address` (never logged; counted while the room lives). */
  create(room: NewRoom, address: string): { roomId: string; secret: string } {
    const roomId = newRoomId();
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
    const host = new RoomHost({ ...room, capacity: config.capacity }, options, new RoomEvents(this, roomId));
    const cancelLifetime = this.clock.schedule(() => host.expire('lifetime'), this.config.maxLifetimeMs);
    this.#rooms.set(roomId, { host, cancelLifetime, createdAt: this.clock.now(), address });
    this.#alivePerAddress.set(address, (this.#alivePerAddress.get(address) ?? 0) + 1);
    this.logger.log('room.created', { rooms: this.#rooms.size, phases: room.agenda.length });
    for (const l of this.#listeners) l.onCreated?.(roomId);
    return { roomId, secret: host.creatorSecret };
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
    const entry = this.#rooms.get(roomId);
    if (!entry) return;
    this.#rooms.delete(roomId);
    entry.cancelLifetime();
    const alive = (this.#alivePerAddress.get(entry.address) ?? 1) - 1;
    if (alive > 0) this.#alivePerAddress.set(entry.address, alive);
    else this.#alivePerAddress.delete(entry.address);
    const members = entry.host.state.members.length;
    const minutes = Math.round((this.clock.now() - entry.createdAt) / 60_000);
    this.logger.log('room.ended', { reason, members, minutes, rooms: this.#rooms.size });
    for (const l of this.#listeners) l.onEnded?.(roomId, reason);
  }
}
