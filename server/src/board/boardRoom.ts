import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { rowsMap } from '../../../shared/src/board/model.ts';
import { BoardClose, type BoardCloseCode } from '../../../shared/src/protocol/boardEndpoint.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

export interface BoardLimits {
  /** Largest single update a writer may send [BD4]. */
  maxUpdateBytes: number;
  /** Cap on all accepted updates together: an upper bound of the document's size [BD4]. */
  maxDocBytes: number;
  maxAwarenessBytes: number;
  /** Awareness client ids one connection may speak for (a device has one; a few for reloads). */
  maxClientIdsPerPeer: number;
}

export const defaultBoardLimits: BoardLimits = {
  maxUpdateBytes: 64 * 1024,
  maxDocBytes: 1024 * 1024,
  maxAwarenessBytes: 16 * 1024,
  maxClientIdsPerPeer: 4,
};

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

/**
 * One room's commitment board: a Y.Doc in memory, its awareness, and the peers connected to it.
 * It speaks the y-websocket protocol; only peers `canWrite` allows at the moment a message
 * arrives may change the document [BD4].
 */
export class BoardRoom {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly #peers = new Map<BoardPeer, Set<number>>();
  /** Which peer first announced each awareness client id: nobody speaks for another's [BD3]. */
  readonly #owners = new Map<number, BoardPeer>();
  #acceptedBytes = 0;

  constructor(
    private readonly canWrite: (memberId: string) => boolean,
    private readonly limits: BoardLimits = defaultBoardLimits,
  ) {
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const message = frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));
      for (const peer of this.#peers.keys()) if (peer !== origin) peer.send(message);
    });
    this.awareness.on('update', this.#onAwareness);
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  /** A new peer: they get the document's state vector (sync step 1) and everyone's awareness. */
  open(peer: BoardPeer): void {
    this.#peers.set(peer, new Set());
    peer.send(frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) {
      peer.send(
        frame(MESSAGE_AWARENESS, (e) =>
          encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)),
        ),
      );
    }
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
          return this.#sync(peer, decoder);
        case MESSAGE_AWARENESS:
          return this.#awarenessUpdate(peer, decoding.readVarUint8Array(decoder));
        case MESSAGE_QUERY_AWARENESS: {
          const states = [...this.awareness.getStates().keys()];
          peer.send(
            frame(MESSAGE_AWARENESS, (e) =>
              encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)),
            ),
          );
          return ok;
        }
        case MESSAGE_AUTH:
          return dropped;
        default:
          return close(BoardClose.malformed, 'unknown message type');
      }
    } catch {
      return close(BoardClose.malformed, 'malformed message');
    }
  }

  /** A peer left: its awareness states go with it. */
  leave(peer: BoardPeer): void {
    const ids = this.#peers.get(peer);
    this.#peers.delete(peer);
    for (const [id, owner] of this.#owners) if (owner === peer) this.#owners.delete(id);
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
  }

  /** A removed member's connections close and their row goes, for everyone [RM7]. */
  dropMember(memberId: string): void {
    for (const peer of [...this.#peers.keys()]) {
      if (peer.memberId !== memberId) continue;
      this.leave(peer);
      peer.close(BoardClose.removed, 'removed');
    }
    rowsMap(this.doc).delete(memberId);
  }

  /** Ends the board: every peer is closed and the document destroyed; nothing is kept [BD6]. */
  destroy(): void {
    for (const peer of [...this.#peers.keys()]) peer.close(BoardClose.roomEnded, 'room ended');
    this.#peers.clear();
    this.#owners.clear();
    this.awareness.off('update', this.#onAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }

  #sync(peer: BoardPeer, decoder: decoding.Decoder): MessageOutcome {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      peer.send(frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, this.doc, stateVector)));
      return ok;
    }
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) {
      return close(BoardClose.malformed, 'unknown sync step');
    }
    const update = decoding.readVarUint8Array(decoder);
    if (!this.canWrite(peer.memberId)) return dropped;
    if (update.length > this.limits.maxUpdateBytes) return close(BoardClose.tooLarge, 'update too large');
    if (this.#acceptedBytes + update.length > this.limits.maxDocBytes) {
      // The running sum over-counts (typing sends many small updates); measure the real size before refusing.
      this.#acceptedBytes = Y.encodeStateAsUpdate(this.doc).length;
      if (this.#acceptedBytes + update.length > this.limits.maxDocBytes)
        return close(BoardClose.tooLarge, 'board is full');
    }
    // Decoding first refuses malformed bytes before anything touches the document.
    Y.decodeUpdate(update);
    Y.applyUpdate(this.doc, update, peer);
    this.#acceptedBytes += update.length;
    return ok;
  }

  #awarenessUpdate(peer: BoardPeer, update: Uint8Array): MessageOutcome {
    if (update.length > this.limits.maxAwarenessBytes) return close(BoardClose.tooLarge, 'awareness too large');
    if (!this.#speaksForItself(peer, update)) return dropped;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
    return ok;
  }

  /**
   * An awareness update may only carry client ids this peer owns (or new ones), and states that
   * name this peer's own member id, so no one can appear as someone else "editing" a row.
   */
  #speaksForItself(peer: BoardPeer, update: Uint8Array): boolean {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const claimed: number[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      const owner = this.#owners.get(clientId);
      if (owner !== undefined && owner !== peer) return false;
      const memberId =
        state !== null && typeof state === 'object' ? (state as Record<string, unknown>).memberId : undefined;
      if (memberId !== undefined && memberId !== peer.memberId) return false;
      claimed.push(clientId);
    }
    const owned = [...this.#owners.values()].filter((owner) => owner === peer).length;
    const fresh = claimed.filter((id) => !this.#owners.has(id));
    if (owned + fresh.length > this.limits.maxClientIdsPerPeer) return false;
    for (const id of fresh) this.#owners.set(id, peer);
    return true;
  }

  readonly #onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const ids = this.#peers.get(origin as BoardPeer);
    if (ids) {
      for (const id of added) ids.add(id);
      for (const id of removed) ids.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    const message = frame(MESSAGE_AWARENESS, (e) =>
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)),
    );
    // Everyone, the sender too: the stock provider counts these as signs of life.
    for (const peer of this.#peers.keys()) peer.send(message);
  };
}
