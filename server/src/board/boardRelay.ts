import { canSealBoardKey, canWriteBoard } from '../../../shared/src/board/rules.ts';
import { readFrame } from '../../../shared/src/crypto/frame.ts';
import { BoardClose, type BoardCloseCode } from '../../../shared/src/protocol/boardEndpoint.ts';
import {
  BoardFrameBytes,
  type BoardNeeds,
  type BoardOpened,
  type BoardRekeyRequest,
  type BoardSealRequest,
  type RelayedFrame,
  type SealedKey,
} from '../../../shared/src/protocol/boardRelay.ts';
import type { Ack, ServerToClientEvents } from '../../../shared/src/protocol/socket.ts';
import { refuse } from '../../../shared/src/room/refusal.ts';
import { findMember, type RoomState } from '../../../shared/src/room/state.ts';
import type { Clock } from '../clock.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';
import type { RefusalTally } from '../refusalTally.ts';
import { AwarenessRelay } from './awarenessRelay.ts';
import { BoardLog } from './boardLog.ts';
import { needsFor, type RoomNeeds, sameNeeds } from './boardNeeds.ts';
import type { BoardLimits } from './limits.ts';
import { SealedKeys } from './sealedKeys.ts';
import { frameSigned, sealSigned, SigningKeys } from './signingKeys.ts';
import { SnapshotParts } from './snapshotParts.ts';
import { StreamSequences } from './streams.ts';

type BoardEvents = Pick<
  ServerToClientEvents,
  'board:frame' | 'board:key' | 'board:epoch' | 'board:needs' | 'board:closed'
>;

/** One subscribed socket, as the relay sees it: whose it is, and a way to send it board events. */
export interface BoardPeer {
  readonly memberId: string;
  send<E extends keyof BoardEvents>(event: E, ...args: Parameters<BoardEvents[E]>): void;
}

/** Where the relay reads the room's state: roles and the roster are asked afresh for every frame [BD4]. */
export interface RoomSource {
  readonly state: RoomState;
}

/** Where a relay starts: a new room's board at epoch 0, or a board that came back at its sealed epoch. */
export interface RelayStart {
  epoch: number;
  /** A removal's new key was still to be made when the room left its last process. */
  rekey: boolean;
  /** Told of every new epoch and every removal, so the room's seal carries them. */
  onChange(board: { epoch: number; rekey: boolean }): void;
}

interface PeerState {
  /** What this socket was last told the board needs of it. */
  needs: BoardNeeds | null;
}

/** A member's budgets on the board, across their sockets [RC5]. */
interface MemberBudgets {
  updates: TokenBucket;
  updateBytes: TokenBucket;
  awareness: TokenBucket;
}

/** A stream's latest awareness frame, kept for devices that open the board later [BD3]. */
interface LatestAwareness {
  peer: BoardPeer;
  memberId: string;
  relayed: RelayedFrame;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += HEX[b];
  return text;
}

/**
 * One room's end-to-end encrypted board, as the server relays it without any key [BD4]. It
 * checks each frame — size, epoch, the author's right to write, their roster key's signature,
 * their stream's sequence, their budgets — then relays updates to every other subscribed socket
 * and keeps them (after the latest snapshot) for devices that open the board later; snapshots are
 * kept, not relayed; awareness is coalesced. Sealed board keys pass through it to their recipients.
 * Any refused frame ends that socket's subscription with a close code, never the room's.
 */
export class BoardRelay {
  #epoch = 0;
  /** Until the facilitator's device makes the first key, and after every removal. */
  #needsRekey = true;
  #snapshotWanted = false;
  /** Oldest first: a member over their share of subscriptions loses their oldest [RC5]. */
  readonly #peers = new Map<BoardPeer, PeerState>();
  readonly #log: BoardLog;
  readonly #keys = new SealedKeys();
  readonly #streams: StreamSequences;
  readonly #parts: SnapshotParts<BoardPeer>;
  readonly #signing = new SigningKeys();
  readonly #awareness: AwarenessRelay<BoardPeer, RelayedFrame>;
  /** Stream key -> its latest awareness, oldest first. */
  readonly #latest = new Map<string, LatestAwareness>();
  readonly #budgets = new Map<string, MemberBudgets>();
  readonly #roomAwareness: TokenBucket;

