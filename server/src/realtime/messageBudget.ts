import type { Clock } from '../clock.ts';

/** A connection that keeps sending this many messages past its budget after being told is let go. */
const OVERRUNS_BEFORE_DROP = 50;

/**
 * One connection's message budget: a burst of 100, then 20 a second [RC5]. A person clicking
 * never meets it; a script does, is refused, and if it carries on regardless, `onFlood` lets it
 * go, so that refusing it cannot itself become the work that slows every room. The token bucket
 * of limits/tokenBucket.ts, as one small object per connection rather than closures.
 */
export class MessageBudget {
  #tokens: number;
  #last: number;
  #overruns = 0;

  constructor(
    private readonly clock: Clock,
    private readonly owner: { flooded(): void },
    private readonly burst = 100,
    private readonly perSecond = 20,
  ) {
    this.#tokens = burst;
    this.#last = clock.now();
  }

  /** Takes one message from the budget; false when the connection is over it. */
  take(): boolean {
    const now = this.clock.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#overruns = 0;
      return true;
    }
    if (++this.#overruns === OVERRUNS_BEFORE_DROP) this.owner.flooded();
    return false;
  }
}
