import type { Clock } from '../clock.ts';
import { TokenBucket } from './tokenBucket.ts';

/** Addresses kept before those whose budget is whole again are swept out. */
const SWEEP_ABOVE = 10_000;

/**
 * Token buckets keyed by client address: room creation, and connections opened. A person makes a
 * room or two and opens a few sockets; a script making thousands of rooms to exhaust the server's
 * limit, or churning connections to make knocks cost everyone, is refused [RC5]. Addresses live
 * only in memory and only while their bucket is not full; they are never logged.
 */
export class AddressLimiter {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: Clock,
    private readonly burst: number,
    private readonly perMinute: number,
  ) {}

  allow(address: string): boolean {
    let bucket = this.#buckets.get(address);
    if (!bucket) {
      if (this.#buckets.size >= SWEEP_ABOVE) this.#sweep();
      bucket = new TokenBucket(this.clock, this.burst, this.perMinute / 60);
      this.#buckets.set(address, bucket);
    }
    return bucket.take();
  }

  #sweep(): void {
    for (const [address, bucket] of this.#buckets) if (bucket.full) this.#buckets.delete(address);
  }
}
