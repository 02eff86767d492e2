/** What the socket of someone knocking hears when their knock is decided [RM6]. */
export interface KnockWaiter {
  admitted(memberId: string, secret: string): void;
  /** Declined by the facilitator, or lapsed after waiting too long. */
  declined(reason: 'declined' | 'lapsed'): void;
}

interface Waiting {
  waiter: KnockWaiter;
  joinId: string | undefined;
  cancelLapse: () => void;
}

/** The knocks a room is waiting on: who to tell when each is decided, and its lapse timer. */
export class KnockWaiters {
  readonly #waiting = new Map<string, Waiting>();

  add(knockId: string, joinId: string | undefined, waiter: KnockWaiter, cancelLapse: () => void): void {
    this.#waiting.set(knockId, { waiter, joinId, cancelLapse });
  }

  /** The knock a retried join (its reply lost) already made; its socket is now `waiter`. */
  rejoin(joinId: string, waiter: KnockWaiter): string | null {
    for (const [knockId, waiting] of this.#waiting) {
      if (waiting.joinId !== joinId) continue;
      waiting.waiter = waiter;
      return knockId;
    }
    return null;
  }

  /** Stops waiting on a knock and returns who was waiting, with the join id they came with. */
  take(knockId: string): { waiter: KnockWaiter; joinId: string | undefined } | null {
    const waiting = this.#waiting.get(knockId);
    if (!waiting) return null;
    this.#waiting.delete(knockId);
    waiting.cancelLapse();
    return waiting;
  }

  clear(): void {
    for (const { cancelLapse } of this.#waiting.values()) cancelLapse();
    this.#waiting.clear();
  }
}
