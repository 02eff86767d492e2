import type { Clock } from './clock.ts';
import type { Logger } from './log.ts';
import type { RefusalKind } from './refusalKind.ts';

const SUMMARY_EVERY_MS = 60_000;

/**
 * Refusals counted by kind and logged as one summary line per minute, never one line each, so a
 * flood of bad messages cannot become a flood of log lines [PR1]. Nothing but kinds and counts.
 */
export class RefusalTally {
  #counts = new Map<RefusalKind, number>();
  #cancel: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  count(kind: RefusalKind): void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
    this.#cancel ??= this.clock.schedule(() => this.flush(), SUMMARY_EVERY_MS);
  }

  /** Logs what was counted since the last summary, if anything. */
  flush(): void {
    this.#cancel?.();
    this.#cancel = null;
    if (this.#counts.size === 0) return;
    this.logger.log('refusals', Object.fromEntries(this.#counts));
    this.#counts = new Map();
  }
}
