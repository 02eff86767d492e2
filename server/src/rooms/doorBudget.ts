import { type Refusal, refuse } from '../../../shared/src/room/refusal.ts';
import type { Clock } from '../clock.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';

/** What one address may do at one room's door [RM6, RC5]. */
export interface DoorLimits {
  /** Knocks one address may have waiting at once. */
  knocksPerAddress: number;
  /** Knocks one address may make: a burst, then this many a minute. */
  knockBurst: number;
  knocksPerMinute: number;
  /** After the facilitator declines a knock, its address waits this long to knock again. */
  declineCooldownMs: number;
}

export const defaultDoorLimits: DoorLimits = {
  knocksPerAddress: 4,
  knockBurst: 8,
  knocksPerMinute: 4,
  declineCooldownMs: 60_000,
};

interface AtTheDoor {
  waiting: number;
  knocks: TokenBucket;
  coolUntil: number;
}

/** Addresses kept before the idle ones are swept out; each entry is a few numbers. */
const SWEEP_ABOVE = 256;

/**
 * One room's door, budgeted by address: so that twelve sockets from one address cannot fill the
 * waiting list, a declined script cannot knock again at once, and knock churn cannot become the
 * work that slows every room. Addresses are budget keys in memory only, for the room's life, and
 * an address is forgotten as soon as its budget is whole again; none is ever logged.
 */
export class DoorBudget {
  readonly #addresses = new Map<string, AtTheDoor>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: DoorLimits,
  ) {}

  /** Why `address` may not knock now, or null; a null answer has taken one knock from its budget. */
  knock(address: string): Refusal | null {
    const door = this.#at(address);
    if (door.coolUntil > this.clock.now()) return refuse('declinedRecently');
    if (door.waiting >= this.limits.knocksPerAddress) return refuse('neighboursWaiting');
    if (!door.knocks.take()) return refuse('tooManyKnocks');
    door.waiting += 1;
    return null;
  }

  /** A knock from `address` is no longer waiting: let in, withdrawn or lapsed. */
  left(address: string): void {
    const door = this.#addresses.get(address);
    if (door) door.waiting = Math.max(0, door.waiting - 1);
  }

  /** The facilitator declined a knock from `address`: it waits before knocking again. */
  declined(address: string): void {
    this.left(address);
    this.#at(address).coolUntil = this.clock.now() + this.limits.declineCooldownMs;
  }

  clear(): void {
    this.#addresses.clear();
  }

  #at(address: string): AtTheDoor {
    let door = this.#addresses.get(address);
    if (door) return door;
    if (this.#addresses.size >= SWEEP_ABOVE) this.#sweep();
    const perSecond = this.limits.knocksPerMinute / 60;
    door = { waiting: 0, knocks: new TokenBucket(this.clock, this.limits.knockBurst, perSecond), coolUntil: 0 };
    this.#addresses.set(address, door);
    return door;
  }

  #sweep(): void {
    const now = this.clock.now();
    for (const [address, door] of this.#addresses) {
      if (door.waiting === 0 && door.coolUntil <= now && door.knocks.full) this.#addresses.delete(address);
    }
  }
}
