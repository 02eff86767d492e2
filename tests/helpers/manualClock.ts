import type { Clock } from '../../server/src/clock.ts';

/** A clock that moves only when a test says so; scheduled work runs in time order as it passes. */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #pending: { at: number; seq: number; run: () => void }[] = [];

  /**
   * `firesEarlyByMs` makes scheduled work run that much before its time, as Node's timers
   * sometimes do, so tests can prove the server does not depend on punctual timers.
   */
  constructor(
    start = Date.UTC(2026, 10, 25, 9, 0, 0),
    private readonly firesEarlyByMs = 0,
  ) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(run: () => void, delayMs: number): () => void {
    // Early, but never earlier than a millisecond from now: time moves on between two firings.
    const delay = Math.max(Math.min(delayMs, 1), delayMs - this.firesEarlyByMs);
    const entry = { at: this.#now + Math.max(0, delay), seq: this.#seq++, run };
    this.#pending.push(entry);
    return () => {
      this.#pending = this.#pending.filter((e) => e !== entry);
    };
  }

  /** Moves time forward by `ms`, running every scheduled task that falls due, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#pending.filter((e) => e.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((e) => e !== due);
      this.#now = Math.max(this.#now, due.at);
      due.run();
    }
    this.#now = target;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }
}