  constructor(
    readonly roomId: string,
    private readonly room: RoomSource,
    private readonly clock: Clock,
    private readonly limits: BoardLimits,
    private readonly refusals: RefusalTally,
    private readonly start: RelayStart = { epoch: 0, rekey: false, onChange: () => {} },
  ) {
    // A board that came back carries on at its sealed epoch, holding nothing yet: devices that
    // hold that epoch's key use it, one that may seals it to those that do not (none is stored
    // here), and each writer's device sends what the relay lacks. If a removal's new key was still
    // to be made, the facilitator's device makes it now, carrying the board over [RS3].
    this.#epoch = start.epoch;
    this.#needsRekey = start.epoch === 0 || start.rekey;
    this.#log = new BoardLog(limits);
    this.#streams = new StreamSequences(limits.streamsPerMember);
    this.#parts = new SnapshotParts(limits.snapshotMaxParts);
    this.#awareness = new AwarenessRelay(
      clock,
      limits.awarenessFlushMs,
      () => this.#peers.keys(),
      (peer, entries) => {
        for (const relayed of entries) peer.send('board:frame', relayed);
      },
    );
    this.#roomAwareness = new TokenBucket(clock, limits.awarenessRoomBurst, limits.awarenessRoomPerSecond);
  }

  get epoch(): number {
    return this.#epoch;
  }

  get subscriberCount(): number {
    return this.#peers.size;
  }

  /** How many snapshot parts and tail updates the relay holds: ciphertext, for late devices. */
  get held(): { snapshotParts: number; tail: number } {
    return { snapshotParts: this.#log.snapshot.length, tail: this.#log.tailLength };
  }

  has(peer: BoardPeer): boolean {
    return this.#peers.has(peer);
  }

  /**
   * Subscribes a member's socket and tells it everything it needs to catch up. A member already
   * holding their share of subscriptions loses the oldest, most likely a dead tab's (4408) [RC5].
   * A socket already subscribed is simply told again.
   */
  open(peer: BoardPeer): Ack<BoardOpened> {
    const state = this.room.state;
    if (state.session.stage === 'ended') return refuse('roomEnded');
    if (!findMember(state, peer.memberId)) return refuse('notAMember');
    if (!this.#peers.has(peer)) {
      const earlier = [...this.#peers.keys()].filter((p) => p.memberId === peer.memberId);
      const over = earlier.length - (this.limits.subscriptionsPerMember - 1);
      for (const oldest of earlier.slice(0, Math.max(0, over))) this.close(oldest, BoardClose.superseded);
      this.#peers.set(peer, { needs: null });
    }
    const needs = needsFor(state, peer.memberId, this.#roomNeeds(state));
    (this.#peers.get(peer) as PeerState).needs = needs;
    return {
      ok: true,
      epoch: this.#epoch,
      snapshot: [...this.#log.snapshot],
      tail: [...this.#log.tail],
      awareness: [...this.#latest.values()].map((latest) => latest.relayed),
      key: this.#keys.of(peer.memberId),
      needs,
    };
  }

  /** The socket left the board (it disconnected, or its subscription ended): what was its goes. */
  leave(peer: BoardPeer): void {
    if (!this.#peers.delete(peer)) return;
    this.#awareness.forgetPeer(peer);
    this.#parts.dropOwner(peer);
    for (const [key, latest] of this.#latest) if (latest.peer === peer) this.#latest.delete(key);
  }

  /** Ends a socket's subscription with `code`; the socket stays connected. */
  close(peer: BoardPeer, code: BoardCloseCode): void {
    if (!this.#peers.has(peer)) return;
    this.leave(peer);
    this.refusals.count(`board_${code}`);
    peer.send('board:closed', { code });
  }

  /** One frame from a subscribed socket: checked in the protocol's order, then relayed, kept or dropped. */
  receive(peer: BoardPeer, payload: unknown): void {
    if (!this.#peers.has(peer)) return;
    const refused = this.#receive(peer, payload);
    if (refused !== null) this.close(peer, refused);
  }

  #receive(peer: BoardPeer, payload: unknown): BoardCloseCode | null {
    const { limits } = this;
    const parsed = BoardFrameBytes.safeParse(payload);
    if (!parsed.success) return BoardClose.malformed;
    const bytes = parsed.data;
    if (bytes.length > limits.maxFrameBytes) return BoardClose.tooLarge;
    const frame = readFrame(bytes);
    if (!frame) return BoardClose.malformed;
    if (frame.kind === 'awareness' && bytes.length > limits.maxAwarenessBytes) return BoardClose.tooLarge;
    if (frame.epoch !== this.#epoch) return BoardClose.reset;
    const state = this.room.state;
    const { memberId } = peer;
    const member = findMember(state, memberId);
    if (!member) return BoardClose.removed;
    if (frame.kind !== 'awareness' && !canWriteBoard(state, memberId)) return BoardClose.unauthorized;
    const key = this.#signing.keyOf(memberId, member.keys.sign);
    if (!key || !frameSigned(this.roomId, bytes, key)) return BoardClose.malformed;
    const stream = hex(frame.stream);
    if (!this.#streams.advance(memberId, stream, frame.seq)) return BoardClose.malformed;
    const streamKey = `${memberId}:${stream}`;
    // The bytes as sent, copied out of the socket's buffer: relayed and kept byte for byte.
    const copy = new Uint8Array(bytes);
    const budgets = this.#budgetsOf(memberId);
    if (frame.kind === 'awareness') {
      if (!budgets.awareness.take() || !this.#roomAwareness.take()) return null;
      if (this.#parts.collecting(streamKey)) return this.#outOfPlace(streamKey);
      this.#announce(peer, streamKey, { from: memberId, pos: 0, frame: copy });
      return null;
    }
    // A snapshot's parts are bounded by their count and the socket's frame ceiling, not by the
    // update budget: a large board's snapshot must get through, or its tail fills up for good.
    if (frame.kind === 'update' && (!budgets.updates.take() || !budgets.updateBytes.take(bytes.length))) {
      return BoardClose.tooMany;
    }
    switch (frame.kind) {
      case 'update':
        return this.#parts.collecting(streamKey) ? this.#outOfPlace(streamKey) : this.#update(peer, streamKey, copy);
      case 'snapshot-part': {
        const refusal = this.#parts.part(streamKey, peer, frame.covers, copy);
        return refusal === null ? null : BoardClose[refusal];
      }
      case 'snapshot':
        return this.#snapshot(memberId, streamKey, frame.covers, copy);
    }
  }

  /** Anything but the next part on a stream sending a snapshot in parts: the snapshot is not whole. */
  #outOfPlace(streamKey: string): BoardCloseCode {
    this.#parts.drop(streamKey);
    return BoardClose.malformed;
  }

  #update(from: BoardPeer, streamKey: string, frame: Uint8Array): BoardCloseCode | null {
    if (!this.#log.fits(frame.length)) return BoardClose.tooLarge;
    const relayed = this.#log.append(from.memberId, streamKey, frame);
    for (const peer of this.#peers.keys()) if (peer !== from) peer.send('board:frame', relayed);
    if (this.#log.wantsSnapshot !== this.#snapshotWanted) this.#refreshNeeds();
    return null;
  }

  #snapshot(memberId: string, streamKey: string, covers: number, frame: Uint8Array): BoardCloseCode | null {
    const parts = this.#parts.final(streamKey, covers, frame);
    if (typeof parts === 'string') return BoardClose[parts];
    if (covers > this.#log.pos) return BoardClose.malformed;
    // One older than the snapshot held (two writers crossed) is dropped: the newer one stays.
    if (
      this.#log.replaceSnapshot(memberId, streamKey, covers, parts) &&
      this.#log.wantsSnapshot !== this.#snapshotWanted
    ) {
      this.#refreshNeeds();
    }
    return null;
  }

  /** A stream's awareness: kept as its latest (at most `streamsPerMember` per member) and sent with the next flush. */
  #announce(peer: BoardPeer, streamKey: string, relayed: RelayedFrame): void {
    const { memberId } = peer;
    this.#latest.delete(streamKey);
    let held = 0;
    let oldest: string | null = null;
    for (const [key, latest] of this.#latest) {
      if (latest.memberId !== memberId) continue;
      held += 1;
      oldest ??= key;
    }
    if (oldest !== null && held >= this.limits.streamsPerMember) this.#latest.delete(oldest);
    this.#latest.set(streamKey, { peer, memberId, relayed });
    this.#awareness.put(streamKey, peer, relayed);
  }

  /**
   * This epoch's key sealed by the sender to a member who lacks it: the first seal wins. The
   * facilitator may seal; in a room without a knock, any member may.
   */
  seal(peer: BoardPeer, request: BoardSealRequest): Ack {
    const state = this.room.state;
    const from = peer.memberId;
    if (this.#epoch === 0) return refuse('boardNoKeyYet');
    if (request.epoch !== this.#epoch) return refuse('boardStaleEpoch');
    if (!findMember(state, request.to)) return refuse('noSuchMember');
    if (this.#keys.has(request.to)) return refuse('boardKeyHeld');
    if (!canSealBoardKey(state, from)) return refuse('boardCannotSeal');
    const sealed = this.#sealedKey(state, from, request);
    if (!sealed) return refuse('boardBadSignature');
    this.#keys.add(request.to, sealed);
    this.#sendKey(request.to, sealed);
    this.#refreshNeeds();
    return { ok: true };
  }

  /**
   * The facilitator's new board key, for the next epoch, sealed to current members (themselves
   * included): everything of the old epoch goes — snapshot, tail, streams, awareness, keys — and
   * every device hears of the new epoch; members left out are listed for sealing.
   */
  rekey(peer: BoardPeer, request: BoardRekeyRequest): Ack {
    const state = this.room.state;
    const from = peer.memberId;
    if (state.facilitatorId !== from) return refuse('notFacilitator');
    if (request.epoch !== this.#epoch + 1) return refuse('boardStaleEpoch');
    const recipients = new Set(request.keys.map((k) => k.to));
    const covered =
      recipients.size === request.keys.length &&
      recipients.has(from) &&
      [...recipients].every((to) => findMember(state, to) !== undefined);
    if (!covered) return refuse('boardRekeyMembers');
    const keys = new Map<string, SealedKey>();
    for (const key of request.keys) {
      const sealed = this.#sealedKey(state, from, { ...key, epoch: request.epoch });
      if (!sealed) return refuse('boardBadSignature');
      keys.set(key.to, sealed);
    }
    this.#epoch = request.epoch;
    this.#needsRekey = false;
    this.start.onChange({ epoch: this.#epoch, rekey: false });
    this.#keys.replace(keys);
    this.#clearEpoch();
    for (const subscriber of this.#peers.keys()) subscriber.send('board:epoch', { epoch: this.#epoch, from });
    for (const [to, sealed] of keys) this.#sendKey(to, sealed);
    this.#refreshNeeds();
    return { ok: true };
  }

  /** A seal request as stored and sent, if its signature is the sender's over it; null otherwise. */
  #sealedKey(
    state: RoomState,
    from: string,
    request: { to: string; epoch: number; sealed: Uint8Array; signature: Uint8Array },
  ): SealedKey | null {
    const sender = findMember(state, from);
    const key = sender && this.#signing.keyOf(from, sender.keys.sign);
    const { to, epoch, sealed, signature } = request;
    if (!key || !sealSigned({ roomId: this.roomId, epoch, to, from, sealed, signature }, key)) return null;
    return { from, epoch, sealed: new Uint8Array(sealed), signature: new Uint8Array(signature) };
  }

  #sendKey(to: string, sealed: SealedKey): void {
    for (const peer of this.#peers.keys()) if (peer.memberId === to) peer.send('board:key', sealed);
  }

  /** Something about the room changed (any accepted command): who may do what, who lacks a key. */
  roomChanged(): void {
    this.#refreshNeeds();
  }

  /**
   * The facilitator removed a member: their subscriptions end (4403), everything of theirs goes,
   * and the board needs a new key they never see [RM7].
   */
  memberRemoved(memberId: string): void {
    for (const peer of [...this.#peers.keys()]) if (peer.memberId === memberId) this.close(peer, BoardClose.removed);
    for (const [key, latest] of this.#latest) {
      if (latest.memberId !== memberId) continue;
      this.#latest.delete(key);
      this.#awareness.drop(key);
    }
    this.#streams.forget(memberId);
    this.#signing.forget(memberId);
    this.#keys.forget(memberId);
    this.#budgets.delete(memberId);
    this.#needsRekey = true;
    this.start.onChange({ epoch: this.#epoch, rekey: true });
    this.#refreshNeeds();
  }

  /** The room ended: every subscription closes (4410) and nothing is kept [BD6]. */
  destroy(): void {
    for (const peer of [...this.#peers.keys()]) this.close(peer, BoardClose.roomEnded);
    this.#clearEpoch();
    this.#keys.clear();
    this.#signing.clear();
    this.#budgets.clear();
  }

  /** The room left this process without ending: nothing is kept, and its sockets are closed by their owner. */
  release(): void {
    this.#peers.clear();
    this.#clearEpoch();
    this.#keys.clear();
    this.#signing.clear();
    this.#budgets.clear();
  }

  #clearEpoch(): void {
    this.#log.clear();
    this.#snapshotWanted = false;
    this.#streams.clear();
    this.#parts.clear();
    this.#latest.clear();
    this.#awareness.clear();
  }

  #roomNeeds(state: RoomState): RoomNeeds {
    return {
      seal: this.#epoch === 0 ? [] : state.members.filter((m) => !this.#keys.has(m.id)).map((m) => m.id),
      snapshot: this.#log.wantsSnapshot,
      rekey: this.#needsRekey,
    };
  }

  /** Tells each socket what the board needs of it, when that changed for it. */
  #refreshNeeds(): void {
    this.#snapshotWanted = this.#log.wantsSnapshot;
    if (this.#peers.size === 0) return;
    const state = this.room.state;
    if (state.session.stage === 'ended') return;
    const needs = this.#roomNeeds(state);
    for (const [peer, peerState] of this.#peers) {
      const view = needsFor(state, peer.memberId, needs);
      if (sameNeeds(peerState.needs, view)) continue;
      peerState.needs = view;
      peer.send('board:needs', view);
    }
  }

  #budgetsOf(memberId: string): MemberBudgets {
    let budgets = this.#budgets.get(memberId);
    if (!budgets) {
      const { clock, limits } = this;
      budgets = {
        updates: new TokenBucket(clock, limits.updateBurst, limits.updatesPerSecond),
        updateBytes: new TokenBucket(clock, limits.updateBytesBurst, limits.updateBytesPerSecond),
        awareness: new TokenBucket(clock, limits.awarenessMemberBurst, limits.awarenessMemberPerSecond),
      };
      this.#budgets.set(memberId, budgets);
    }
    return budgets;
  }
}
