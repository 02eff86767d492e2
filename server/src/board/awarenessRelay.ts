import type { Clock } from '../clock.ts';

/**
 * A room's awareness fan-out, coalesced: each stream's latest entry waits here, and at most once
 * every `everyMs` every peer is sent the entries that changed since the last flush except its own.
 * A device that announces itself fifty times a second costs the room one send per interval, not
 * fifty times the room's size, and nobody is sent their own state back [BD3, RC5]. Entries are
 * opaque: the relay never reads them (they are ciphertext).
 */
export class AwarenessRelay<Peer, Entry> {
  /** Stream key -> the peer that sent its latest entry (null: gone since) and the entry. */
  readonly #pending = new Map<string, { from: Peer | null; entry: Entry }>();
  #cancelFlush: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly everyMs: number,
    private readonly peers: () => Iterable<Peer>,
    /** Sends the entries waiting for a peer; never called with none. */
    private readonly send: (peer: Peer, entries: readonly Entry[]) => void,
  ) {}

  /** Stream `key`'s newest entry, from `from`; replaces any entry of the same stream still waiting. */
  put(key: string, from: Peer | null, entry: Entry): void {
    this.#pending.set(key, { from, entry });
    this.#cancelFlush ??= this.clock.schedule(() => this.flush(), this.everyMs);
  }

  /** Sends what is waiting now. */
  flush(): void {
    this.#cancelFlush?.();
    this.#cancelFlush = null;
    if (this.#pending.size === 0) return;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const peer of this.peers()) {
      const entries: Entry[] = [];
      for (const { from, entry } of pending) if (from !== peer) entries.push(entry);
      if (entries.length > 0) this.send(peer, entries);
    }
  }

  /** Forgets a waiting entry: its stream is gone (a removed member's). */
  drop(key: string): void {
    this.#pending.delete(key);
  }

  /** Forgets a peer's waiting entries' sender, so nothing keeps a closed connection alive. */
  forgetPeer(peer: Peer): void {
    for (const waiting of this.#pending.values()) if (waiting.from === peer) waiting.from = null;
  }

  /** A new epoch or the room's end: nothing waiting goes out. */
  clear(): void {
    this.#cancelFlush?.();
    this.#cancelFlush = null;
    this.#pending.clear();
  }
}
