/**
 * Each member's frame streams and the sequence number each expects next. A stream (one device
 * connection's) starts at 0 and counts up by one for every frame of any kind, so a frame replayed,
 * dropped or reordered shows [BD4]. A member keeps at most `perMember` streams; a new one beyond
 * forgets their oldest. Everything is forgotten on a rekey.
 */
export class StreamSequences {
  /** Member id -> stream key -> the seq expected next; oldest stream first. */
  readonly #next = new Map<string, Map<string, number>>();

  constructor(private readonly perMember: number) {}

  /** Whether `seq` is the one `memberId`'s stream `stream` may send now; if so, it moves on. */
  advance(memberId: string, stream: string, seq: number): boolean {
    let streams = this.#next.get(memberId);
    const expected = streams?.get(stream) ?? 0;
    if (seq !== expected) return false;
    if (!streams) {
      streams = new Map();
      this.#next.set(memberId, streams);
    }
    if (!streams.has(stream) && streams.size >= this.perMember) {
      const oldest = streams.keys().next().value;
      if (oldest !== undefined) streams.delete(oldest);
    }
    streams.set(stream, seq + 1);
    return true;
  }

  /** Whether `memberId` still has `stream` (an evicted stream's leftovers go with it). */
  has(memberId: string, stream: string): boolean {
    return this.#next.get(memberId)?.has(stream) ?? false;
  }

  forget(memberId: string): void {
    this.#next.delete(memberId);
  }

  clear(): void {
    this.#next.clear();
  }
}
