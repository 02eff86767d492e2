import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ensureRow, rowsMap } from '../../../shared/src/board/model.ts';
import { BOARD_MAX_STRUCTS } from '../../../shared/src/board/rules.ts';
import { validateUpdate, type UpdateVerdict } from '../../../shared/src/board/validateUpdate.ts';
import { BoardClose, type BoardCloseCode } from '../../../shared/src/protocol/boardEndpoint.ts';
import type { Clock } from '../clock.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';
import { AwarenessOwners } from './awarenessOwners.ts';
import { AwarenessRelay } from './awarenessRelay.ts';
import { rebuildBoard } from './rebuildBoard.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

export interface BoardLimits {
  /** Largest single update a writer may send [BD4]. */
  maxUpdateBytes: number;
  /** Structs the document may hold: bounds its memory and the work of syncing it [BD4]. */
  maxStructs: number;
  maxAwarenessBytes: number;
  /** Awareness client ids one member may speak for (a device has one; a tab reloaded gets another). */
  maxClientIdsPerMember: number;
  /** Board connections one member may hold; a new one beyond lets the oldest go [RC5]. */
  connectionsPerMember: number;
  /** One connection's messages: a burst, then a rate; beyond it the connection closes (4429) [RC5]. */
  messageBurst: number;
  messagesPerSecond: number;
  /** A connection holding this much the server sent but it has not read is let go [RC5]. */
  slowConsumerBytes: number;
  /** Awareness updates one member may send, across their connections: a burst, then a rate [RC5]. */
  awarenessMemberBurst: number;
  awarenessMemberPerSecond: number;
  /** And the whole room together. Updates beyond either are dropped, never relayed. */
  awarenessRoomBurst: number;
  awarenessRoomPerSecond: number;
  /** Awareness goes out to the room at most once per this interval, the latest state per client [BD3]. */
  awarenessFlushMs: number;
}

export const defaultBoardLimits: BoardLimits = {
  maxUpdateBytes: 64 * 1024,
  maxStructs: BOARD_MAX_STRUCTS,
  maxAwarenessBytes: 4 * 1024,
  maxClientIdsPerMember: 8,
  connectionsPerMember: 4,
  messageBurst: 200,
  messagesPerSecond: 50,
  slowConsumerBytes: 1024 * 1024,
  awarenessMemberBurst: 20,
  awarenessMemberPerSecond: 5,
  awarenessRoomBurst: 60,
  awarenessRoomPerSecond: 20,
  awarenessFlushMs: 75,
};

export interface BoardRoomOptions {
  /** Decides whether a writer's update may touch the document [BD7]; a test may swap it out. */
  validate?: (doc: Y.Doc, update: Uint8Array) => UpdateVerdict;
  /** Makes a fresh document from one Yjs failed on [BD8]; a test may make it fail. */
  rebuild?: (broken: Y.Doc) => Y.Doc;
  /** Told when Yjs failed on an update: whether the board was rebuilt or is lost. Logged, no content. */
  onRecovered?: (outcome: 'rebuilt' | 'lost') => void;
}

/** The three things a board needs from a connection; the WebSocket glue supplies them. */
export interface BoardPeer {
  readonly memberId: string;
  send(message: Uint8Array): void;
  close(code: BoardCloseCode, reason: string): void;
}

/** What handling one message decided; `close` ends that connection only. */
export type MessageOutcome =
  | { kind: 'ok' }
  | { kind: 'dropped' }
  | { kind: 'close'; code: BoardCloseCode; reason: string };

const ok: MessageOutcome = { kind: 'ok' };
const dropped: MessageOutcome = { kind: 'dropped' };
const close = (code: BoardCloseCode, reason: string): MessageOutcome => ({ kind: 'close', code, reason });

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

interface PeerState {
  /** The awareness client ids this peer announced and has not withdrawn. */
  awarenessIds: Set<number>;
  /** Whether its sync step 2 (everything it had that the board lacked) has arrived. */
  synced: boolean;
}

/** Structs in the document's store. Yjs itself walks every client in each transaction, so this costs no more. */
function storedStructs(doc: Y.Doc): number {
  let count = 0;
  for (const structs of doc.store.clients.values()) count += structs.length;
  return count;
}

