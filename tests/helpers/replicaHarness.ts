import { type MemberLink, type MemberMessage, RoomHost } from '../../server/src/rooms/host.ts';
import type { ClientCommand } from '../../shared/src/protocol/commands.ts';
import { defaultDoorLimits } from '../../server/src/rooms/doorBudget.ts';
import type { RoomEvent, Snapshot } from '../../shared/src/protocol/socket.ts';
import { findTemplate } from '../../shared/src/room/templates.ts';
import { RoomReplica } from '../../shared/src/sync/replica.ts';
import { ManualClock } from './manualClock.ts';
import { rosterKeys } from './deviceKeys.ts';

/** What is in flight to a device, in the order the server sent it. */
type Inbound =
  | { kind: 'event'; event: RoomEvent }
  | { kind: 'snapshot'; snapshot: Snapshot }
  | { kind: 'reply'; snapshot: Snapshot; resolve: (snapshot: Snapshot | null) => void };

/**
 * One member's device: the shared replica behind an in-memory link. Nothing arrives until the test
 * delivers it; the test can drop or reorder what is in flight, or cut the device off and bring it
 * back (a reconnect brings a fresh snapshot, as the server's does).
 */
export class TestDevice implements MemberLink {
  readonly replica: RoomReplica;
  inbox: Inbound[] = [];
  online = true;

  constructor(
    readonly memberId: string,
    private readonly host: RoomHost,
  ) {
    this.replica = new RoomReplica({
      requestSnapshot: () =>
        new Promise((resolve) => {
          if (!this.online) return resolve(null);
          this.inbox.push({ kind: 'reply', snapshot: host.snapshotFor(memberId), resolve });
        }),
    });
  }

  get state() {
    return this.replica.view?.state ?? null;
  }

  /** What the host sends this device alone: its snapshot on connecting (private views are not replayed here). */
  send(message: MemberMessage): void {
    if (message.kind === 'snapshot') this.inbox.push({ kind: 'snapshot', snapshot: message.snapshot });
  }

  close(): void {
    this.online = false;
    this.inbox = [];
  }

  /** Delivers the next `count` messages in flight (all of them by default), letting replies settle. */
  async deliver(count = Number.POSITIVE_INFINITY): Promise<void> {
    for (let i = 0; i < count; i++) {
      const message = this.inbox.shift();
      if (!message) return;
      if (message.kind === 'event') this.replica.applyEvent(message.event);
      else if (message.kind === 'snapshot') this.replica.applySnapshot(message.snapshot);
      else message.resolve(message.snapshot);
      // A resolved reply continues the replica's resync in a microtask.
      await Promise.resolve();
      await Promise.resolve();
    }
  }

  /**
   * Loses the next message in flight; a lost reply leaves the replica without its snapshot. The
   * snapshot a connection opens with cannot be lost on its own: losing it is losing the connection.
   */
  drop(): void {
    if (this.inbox[0]?.kind === 'snapshot') {
      this.disconnect();
      return;
    }
    const message = this.inbox.shift();
    if (message?.kind === 'reply') message.resolve(null);
  }

  /** Swaps the next two messages in flight. */
  swap(): void {
    const [a, b] = this.inbox;
    if (a && b) this.inbox.splice(0, 2, b, a);
  }

  disconnect(): void {
    if (!this.online) return;
    this.online = false;
    for (const message of this.inbox) if (message.kind === 'reply') message.resolve(null);
    this.inbox = [];
    this.host.detach(this.memberId, this);
  }

  reconnect(): void {
    if (this.online) return;
    this.online = true;
    this.host.attach(this.memberId, this);
  }
}

const noKnocks = {
  admitted() {
    throw new Error('this room takes people without a knock');
  },
  declined() {},
};

/**
 * The server's real room host and several devices joined to it by in-memory links, in the manner
 * of tldraw's TestSocketPair: deterministic, no sockets, no sleeps.
 */
export class ReplicaHarness {
  readonly clock = new ManualClock();
  readonly host: RoomHost;
  readonly devices: TestDevice[] = [];
  #requests = 0;

  constructor(names: readonly string[], template: 'weekly-45' | 'biweekly-60' = 'biweekly-60') {
    const { phases } = findTemplate(template);
    const options = {
      clock: this.clock,
      emptyGraceMs: 1e12,
      unclaimedGraceMs: 1e12,
      knockTtlMs: 1e12,
      commandBurst: 1e9,
      commandsPerSecond: 1e9,
      door: defaultDoorLimits,
      linksPerMember: 4,
    };
    const settings = {
      purpose: 'p',
      tokensPerMember: 3,
      capacity: 12,
      admission: 'open' as const,
      meeting: 'later' as const,
      resources: [],
      agenda: phases,
    };
    this.host = new RoomHost({ kind: 'new', settings }, options, {
      onEvent: (event) => {
        for (const device of this.devices) if (device.online) device.inbox.push({ kind: 'event', event });
      },
      onEnded: () => {},
    });
    names.forEach((name, index) => {
      const joined = this.host.join(
        name,
        index === 0 ? this.host.creatorSecret : undefined,
        undefined,
        rosterKeys(name),
        noKnocks,
        'test-address',
      );
      if (!joined.ok || joined.kind !== 'member') throw new Error('join refused');
      const device = new TestDevice(joined.memberId, this.host);
      this.host.attach(joined.memberId, device);
      this.devices.push(device);
    });
  }

  device(index: number): TestDevice {
    const device = this.devices[index];
    if (!device) throw new Error(`no device ${index}`);
    return device;
  }

  /** A member's command, as their socket would send it; refusals are normal. */
  command(index: number, command: ClientCommand) {
    return this.host.command(this.device(index).memberId, command, `request-${++this.#requests}`);
  }

  /** Delivers everything in flight to every device, until nothing is left (resyncs included). */
  async settle(): Promise<void> {
    while (this.devices.some((d) => d.inbox.length > 0)) {
      for (const device of this.devices) await device.deliver();
    }
  }
}
