import { fromBase64Url } from '../../../../shared/src/crypto/bytes.ts';
import {
  type FrameKind,
  newStreamId,
  openFrame,
  readFrame,
  sealFrame,
  verifyFrame,
} from '../../../../shared/src/crypto/frame.ts';
import type { MemberKeyPairs } from '../../../../shared/src/crypto/memberKeys.ts';
import { pad, unpad } from '../../../../shared/src/crypto/padding.ts';
import { BoardClose } from '../../../../shared/src/protocol/boardEndpoint.ts';
import { AwarenessGate } from './awarenessGate.ts';
import type * as Y from 'yjs';
import { carryOver } from './carryOver.ts';
import { type EpochKey, Keyring, type KeysOf } from './keyring.ts';
import { Mirror } from './mirror.ts';
import {
  awarenessMessage,
  readProviderMessage,
  stepOneMessage,
  stepTwoMessage,
  updateMessage,
} from './syncMessages.ts';
import type { BoardNeeds, BoardOpened, RelayedFrame, SealedKey } from '../../../../shared/src/protocol/boardRelay.ts';
import type { BoardWire, WireListener } from './wire.ts';

/**
 * Updates heard before this device holds the epoch's key wait, up to this many bytes; beyond, the
 * device opens the board again once it has the key (the relay's tail has them all).
 */
const MAX_WAITING_BYTES = 4 * 1024 * 1024;
/**
 * The most a frame of this device carries: under 48 KiB, so that a frame still fits Socket.IO's
 * 64 KiB message once base64-encoded for HTTP long-polling (a network that blocks WebSockets).
 */
const MAX_SENT_PLAINTEXT_BYTES = 40 * 1024;

/** A performance mark that replaces the last of its name: a long session opens the board many times. */
function mark(name: string): void {
  performance.clearMarks(name);
  performance.mark(name);
}

/** What the link needs to know of the room, as this device's replica has it now. */
export interface RelayRoom {
  memberIds: readonly string[];
  keysOf: KeysOf;
  canWrite(memberId: string): boolean;
  /** The facilitator seals to newcomers; in a room without admission, any member does. */
  canSeal(memberId: string): boolean;
  isFacilitator(memberId: string): boolean;
}

export interface RelayContext {
  roomId: string;
  me: string;
  keys: MemberKeyPairs;
  wire: BoardWire;
  /** The page document's Yjs client id: the only awareness entry this device sends. */
  clientId(): number;
  /** The page's document: the board as this device holds it, across its connections. */
  doc(): Y.Doc;
  room(): RelayRoom | null;
  /** Every device refuses this writer's frame: it does not keep the board's shape, or does not open. */
  refused(from: string): void;
  /** The socket whose board is live (to hear the roster), or null when it closed. */
  attach(socket: RelaySocket | null): void;
  /** This device waits for the board key to be sealed to it (true), or has it now (false). */
  awaitingKey(waiting: boolean): void;
  /**
   * The board keys this device has held, by epoch, across its connections: a relay that came back
   * on another process holds none, and the device goes on with the one it has [RS3].
   */
  heldKeys: Map<number, EpochKey>;
}

type CloseHandler = (event: { code: number; reason: string; wasClean: boolean }) => void;

/**
 * A WebSocket as the stock y-websocket provider sees it, playing a y-sync server on this device
 * over the end-to-end encrypted relay. Underneath, the member's Socket.IO connection carries
 * signed, encrypted frames (shared/src/crypto/frame.ts); here, each is checked against the
 * sender's key in the roster, decrypted, and applied to the mirror only if it keeps the board's
 * shape, and only then handed to the provider. What the provider sends (this device's edits, its
 * awareness) is checked the same way, encrypted, signed and sent. One instance per connection,
 * as the provider makes them; each opens the board afresh from the relay's snapshot and tail.
 */
export class RelaySocket implements WireListener {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  binaryType = 'arraybuffer';
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: CloseHandler | null = null;
  onerror: ((event: unknown) => void) | null = null;

