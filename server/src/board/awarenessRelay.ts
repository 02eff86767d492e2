import type { Clock } from '../clock.ts';

/**
 * A room's awareness fan-out, coalesced: each client's latest entry waits here, and at most once
 * every `everyMs` every peer is sent, in one frame, the entries that changed since the last frame
 * except its own. A device that announces itself fifty times a second costs the room one frame per
 * interval, not fifty times the room's size, and nobody is sent their own state back [BD3, RC5].
 * Entries are opaque bytes: the relay does not care whether they are y-protocols' awareness
 * entries or, later, ciphertext.
 */
export class AwarenessRelay<Peer> {
  /** Client key -> the peer that sent its latest entry (null: the server, e.g. a removal) and the entry. */
  readonly #pending = new Map<number, { from: Peer | null; entry: Uint8Array }>();
  #cancelFlush: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly everyMs: number,
    private readonly peers: () => Iterable<Peer>,
    /** Sends one frame of entries to a peer; an empty list still tells it the room is alive. */
    private readonly send: (peer: Peer, entries: readonly Uint8Array[]) => void,
  ) {}

  /** Client `key`'s newest entry, from `from`; replaces any entry of the same client still waiting. */
  put(key: number, from: Peer | null, entry: Uint8Array): void {
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
      const entries: Uint8Array[] = [];
      for (const { from, entry } of pending) if (from !== peer) entries.push(entry);
      this.send(peer, entries);
    }
  }

  /** Forgets a peer's waiting entries' sender, so nothing keeps a closed connection alive. */
  forgetPeer(peer: Peer): void {
    for (const waiting of this.#pending.values()) if (waiting.from === peer) waiting.from = null;
  }

  destroy(): void {
    this.#cancelFlush?.();
    this.#cancelFlush = null;
    this.#pending.clear();
  }
}
