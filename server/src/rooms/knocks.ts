import type { MemberKeys } from '../../../shared/src/protocol/memberKeys.ts';
import type { KnockView } from '../../../shared/src/protocol/socket.ts';

/** What the socket of someone knocking hears when their knock is decided [RM6]. */
export interface KnockWaiter {
  admitted(memberId: string, secret: string): void;
  /** Declined by the facilitator, or lapsed after waiting too long. */
  declined(reason: 'declined' | 'lapsed'): void;
}

/** One person waiting at the door: known to the host and the facilitator's devices only. */
export interface Knock {
  id: string;
  /** As shown, numbered if it looks like a name already here or waiting [RM4]. */
  name: string;
  /** As typed (cleaned), to tell the facilitator whom it looks like. */
  typed: string;
  at: number;
  joinId: string | undefined;
  /** The keys the knocking device proved; the roster's once let in. */
  keys: MemberKeys;
  /** The budget key of the address it came from; never logged. */
  address: string;
  waiter: KnockWaiter;
  cancelLapse: () => void;
}

/**
 * The people waiting at a room's door, oldest first, with who to tell when each is decided. They
 * live here, beside the replicated room state and never in it, so a name that is declined has
 * reached the facilitator's devices and no others [RM6].
 */
export class Knocks {
  readonly #waiting = new Map<string, Knock>();

  get size(): number {
    return this.#waiting.size;
  }

  get(knockId: string): Knock | undefined {
    return this.#waiting.get(knockId);
  }

  all(): Knock[] {
    return [...this.#waiting.values()];
  }

  names(): string[] {
    return this.all().map((k) => k.name);
  }

  add(knock: Knock): void {
    this.#waiting.set(knock.id, knock);
  }

  /** The knock a retried join (its reply lost, or sent from a second device) already made; `waiter` now hears its answer. */
  rejoin(joinId: string, waiter: KnockWaiter): string | null {
    for (const knock of this.#waiting.values()) {
      if (knock.joinId !== joinId) continue;
      knock.waiter = waiter;
      return knock.id;
    }
    return null;
  }

  /** Whether `waiter` is the one who hears this knock's answer: a socket that was replaced must not withdraw it. */
  heardBy(knockId: string, waiter: KnockWaiter): boolean {
    return this.#waiting.get(knockId)?.waiter === waiter;
  }

  /** Stops waiting on a knock and returns it. */
  take(knockId: string): Knock | null {
    const knock = this.#waiting.get(knockId);
    if (!knock) return null;
    this.#waiting.delete(knockId);
    knock.cancelLapse();
    return knock;
  }

  clear(): void {
    for (const { cancelLapse } of this.#waiting.values()) cancelLapse();
    this.#waiting.clear();
  }
}

/** A knock as the facilitator's devices see it; `resembles` names a member its name looks like. */
export function knockView(knock: Knock, resembles: string | null): KnockView {
  return { id: knock.id, name: knock.name, at: knock.at, resembles };
}
