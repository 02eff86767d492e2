import type { RoomEvent, Snapshot } from '../protocol/socket.ts';
import { reduce } from '../room/reduce.ts';
import type { RoomState } from '../room/state.ts';

/** What a replica needs from its connection to the server: a way to ask for the whole state. */
export interface ReplicaLink {
  /** Asks the server for a snapshot; resolves with it, or null when none came (offline, timed out). */
  requestSnapshot(): Promise<Snapshot | null>;
}

/** The room as this device holds it, and which member this device is. */
export interface ReplicaView {
  state: RoomState;
  you: string;
}

/** Told after every change: the view now, and the view before (null on the first snapshot). */
export type ReplicaListener = (after: ReplicaView, before: ReplicaView | null) => void;

/**
 * One device's copy of a room [RC3]. It starts from a snapshot, then applies each accepted command
 * the server broadcasts with the same reducer the server ran, so every device computes the same
 * state from tiny messages. Events that arrive ahead of a missing one wait in a buffer; a gap, or
 * an event the reducer would not replay, makes it ask for a snapshot, after which the buffered
 * events that are newer still apply. It knows nothing of sockets: the link is all it talks to.
 */
export class RoomReplica {
  #view: ReplicaView | null = null;
  /** Events newer than the next expected version, by version. */
  readonly #ahead = new Map<number, RoomEvent>();
  #syncing = false;
  /** An event arrived while a snapshot was on its way: if none comes, the buffer is looked at again. */
  #arrivedWhileSyncing = false;
  #resyncs = 0;

  constructor(
    private readonly link: ReplicaLink,
    private readonly onChange: ReplicaListener = () => {},
  ) {}

  get view(): ReplicaView | null {
    return this.#view;
  }

  /** How many snapshots this replica has asked for since it started. */
  get resyncs(): number {
    return this.#resyncs;
  }

  /** The whole state, on joining, on reconnecting and in answer to a resync. An older one is ignored. */
  applySnapshot(snapshot: Snapshot): void {
    const before = this.#view;
    if (before && snapshot.state.version < before.state.version) return;
    this.#view = { state: snapshot.state, you: snapshot.you };
    this.#drain();
    this.#changed(before);
  }

  /**
   * Forgets the room as this device held it: the room moved to another process, whose snapshot is
   * the room now whatever its version. The next snapshot starts the replica again.
   */
  reset(): void {
    this.#view = null;
    this.#ahead.clear();
  }

  /** One accepted command, as the server broadcast it. */
  applyEvent(event: RoomEvent): void {
    const before = this.#view;
    if (before && event.version <= before.state.version) return;
    this.#ahead.set(event.version, event);
    if (this.#syncing) this.#arrivedWhileSyncing = true;
    if (!before || this.#syncing) return;
    this.#drain();
    this.#changed(before);
  }

  /**
   * Applies buffered events while they follow on. A gap left behind means an event was lost, and a
   * refused replay means this device's state is not the server's: either way only a snapshot mends it.
   */
  #drain(): void {
    const view = this.#view;
    if (!view) return;
    let state = view.state;
    let diverged = false;
    for (let next = this.#ahead.get(state.version + 1); next; next = this.#ahead.get(state.version + 1)) {
      this.#ahead.delete(next.version);
      const result = reduce(state, next.command, { actor: next.actor, now: next.at });
      if (!result.ok) {
        diverged = true;
        break;
      }
      state = result.state;
    }
    for (const version of this.#ahead.keys()) if (version <= state.version) this.#ahead.delete(version);
    this.#view = { state, you: view.you };
    if (diverged || this.#ahead.size > 0) void this.#resync();
  }

  async #resync(): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    this.#arrivedWhileSyncing = false;
    this.#resyncs += 1;
    let snapshot: Snapshot | null = null;
    try {
      snapshot = await this.link.requestSnapshot();
    } catch {
      snapshot = null;
    } finally {
      this.#syncing = false;
    }
    if (snapshot) {
      this.applySnapshot(snapshot);
      return;
    }
    // Without an answer the buffer waits: the next event or the snapshot of a reconnect retries.
    // An event that came while this one was on its way was that next event, and must not be lost
    // on a request that failed: it is looked at now (which asks again if a gap is still there).
    const before = this.#view;
    if (!this.#arrivedWhileSyncing || !before) return;
    this.#drain();
    this.#changed(before);
  }

  #changed(before: ReplicaView | null): void {
    const after = this.#view;
    if (after && after !== before && (before === null || after.state !== before.state)) this.onChange(after, before);
  }
}
