import { measureOffset, type ClockEstimate, type Ping } from '../../../shared/src/clock.ts';

const REFRESH_MS = 5 * 60_000;

/**
 * Keeps an estimate of the server clock fresh: on demand (every (re)connect), when the tab
 * becomes visible again, and every five minutes. No per-second traffic.
 */
export class ClockSync {
  #running = false;
  #pending = false;
  #interval: ReturnType<typeof setInterval> | null = null;
  readonly #onVisible = () => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  constructor(
    private readonly ping: Ping,
    private readonly onEstimate: (estimate: ClockEstimate) => void,
  ) {}

  start(): void {
    if (this.#interval !== null) return;
    this.#interval = setInterval(() => void this.refresh(), REFRESH_MS);
    document.addEventListener('visibilitychange', this.#onVisible);
  }

  stop(): void {
    if (this.#interval !== null) clearInterval(this.#interval);
    this.#interval = null;
    document.removeEventListener('visibilitychange', this.#onVisible);
  }

  /** Measures now; a request made while measuring runs once more afterwards. */
  async refresh(): Promise<void> {
    if (this.#running) {
      this.#pending = true;
      return;
    }
    this.#running = true;
    try {
      do {
        this.#pending = false;
        const estimate = await measureOffset(this.ping);
        if (estimate) this.onEstimate(estimate);
      } while (this.#pending);
    } finally {
      this.#running = false;
    }
  }
}