  readonly #context: RelayContext;
  readonly #keyring: Keyring;
  readonly #stopListening: () => void;
  /** Inbound and outbound work, one step at a time: crypto is async, the board's order is not. */
  #queue: Promise<void> = Promise.resolve();
  #epoch = 0;
  #key: EpochKey | null = null;
  #mirror: Mirror | null = null;
  #opened: BoardOpened | null = null;
  #waiting: RelayedFrame[] = [];
  #waitingBytes = 0;
  /** Updates applied or sent since this device's last snapshot: none, and another would say nothing new. */
  #sinceSnapshot = 0;
  #stream = newStreamId();
  #seq = 0;
  /** The relay position of the last update this mirror holds: what a snapshot from here covers. */
  #lastPos = 0;
  /** What the relay last asked of this device. */
  #needs: BoardNeeds | null = null;
  /** Members this device sealed this epoch's key to (the first seal wins; one try each). */
  readonly #sealedTo = new Set<string>();
  readonly #awareness = new AwarenessGate();

  constructor(context: RelayContext) {
    this.#context = context;
    this.#keyring = new Keyring(context.roomId, context.me, context.keys, (id) => context.room()?.keysOf(id) ?? null);
    this.#stopListening = context.wire.listen(this);
    this.#run(() => this.#start());
  }

  send(data: ArrayBuffer | Uint8Array): void {
    const bytes = new Uint8Array(data);
    this.#run(() => this.#fromProvider(bytes));
  }

  /** The provider lets this connection go (it has detached its handlers already). */
  close(): void {
    this.#shut();
  }

  /**
   * The room changed: rows for new members, on the mirror and the page alike. The relay's asks
   * can arrive before the room event that explains them (a newcomer to seal to, a rekey without
   * someone removed, a snapshot from a new scribe): this device acts on them once its replica
   * knows why.
   */
  /** The board key this device holds for the relay's current epoch, once it has it. */
  get boardKey(): EpochKey | null {
    return this.#key?.epoch === this.#epoch ? this.#key : null;
  }

