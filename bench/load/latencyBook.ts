import type { Member, RoomEventSeen } from './drivers.ts';

/** The commands whose delivery the benchmark times: a member raising and lowering a hand. */
export const timedCommands = new Set(['hand:raise', 'hand:lower']);

/**
 * Delivery latency of every timed command, from the moment its sender sent it to the moment each
 * member of the room (the sender included) received it. All of a room's members live in one
 * load-generator process, so one monotonic clock times both ends. Each member's commands arrive
 * everywhere in the order they were sent, so the k-th event from a sender is its k-th command.
 */
export class LatencyBook {
  /** Commands sent in this window (monotonic ms) are timed; null: none. */
  window: { from: number; to: number } | null = null;
  readonly #sentAt = new Map<string, number[]>();
  readonly #seen = new Map<Member, Map<string, number>>();
  #samples: number[] = [];
  delivered = 0;

  sent(member: Member): void {
    let times = this.#sentAt.get(member.id);
    if (!times) {
      times = [];
      this.#sentAt.set(member.id, times);
    }
    times.push(performance.now());
  }

  received(member: Member, event: RoomEventSeen): void {
    if (event.actor === null || !timedCommands.has(event.command.type)) return;
    const now = performance.now();
    let seen = this.#seen.get(member);
    if (!seen) {
      seen = new Map();
      this.#seen.set(member, seen);
    }
    const index = seen.get(event.actor) ?? 0;
    seen.set(event.actor, index + 1);
    const sentAt = this.#sentAt.get(event.actor)?.[index];
    this.delivered += 1;
    const window = this.window;
    if (window && sentAt !== undefined && sentAt >= window.from && sentAt < window.to) this.#samples.push(now - sentAt);
  }

  /** The samples recorded since the last call. */
  take(): number[] {
    const samples = this.#samples;
    this.#samples = [];
    return samples;
  }
}
