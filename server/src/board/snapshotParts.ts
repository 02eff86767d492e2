/** Why a snapshot part was not taken. */
export type PartRefusal = 'malformed' | 'tooLarge';

interface Collecting<Owner> {
  owner: Owner;
  covers: number;
  parts: Uint8Array[];
}

/**
 * Snapshots arriving in parts: each stream's parts so far, until its final part completes them.
 * Parts of one snapshot come from one stream at consecutive sequence numbers (the stream's own
 * check sees to that) with the same `covers`; anything else on that stream in between, or a part
 * with another `covers`, is malformed; more than `maxParts` is too large.
 */
export class SnapshotParts<Owner> {
  readonly #collecting = new Map<string, Collecting<Owner>>();

  constructor(private readonly maxParts: number) {}

  /**
   * A part with more to follow; null when taken. One socket collects one snapshot at a time: a
   * part on a fresh stream drops what the socket collected on another, so fresh streams cannot
   * pile up parts the relay keeps (at most `maxParts` frames a socket).
   */
  part(stream: string, owner: Owner, covers: number, frame: Uint8Array): PartRefusal | null {
    const collecting = this.#collecting.get(stream);
    if (!collecting) {
      this.dropOwner(owner);
      this.#collecting.set(stream, { owner, covers, parts: [frame] });
      return null;
    }
    if (collecting.covers !== covers) return this.#drop(stream, 'malformed');
    if (collecting.parts.length + 1 >= this.maxParts) return this.#drop(stream, 'tooLarge');
    collecting.parts.push(frame);
    return null;
  }

  /** The final part: the whole snapshot's parts in order, or why not. */
  final(stream: string, covers: number, frame: Uint8Array): Uint8Array[] | PartRefusal {
    const collecting = this.#collecting.get(stream);
    this.#collecting.delete(stream);
    if (!collecting) return [frame];
    if (collecting.covers !== covers) return 'malformed';
    return [...collecting.parts, frame];
  }

  /** Whether a snapshot is under way on `stream`: any other frame on it now is out of place. */
  collecting(stream: string): boolean {
    return this.#collecting.has(stream);
  }

  /** Drops what `stream` collected. */
  drop(stream: string): void {
    this.#collecting.delete(stream);
  }

  /** Drops what `owner`'s streams collected (its socket left the board). */
  dropOwner(owner: Owner): void {
    for (const [stream, collecting] of this.#collecting)
      if (collecting.owner === owner) this.#collecting.delete(stream);
  }

  clear(): void {
    this.#collecting.clear();
  }

  #drop(stream: string, refusal: PartRefusal): PartRefusal {
    this.#collecting.delete(stream);
    return refusal;
  }
}