/**
 * One room's commitment board: a Y.Doc in memory, its awareness, and the peers connected to it.
 * It speaks the y-websocket protocol; only peers `canWrite` allows at the moment a message
 * arrives may change the document [BD4], and only with updates that keep the board's shape [BD7].
 */
export class BoardRoom {
  #doc: Y.Doc;
  #awareness: awarenessProtocol.Awareness;
  /** Set when the document could not be rebuilt: every connection is refused from then on [BD8]. */
  #lost = false;
  /** Oldest first: a member over their share of connections loses their oldest [RC5]. */
  readonly #peers = new Map<BoardPeer, PeerState>();
  /** Which member each awareness client id belongs to: nobody speaks for another's [BD3]. */
  readonly #owners: AwarenessOwners;
  readonly #awarenessRelay: AwarenessRelay<BoardPeer>;
  /** Each member's awareness budget, across their connections, and the room's [RC5]. */
  readonly #memberAwareness = new Map<string, TokenBucket>();
  readonly #roomAwareness: TokenBucket;
  /** Everyone's awareness, encoded; null once it changed. */
  #awarenessFrame: Uint8Array | null = null;
  readonly #clock: Clock;
  readonly limits: BoardLimits;
  readonly #validate: NonNullable<BoardRoomOptions['validate']>;
  readonly #rebuild: NonNullable<BoardRoomOptions['rebuild']>;
  readonly #onRecovered: NonNullable<BoardRoomOptions['onRecovered']>;

