import type { RoomSet } from './roomSet.ts';

export interface TrafficResult {
  /** Commands sent inside the measured window. */
  sent: number;
  /** Delivery latencies (ms) of the commands sent inside the window. */
  latencies: number[];
  acksOk: number;
  refused: Record<string, number>;
  /** Achieved commands per second inside the window. */
  rate: number;
}

/**
 * Open-loop traffic over a RoomSet: commands go out at a fixed rate whatever the server's pace,
 * spread evenly over rooms and over each room's members, each member raising then lowering a
 * hand. Latency is timed for commands sent inside the window between `mark()` and `stop()`.
 */
export class Traffic {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #sent = 0;
  #sentInWindow = 0;
  #room = 0;
  readonly #cursor = new Map<string, number>();
  #windowStart = 0;

  constructor(private readonly set: RoomSet) {}

  start(commandsPerSecond: number): void {
    const started = performance.now();
    const tick = () => {
      const due = Math.floor(((performance.now() - started) / 1000) * commandsPerSecond) - this.#sent;
      for (let i = 0; i < due; i++) this.#sendNext();
      this.#timer = setTimeout(tick, 1);
    };
    tick();
  }

  /** From now on, commands are timed. */
  mark(): void {
    this.#windowStart = performance.now();
    this.#sentInWindow = 0;
    this.set.acksOk = 0;
    this.set.refused.clear();
    this.set.book.take();
    this.set.book.window = { from: this.#windowStart, to: Number.POSITIVE_INFINITY };
  }

  /** Stops sending, waits `drainMs` for the last deliveries, and returns the window's figures. */
  async stop(drainMs: number): Promise<TrafficResult> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const windowEnd = performance.now();
    const book = this.set.book;
    if (book.window) book.window = { from: book.window.from, to: windowEnd };
    await new Promise((resolve) => setTimeout(resolve, drainMs));
    book.window = null;
    return {
      sent: this.#sentInWindow,
      latencies: book.take(),
      acksOk: this.set.acksOk,
      refused: Object.fromEntries(this.set.refused),
      rate: this.#sentInWindow / ((windowEnd - this.#windowStart) / 1000),
    };
  }

  #sendNext(): void {
    const rooms = this.set.rooms;
    if (rooms.length === 0) return;
    const room = rooms[this.#room++ % rooms.length]!;
    const at = this.#cursor.get(room.roomId) ?? 0;
    this.#cursor.set(room.roomId, at + 1);
    const member = room.members[at % room.members.length]!;
    const up = this.set.handUp.get(member) ?? false;
    this.set.handUp.set(member, !up);
    this.set.book.sent(member);
    this.#sent += 1;
    if (this.set.book.window) this.#sentInWindow += 1;
    member.send({ type: up ? 'hand:lower' : 'hand:raise' });
  }
}
