import type { Clock } from '../clock.ts';

/**
 * Token buckets keyed by client address, for room creation: a person makes a room or two, a
 * script making thousands to exhaust the server's room limit is refused. Addresses live only in
 * memory and only while their bucket is not full; they are never logged.
 */
export class AddressLimiter {
  readonly #buckets = new Map<string, { tokens: number; last: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly burst: number,
    private readonly perMinute: number,
  ) {}

  allow(address: string): boolean {
    const now = this.clock.now();
    if (this.#buckets.size > 10_000) this.#forgetFull(now);
    const bucket = this.#buckets.get(address) ?? { tokens: this.burst, last: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.last) / 60_000) * this.perMinute);
    bucket.last = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.set(address, bucket);
    return allowed;
  }

  #forgetFull(now: number): void {
    for (const [address, b] of this.#buckets) {
      if (b.tokens + ((now - b.last) / 60_000) * this.perMinute >= this.burst) this.#buckets.delete(address);
    }
  }
}