  constructor(
    private readonly canWrite: (memberId: string) => boolean,
    clock: Clock,
    limits: BoardLimits = defaultBoardLimits,
    { validate = validateUpdate, rebuild = rebuildBoard, onRecovered = () => {} }: BoardRoomOptions = {},
  ) {
    this.#clock = clock;
    this.limits = limits;
    this.#owners = new AwarenessOwners(limits.maxClientIdsPerMember);
    this.#awarenessRelay = new AwarenessRelay(
      clock,
      limits.awarenessFlushMs,
      () => this.#peers.keys(),
      (peer, entries) => peer.send(awarenessFrame(entries)),
    );
    this.#roomAwareness = new TokenBucket(clock, limits.awarenessRoomBurst, limits.awarenessRoomPerSecond);
    this.#validate = validate;
    this.#rebuild = rebuild;
    this.#onRecovered = onRecovered;
    this.#doc = new Y.Doc();
    this.#awareness = this.#attach(this.#doc);
  }

  /** The document as it is now: a rebuild replaces it [BD8]. */
  get doc(): Y.Doc {
    return this.#doc;
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  /**
   * A new peer: they get the document's state vector (sync step 1) and everyone's awareness. A
   * member already holding their share of connections loses the oldest, most likely a dead one [RC5].
   */
  open(peer: BoardPeer): void {
    if (this.#lost) {
      peer.close(BoardClose.lost, 'board lost');
      return;
    }
    const earlier = [...this.#peers.keys()].filter((p) => p.memberId === peer.memberId);
    for (const oldest of earlier.slice(0, Math.max(0, earlier.length - (this.limits.connectionsPerMember - 1)))) {
      this.leave(oldest);
      oldest.close(BoardClose.superseded, 'opened elsewhere');
    }
    this.#peers.set(peer, { awarenessIds: new Set(), synced: false });
    peer.send(frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.#doc)));
    if (this.#awareness.getStates().size > 0) peer.send(this.#everyonesAwareness());
  }

  /**
   * Everyone's awareness as one message, made once per change however often it is asked for: the
   * question "who is here?" costs the server a send, not the encoding of every device's state.
   */
  #everyonesAwareness(): Uint8Array {
    this.#awarenessFrame ??= frame(MESSAGE_AWARENESS, (e) =>
      encoding.writeVarUint8Array(
        e,
        awarenessProtocol.encodeAwarenessUpdate(this.#awareness, [...this.#awareness.getStates().keys()]),
      ),
    );
    return this.#awarenessFrame;
  }

  /** Handles one binary message; never throws. Read-only peers' writes are dropped, not applied or relayed. */
  handle(peer: BoardPeer, message: Uint8Array): MessageOutcome {
    if (!this.#peers.has(peer)) return dropped;
    if (message.length === 0) return close(BoardClose.malformed, 'empty message');
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC:
          return this.#sync(peer, this.#peers.get(peer) as PeerState, decoder);
        case MESSAGE_AWARENESS:
          return this.#awarenessUpdate(peer, decoding.readVarUint8Array(decoder));
        case MESSAGE_QUERY_AWARENESS:
          peer.send(this.#everyonesAwareness());
          return ok;
        case MESSAGE_AUTH:
          return dropped;
        default:
          return close(BoardClose.malformed, 'unknown message type');
      }
    } catch {
      return close(BoardClose.malformed, 'malformed message');
    }
  }

  /** A member joined: their row, made by the server [BD1]. */
  addRow(memberId: string): void {
    if (!this.#lost) ensureRow(this.#doc, memberId);
  }

  /** A peer left: its awareness states go with it; its client ids stay its member's [BD3]. */
  leave(peer: BoardPeer): void {
    const ids = this.#peers.get(peer)?.awarenessIds;
    if (!this.#peers.delete(peer)) return;
    this.#awarenessRelay.forgetPeer(peer);
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.#awareness, [...ids], null);
  }

  /** A removed member's connections close and their row goes, for everyone [RM7]. */
  dropMember(memberId: string): void {
    for (const peer of [...this.#peers.keys()]) {
      if (peer.memberId !== memberId) continue;
      this.leave(peer);
      peer.close(BoardClose.removed, 'removed');
    }
    this.#owners.release(memberId);
    this.#memberAwareness.delete(memberId);
    if (!this.#lost) rowsMap(this.#doc).delete(memberId);
  }

  /** Ends the board: every peer is closed and the document destroyed; nothing is kept [BD6]. */
  destroy(): void {
    this.#closeAll(BoardClose.roomEnded, 'room ended');
    this.#memberAwareness.clear();
    if (!this.#lost) this.#detach(this.#doc, this.#awareness);
  }

  /** Relays the document's updates and the awareness of its peers; returns the awareness. */
  #attach(doc: Y.Doc): awarenessProtocol.Awareness {
    doc.on('update', this.#relay);
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    awareness.on('update', this.#onAwareness);
    return awareness;
  }

  #detach(doc: Y.Doc, awareness: awarenessProtocol.Awareness): void {
    doc.off('update', this.#relay);
    awareness.off('update', this.#onAwareness);
    awareness.destroy();
    doc.destroy();
  }

  #closeAll(code: BoardCloseCode, reason: string): void {
    for (const peer of [...this.#peers.keys()]) peer.close(code, reason);
    this.#peers.clear();
    this.#owners.clear();
    this.#awarenessRelay.destroy();
  }

  readonly #relay = (update: Uint8Array, origin: unknown) => {
    const message = frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));
    for (const peer of this.#peers.keys()) if (peer !== origin) peer.send(message);
  };

  #sync(peer: BoardPeer, state: PeerState, decoder: decoding.Decoder): MessageOutcome {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      peer.send(frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, this.#doc, stateVector)));
      return ok;
    }
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) {
      return close(BoardClose.malformed, 'unknown sync step');
    }
    const update = decoding.readVarUint8Array(decoder);
    if (!this.canWrite(peer.memberId)) return dropped;
    if (update.length > this.limits.maxUpdateBytes) return close(BoardClose.tooLarge, 'update too large');
    const verdict = this.#validate(this.#doc, update);
    if (!verdict.ok) {
      // Typed while the connection opened, after edits made offline: the sync step 2 the device
      // is about to send carries both, so this one waits for it instead of closing the connection.
      const beforeStep2 = step === syncProtocol.messageYjsUpdate && !state.synced;
      return beforeStep2 && verdict.reason === 'not-integrable' ? dropped : close(BoardClose.malformed, verdict.reason);
    }
    if (storedStructs(this.#doc) + verdict.newStructs > this.limits.maxStructs) {
      return close(BoardClose.tooLarge, 'board is full');
    }
    const outcome = this.#apply(update, peer);
    if (step === syncProtocol.messageYjsSyncStep2) state.synced = true;
    return outcome;
  }

  /**
   * Applies a checked update. Should Yjs still throw, or keep part of it waiting, the document is
   * never left half-applied: it is rebuilt from what it still reads as, and every peer is told to
   * fetch a fresh copy; if even that fails, the board closes for good [BD8].
   */
  #apply(update: Uint8Array, peer: BoardPeer): MessageOutcome {
    let applied = false;
    try {
      Y.applyUpdate(this.#doc, update, peer);
      applied = this.#doc.store.pendingStructs === null && this.#doc.store.pendingDs === null;
    } catch {
      applied = false;
    }
    if (applied) return ok;
    this.#recover();
    return dropped; // every peer, this one too, has been closed
  }

  #recover(): void {
    const [broken, awareness] = [this.#doc, this.#awareness];
    let fresh: Y.Doc | null = null;
    try {
      fresh = this.#rebuild(broken);
    } catch {
      fresh = null;
    }
    if (fresh) this.#closeAll(BoardClose.reset, 'board reset');
    else this.#closeAll(BoardClose.lost, 'board lost');
    this.#onRecovered(fresh ? 'rebuilt' : 'lost');
    try {
      this.#detach(broken, awareness);
    } catch {
      // A document Yjs failed on may fail again while being let go; it is dropped all the same.
    }
    this.#awarenessFrame = null;
    if (fresh) {
      this.#doc = fresh;
      this.#awareness = this.#attach(fresh);
    } else {
      this.#lost = true;
    }
  }

  /**
   * An awareness update: within the member's and the room's budgets (beyond them it is dropped
   * unread), speaking only for this member [BD3, RC5]. It is applied to the server's copy at once
   * and relayed with the next coalesced frame.
   */
  #awarenessUpdate(peer: BoardPeer, update: Uint8Array): MessageOutcome {
    if (update.length > this.limits.maxAwarenessBytes) return close(BoardClose.tooLarge, 'awareness too large');
    if (!this.#memberBudget(peer.memberId).take() || !this.#roomAwareness.take()) return dropped;
    if (!this.#speaksForItself(peer, update)) return dropped;
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, peer);
    return ok;
  }

  #memberBudget(memberId: string): TokenBucket {
    let budget = this.#memberAwareness.get(memberId);
    if (!budget) {
      const { awarenessMemberBurst, awarenessMemberPerSecond } = this.limits;
      budget = new TokenBucket(this.#clock, awarenessMemberBurst, awarenessMemberPerSecond);
      this.#memberAwareness.set(memberId, budget);
    }
    return budget;
  }

  /**
   * An awareness update may only carry states that name this peer's own member id, and client ids
   * that are its member's (or new ones, which become theirs), so no one can appear as someone else
   * "editing" a row, nor take a device's id while it reconnects [BD3].
   */
  #speaksForItself(peer: BoardPeer, update: Uint8Array): boolean {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const claimed: number[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      const memberId =
        state !== null && typeof state === 'object' ? (state as Record<string, unknown>).memberId : undefined;
      if (memberId !== undefined && memberId !== peer.memberId) return false;
      claimed.push(clientId);
    }
    return this.#owners.claim(peer.memberId, claimed, (id) => this.#announced(id));
  }

  /** Whether an open connection is announcing this client id. */
  #announced(clientId: number): boolean {
    for (const state of this.#peers.values()) if (state.awarenessIds.has(clientId)) return true;
    return false;
  }

  readonly #onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    this.#awarenessFrame = null;
    const from = this.#peers.has(origin as BoardPeer) ? (origin as BoardPeer) : null;
    const ids = from ? this.#peers.get(from)?.awarenessIds : undefined;
    if (ids) {
      for (const id of added) ids.add(id);
      for (const id of removed) ids.delete(id);
    }
    for (const id of [...added, ...updated, ...removed]) {
      // One client's entry: the update for it alone, without its count of 1.
      this.#awarenessRelay.put(id, from, awarenessProtocol.encodeAwarenessUpdate(this.#awareness, [id]).subarray(1));
    }
  };
}

/** One awareness message of the y-websocket protocol carrying these entries. */
function awarenessFrame(entries: readonly Uint8Array[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const entry of entries) encoding.writeUint8Array(update, entry);
  return frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(update)));
}