  roomChanged(): void {
    this.#run(async () => {
      const room = this.#context.room();
      const added = room && this.#mirror?.addRows(room.memberIds);
      if (added) this.#deliverUpdate(added);
      if (this.#needs) await this.#meet(this.#needs);
    });
  }

  // The relay, heard through the wire.
  frame(relayed: RelayedFrame): void {
    this.#run(() => this.#heard(relayed));
  }

  key(sealed: SealedKey): void {
    this.#run(() => this.#takeKey(sealed));
  }

  epoch({ epoch }: { epoch: number; from: string }): void {
    this.#run(async () => {
      if (epoch !== this.#epoch) this.#closeWith(BoardClose.reset);
    });
  }

  needs(needs: BoardNeeds): void {
    this.#run(() => this.#meet(needs));
  }

  closed(code: number): void {
    this.#closeWith(code);
  }

  dropped(): void {
    this.#closeWith(1006);
  }

  #run(step: () => Promise<void>): void {
    this.#queue = this.#queue
      .then(() => (this.readyState === this.CLOSED ? undefined : step()))
      .catch(() => {
        this.#closeWith(1011);
      });
  }

  async #start(): Promise<void> {
    mark('holdspace:board-open');
    let reply: Awaited<ReturnType<BoardWire['open']>>;
    try {
      reply = await this.#context.wire.open();
    } catch {
      this.#closeWith(1006);
      return;
    }
    if (this.readyState === this.CLOSED) return;
    if (!reply.ok) {
      this.#closeWith(reply.code === 'NOT_A_MEMBER' ? BoardClose.unauthorized : 1011);
      return;
    }
    this.#opened = reply;
    this.#epoch = reply.epoch;
    // The key this device already holds for the epoch wins over one sealed to it since: after a
    // move, any member of an open room may seal, and a bad seal must not lock this device out.
    const held = this.#context.heldKeys.get(reply.epoch);
    if (held) {
      this.#key = held;
      await this.#build();
    } else if (reply.key) await this.#takeKey(reply.key);
    if (this.readyState === this.CLOSED) return;
    if (!this.#key) this.#context.awaitingKey(true);
    await this.#meet(reply.needs);
  }

  async #takeKey(sealed: SealedKey): Promise<void> {
    if (this.#key || sealed.epoch !== this.#epoch) return;
    const key = await this.#keyring.open(sealed);
    if (this.readyState === this.CLOSED) return;
    if (!key) {
      this.#context.refused(sealed.from);
      return;
    }
    this.#key = key;
    this.#hold(key);
    await this.#build();
  }

  /** With the key: the mirror from the relay's snapshot and tail, then the frames heard meanwhile. */
  async #build(): Promise<void> {
    const room = this.#context.room();
    const opened = this.#opened;
    if (!room || !opened) return;
    // Marks for the benchmark of a late device (bench/lateBoard.ts): key in hand, board readable.
    mark('holdspace:board-keyed');
    this.#context.awaitingKey(false);
    const mirror = new Mirror(room.memberIds);
    this.#mirror = mirror;
    if (opened.snapshot.length > 0) await this.#loadSnapshot(mirror, opened.snapshot);
    await this.#applyAll(opened.tail);
    if (this.readyState === this.CLOSED) return;
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#waitingBytes = 0;
    const awareness = [...opened.awareness];
    this.#opened = null;
    // Members who joined while this was being built get their rows now.
    mirror.addRows(this.#context.room()?.memberIds ?? []);
    this.readyState = this.OPEN;
    this.#context.attach(this);
    this.onopen?.();
    mark('holdspace:board-live');
    await this.#applyAll([...awareness, ...waiting]);
  }

  async #loadSnapshot(mirror: Mirror, parts: RelayedFrame[]): Promise<void> {
    const from = parts[0]?.from ?? '';
    const opened = await Promise.all(parts.map((part) => (part.from === from ? this.#open(part) : null)));
    const plaintexts = opened.filter((plaintext) => plaintext !== null);
    if (plaintexts.length !== parts.length) {
      this.#context.refused(from);
      return;
    }
    const whole = new Uint8Array(plaintexts.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of plaintexts) {
      whole.set(p, at);
      at += p.length;
    }
    if (mirror.load(whole)) this.#context.refused(from);
    else this.#lastPos = Math.max(this.#lastPos, parts[0]?.pos ?? 0);
  }

  async #heard(relayed: RelayedFrame): Promise<void> {
    if (this.#mirror && this.readyState === this.OPEN) {
      await this.#apply(relayed);
      return;
    }
    // Awareness heard meanwhile is stale by the time the key comes: the next announcement will do.
    if (readFrame(relayed.frame)?.kind !== 'update') return;
    this.#waitingBytes += relayed.frame.length;
    if (this.#waitingBytes > MAX_WAITING_BYTES) {
      // Too much to hold on a phone: open again once there is a key; the relay's tail has it all.
      this.#closeWith(1013);
      return;
    }
    this.#waiting.push(relayed);
  }

  /** The sender's signature, then the plaintext; null (and nothing applied) when either fails. */
  async #open(relayed: RelayedFrame): Promise<Uint8Array | null> {
    const key = this.#key;
    const signer = this.#context.room()?.keysOf(relayed.from);
    const signPublic = signer && fromBase64Url(signer.sign);
    if (!key || !signPublic) return null;
    if (!(await verifyFrame(this.#context.roomId, relayed.frame, signPublic))) return null;
    const padded = await openFrame(this.#context.roomId, relayed.frame, key.key);
    return padded && unpad(padded);
  }

  async #apply(relayed: RelayedFrame): Promise<void> {
    this.#take(relayed, await this.#plaintextOf(relayed));
  }

  /**
   * Frames of the relay's tail, in order: their signatures checked and their plaintexts opened all
   * at once (WebCrypto works in parallel), then applied one by one, as they came.
   */
  async #applyAll(frames: readonly RelayedFrame[]): Promise<void> {
    const plaintexts = await Promise.all(frames.map((relayed) => this.#plaintextOf(relayed)));
    for (const [i, relayed] of frames.entries()) this.#take(relayed, plaintexts[i] ?? 'refused');
  }

  /**
   * A relayed frame's plaintext; 'skip' for a frame of another epoch, or from someone no longer
   * in the roster (removed: they cannot be checked, so their frames are left out); 'refused' when
   * its signature or its encryption fails.
   */
  async #plaintextOf(relayed: RelayedFrame): Promise<Uint8Array | 'skip' | 'refused'> {
    const frame = readFrame(relayed.frame);
    if (!frame || frame.epoch !== this.#epoch || !this.#context.room()?.keysOf(relayed.from)) return 'skip';
    return (await this.#open(relayed)) ?? 'refused';
  }

  #take(relayed: RelayedFrame, plaintext: Uint8Array | 'skip' | 'refused'): void {
    const mirror = this.#mirror;
    const kind = readFrame(relayed.frame)?.kind;
    if (!mirror || plaintext === 'skip' || this.readyState === this.CLOSED) return;
    if (plaintext === 'refused') {
      this.#context.refused(relayed.from);
      return;
    }
    if (kind === 'update') {
      if (mirror.accept(plaintext)) {
        this.#context.refused(relayed.from);
        return;
      }
      this.#lastPos = Math.max(this.#lastPos, relayed.pos);
      this.#sinceSnapshot += 1;
      this.#deliverUpdate(plaintext);
    } else if (kind === 'awareness') {
      const admitted = this.#awareness.admit(relayed.from, plaintext, this.#context.clientId());
      if (admitted) this.#deliver(awarenessMessage(admitted));
    }
  }

  async #fromProvider(bytes: Uint8Array): Promise<void> {
    const mirror = this.#mirror;
    if (!mirror || this.readyState !== this.OPEN) return;
    const message = readProviderMessage(bytes);
    if (message?.kind === 'step1') {
      this.#deliver(stepTwoMessage(mirror.missingFrom(message.vector)));
      this.#deliver(stepOneMessage(mirror.doc));
    } else if (message?.kind === 'update') {
      await this.#own(mirror, message.update);
    } else if (message?.kind === 'awareness') {
      await this.#ownAwareness(message.update);
    }
  }

  /** This device's edit: checked like anyone's, then sent. A reader's device sends none. */
  async #own(mirror: Mirror, update: Uint8Array): Promise<void> {
    const empty = update.length === 2 && update[0] === 0 && update[1] === 0;
    const { me } = this.#context;
    if (empty || !this.#context.room()?.canWrite(me)) return;
    if (update.length > MAX_SENT_PLAINTEXT_BYTES || mirror.accept(update)) return;
    this.#sinceSnapshot += 1;
    await this.#send('update', update, 0);
  }

  async #ownAwareness(update: Uint8Array): Promise<void> {
    const entries = AwarenessGate.own(update, this.#context.clientId());
    if (!entries) return;
    await this.#send('awareness', entries, 0);
    // The provider drops a connection that hears nothing for 30 s; its own state, every 15 s, is something.
    this.#deliver(awarenessMessage(entries));
  }

  async #send(kind: FrameKind, plaintext: Uint8Array, covers: number): Promise<void> {
    const key = this.#key;
    if (!key || this.readyState === this.CLOSED) return;
    const { roomId, keys, wire } = this.#context;
    const frame = await sealFrame({
      roomId,
      kind,
      epoch: this.#epoch,
      stream: this.#stream,
      seq: this.#seq++,
      covers,
      plaintext: pad(plaintext),
      boardKey: key.key,
      keys,
    });
    wire.send(frame);
  }

  /** What the relay asks of this device: a first or new key, a key sealed to a newcomer, a snapshot. */
  async #meet(needs: BoardNeeds): Promise<void> {
    this.#needs = needs;
    const room = this.#context.room();
    const { me } = this.#context;
    if (!room) return;
    if (needs.rekey && room.isFacilitator(me)) {
      await this.#rekey(room);
      return;
    }
    await this.#seal(room, needs.seal);
    if (needs.snapshot && this.#mirror && room.canWrite(me)) await this.#snapshot(this.#mirror);
  }

  /** This epoch's key, sealed to each member the relay says lacks it, if this device may and can, once each. */
  async #seal(room: RelayRoom, memberIds: readonly string[]): Promise<void> {
    const key = this.#key;
    if (!key || !room.canSeal(this.#context.me)) return;
    for (const memberId of memberIds) {
      if (this.#sealedTo.has(memberId)) continue;
      const request = await this.#keyring.sealTo(key, memberId);
      if (!request || this.readyState === this.CLOSED) continue;
      this.#sealedTo.add(memberId);
      await this.#context.wire.seal(request);
    }
  }

  /**
   * A new epoch, made here: a fresh key sealed to every member now in the room, and the board as
   * this device has it carried over under that key, so someone removed cannot read what follows.
   */
  async #rekey(room: RelayRoom): Promise<void> {
    const next = this.#epoch + 1;
    const key = await this.#keyring.fresh(next);
    const sealed = [];
    for (const memberId of room.memberIds) {
      const request = await this.#keyring.sealTo(key, memberId);
      if (request) sealed.push({ to: request.to, sealed: request.sealed, signature: request.signature });
    }
    const reply = await this.#context.wire.rekey({ epoch: next, keys: sealed });
    if (!reply.ok || this.readyState === this.CLOSED) return;
    // The board as this device holds it: after a move, the relay had nothing to build a mirror
    // from, and the page's own document is all there is of it [RS3].
    const carried = carryOver(this.#context.doc(), room.memberIds);
    this.#epoch = next;
    this.#key = key;
    this.#hold(key);
    this.#stream = newStreamId();
    this.#seq = 0;
    for (const update of carried) await this.#send('update', update, 0);
    this.#closeWith(BoardClose.reset);
  }

  /** Only the newest epoch's key is kept across connections: an older one is no key to the board. */
  #hold(key: EpochKey): void {
    this.#context.heldKeys.clear();
    this.#context.heldKeys.set(key.epoch, key);
  }

  async #snapshot(mirror: Mirror): Promise<void> {
    if (this.#sinceSnapshot === 0) return;
    this.#sinceSnapshot = 0;
    const whole = mirror.snapshot();
    const covers = this.#lastPos;
    for (let at = 0; ; at += MAX_SENT_PLAINTEXT_BYTES) {
      const last = at + MAX_SENT_PLAINTEXT_BYTES >= whole.length;
      const part = whole.subarray(at, at + MAX_SENT_PLAINTEXT_BYTES);
      await this.#send(last ? 'snapshot' : 'snapshot-part', part, covers);
      if (last || this.readyState === this.CLOSED) break;
    }
  }

  #deliverUpdate(update: Uint8Array): void {
    this.#deliver(updateMessage(update));
  }

  #deliver(message: Uint8Array): void {
    if (this.readyState !== this.OPEN) return;
    this.onmessage?.({ data: message.slice().buffer });
  }

  #closeWith(code: number): void {
    if (this.readyState === this.CLOSED) return;
    this.#shut();
    this.onclose?.({ code, reason: '', wasClean: code !== 1006 });
  }

  #shut(): void {
    if (this.readyState === this.CLOSED) return;
    const wasOpen = this.readyState === this.OPEN;
    this.readyState = this.CLOSED;
    this.#stopListening();
    if (wasOpen) this.#context.attach(null);
    this.#mirror?.destroy();
    this.#mirror = null;
    this.#waiting = [];
  }
}

/** The class the provider is given as its `WebSocketPolyfill`: each instance speaks for `context`. */
export function relaySocketClass(
  context: RelayContext,
): new (
  url: string,
  protocols?: string | string[],
) => RelaySocket {
  return class extends RelaySocket {
    constructor(_url: string, _protocols?: string | string[]) {
      super(context);
    }
  };
}
