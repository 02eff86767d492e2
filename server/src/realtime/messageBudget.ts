import type { Clock } from '../clock.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';

/** A connection that keeps sending this many messages past its budget after being told is let go. */
const OVERRUNS_BEFORE_DROP = 50;

/**
 * One connection's message budget: a burst, then a rate [RC5]. A person clicking never meets it;
 * a script does, is refused, and if it carries on regardless, `onFlood` lets it go, so that
 * refusing it cannot itself become the work that slows every room.
 */
export class MessageBudget {
  readonly #bucket: TokenBucket;
  #overruns = 0;

  constructor(
    clock: Clock,
    private readonly owner: { flooded(): void },
    burst: number,
    perSecond: number,
  ) {
    this.#bucket = new TokenBucket(clock, burst, perSecond);
  }

  /** Takes one message from the budget; false when the connection is over it. */
  take(): boolean {
    if (this.#bucket.take()) {
      this.#overruns = 0;
      return true;
    }
    if (++this.#overruns === OVERRUNS_BEFORE_DROP) this.owner.flooded();
    return false;
  }
}
