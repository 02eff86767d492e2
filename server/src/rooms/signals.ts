import type { Signals } from '../../../shared/src/protocol/socket.ts';

const none: Signals = { space: false, talkAfter: false };

/**
 * Members' private signals to the facilitator ("I need space today", "I'd like to talk after"),
 * kept by the room host beside the replicated state and never in it, for the room's life [PS1].
 */
export class PrivateSignals {
  readonly #byMember = new Map<string, Signals>();

  of(memberId: string): Signals {
    return this.#byMember.get(memberId) ?? none;
  }

  /** Sets one signal; false when it already was so. */
  set(memberId: string, signal: keyof Signals, on: boolean): boolean {
    const was = this.of(memberId);
    if (was[signal] === on) return false;
    const now = { ...was, [signal]: on };
    if (now.space || now.talkAfter) this.#byMember.set(memberId, now);
    else this.#byMember.delete(memberId);
    return true;
  }

  /** Every member with a signal on, in the order given (the room's join order). */
  on(memberIds: readonly string[]): ({ memberId: string } & Signals)[] {
    return memberIds.flatMap((memberId) => {
      const signals = this.#byMember.get(memberId);
      return signals ? [{ memberId, ...signals }] : [];
    });
  }

  forget(memberId: string): void {
    this.#byMember.delete(memberId);
  }

  clear(): void {
    this.#byMember.clear();
  }
}
