import type { Clock } from '../clock.ts';

/**
 * A token bucket: `burst` at once, refilled at `perSecond`. The one implementation behind every
 * budget the server keeps — a connection's messages, a member's commands, room creation per
 * address, knocks at a room's door — so that a person never comes near one and a script meets it
 * at once [RC5]. One small object, not a closure: a server holds tens of thousands of them.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly clock: Clock,
    readonly burst: number,
    readonly perSecond: number,
  ) {
    this.#tokens = burst;
    this.#last = clock.now();
  }

  /** Takes `count` tokens (one unless said); false, and nothing taken, when the bucket holds fewer. */
  take(count = 1): boolean {
    this.#refill();
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }

  /** Whether the bucket has refilled completely, so that forgetting it changes nothing. */
  get full(): boolean {
    this.#refill();
    return this.#tokens >= this.burst;
  }

  #refill(): void {
    const now = this.clock.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
  }
}
