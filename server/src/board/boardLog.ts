import type { RelayedFrame } from '../../../shared/src/protocol/boardRelay.ts';
import type { BoardLimits } from './limits.ts';

type LogLimits = Pick<BoardLimits, 'tailSnapshotFrames' | 'tailSnapshotBytes' | 'tailMaxFrames' | 'tailMaxBytes'>;

/**
 * One epoch's board as the server holds it, all ciphertext: the latest snapshot (its parts) and
 * the updates after it (the tail), each at its relay position. A late device gets both. The tail
 * grows until a writer's snapshot covers it; past a soft bound a snapshot is asked for, at a hard
 * bound updates are refused until one comes [BD4, RC5].
 */
export class BoardLog {
  /** The relay position of the last update: 1, 2, 3… per epoch. */
  pos = 0;
  #snapshot: RelayedFrame[] = [];
  #covers = 0;
  /** Each update with the stream it came on: a snapshot holds everything its own stream sent before it. */
  #tail: { relayed: RelayedFrame; stream: string }[] = [];
  #tailBytes = 0;

  constructor(private readonly limits: LogLimits) {}

  get snapshot(): readonly RelayedFrame[] {
    return this.#snapshot;
  }

  /** What the current snapshot covers: the position of the last update it holds (0: none). */
  get covers(): number {
    return this.#covers;
  }

  get tail(): RelayedFrame[] {
    return this.#tail.map((entry) => entry.relayed);
  }

  get tailLength(): number {
    return this.#tail.length;
  }

  /** Whether the tail has grown enough that writers should send a snapshot. */
  get wantsSnapshot(): boolean {
    return this.#tail.length > this.limits.tailSnapshotFrames || this.#tailBytes > this.limits.tailSnapshotBytes;
  }

  /** Whether an update of `bytes` fits in the tail's hard bound. */
  fits(bytes: number): boolean {
    return this.#tail.length < this.limits.tailMaxFrames && this.#tailBytes + bytes <= this.limits.tailMaxBytes;
  }

  /** Appends an update from `stream` at the next position; returns it as relayed. */
  append(from: string, stream: string, frame: Uint8Array): RelayedFrame {
    this.pos += 1;
    const relayed = { from, pos: this.pos, frame };
    this.#tail.push({ relayed, stream });
    this.#tailBytes += frame.length;
    return relayed;
  }

  /**
   * A snapshot sent on `stream`, covering positions up to `covers` (the last update its writer had
   * from others), replaces the one held; the tail it covers goes: updates up to `covers`, and every
   * update its own stream sent before it (the writer's device never learns their positions).
   * Returns false, changing nothing, for one older than the snapshot held.
   */
  replaceSnapshot(from: string, stream: string, covers: number, parts: readonly Uint8Array[]): boolean {
    if (covers < this.#covers) return false;
    this.#snapshot = parts.map((frame) => ({ from, pos: covers, frame }));
    this.#covers = covers;
    const kept = this.#tail.filter((entry) => entry.relayed.pos > covers && entry.stream !== stream);
    this.#tail = kept;
    this.#tailBytes = kept.reduce((sum, entry) => sum + entry.relayed.frame.length, 0);
    return true;
  }

  /** A new epoch: nothing of the old one stays. */
  clear(): void {
    this.pos = 0;
    this.#snapshot = [];
    this.#covers = 0;
    this.#tail = [];
    this.#tailBytes = 0;
  }
}
