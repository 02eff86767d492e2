import {
  importBoardKey,
  newBoardKeyBytes,
  sealBoardKey,
  sealContext,
  sealSignedBytes,
} from '../../shared/src/crypto/boardKey.ts';
import { fromBase64Url } from '../../shared/src/crypto/bytes.ts';
import { type FrameKind, newStreamId, sealFrame } from '../../shared/src/crypto/frame.ts';
import { signWith } from '../../shared/src/crypto/memberKeys.ts';
import { type PackedFrames, packSealed, unpackFrames } from '../../shared/src/protocol/boardPacking.ts';
import type {
  BoardEpochNotice,
  BoardNeeds,
  BoardOpened,
  RelayedFrame,
  SealedKey,
  SealedKeyFor,
} from '../../shared/src/protocol/boardRelay.ts';
import type { Ack } from '../../shared/src/protocol/socket.ts';
import type { DeviceKeys } from './deviceKeys.ts';
import type { TestMember } from './member.ts';

/** A board key the test devices share; the server never sees it. */
export async function testBoardKey(): Promise<CryptoKey> {
  return importBoardKey(newBoardKeyBytes());
}

const bytes = (data: unknown) => new Uint8Array(data as ArrayBufferLike);

/** A list of frames as `board:open` packs it (one attachment), unpacked; throws if it does not unpack. */
export function unpacked(packed: PackedFrames): RelayedFrame[] {
  const frames = unpackFrames(packed);
  if (!frames) throw new Error('board:open sent a list of frames that does not unpack');
  return frames;
}

/**
 * One device's board subscription over its member's Socket.IO connection, as a test drives it:
 * it records what the relay sends this socket and makes frames on a stream of its own, signed with
 * `keys` (the member's roster keys unless a test forges).
 */
export class RelayDevice {
  readonly frames: RelayedFrame[] = [];
  readonly keys: SealedKey[] = [];
  readonly epochs: BoardEpochNotice[] = [];
  readonly needsSent: BoardNeeds[] = [];
  closed: number | null = null;
  opened: BoardOpened | null = null;
  stream = newStreamId();
  seq = 0;
  epoch = 0;
  #waiters = new Set<() => void>();

  constructor(
    readonly member: TestMember,
    public boardKey: CryptoKey,
    readonly signer: DeviceKeys = member.keys,
  ) {
    const { socket } = member;
    socket.on('board:frame', (relayed) =>
      this.#update(() => this.frames.push({ ...relayed, frame: bytes(relayed.frame) })),
    );
    socket.on('board:key', (key) =>
      this.#update(() => this.keys.push({ ...key, sealed: bytes(key.sealed), signature: bytes(key.signature) })),
    );
    socket.on('board:epoch', (notice) => this.#update(() => this.epochs.push(notice)));
    socket.on('board:needs', (needs) => this.#update(() => this.needsSent.push(needs)));
    socket.on('board:closed', ({ code }) => this.#update(() => (this.closed = code)));
  }

  /** Subscribes; throws if refused. */
  static async open(member: TestMember, boardKey: CryptoKey, signer?: DeviceKeys): Promise<RelayDevice> {
    const device = new RelayDevice(member, boardKey, signer);
    await device.open();
    return device;
  }

  async open(): Promise<BoardOpened> {
    const reply = await this.member.socket.timeout(5_000).emitWithAck('board:open', {});
    if (!reply.ok) throw new Error(`board:open refused: ${reply.code} ${reply.message}`);
    const { ok: _ok, ...opened } = reply;
    const copy: BoardOpened = {
      ...opened,
      snapshot: unpacked(opened.snapshot),
      tail: unpacked(opened.tail),
      awareness: unpacked(opened.awareness),
      key: opened.key && { ...opened.key, sealed: bytes(opened.key.sealed), signature: bytes(opened.key.signature) },
    };
    this.opened = copy;
    this.closed = null;
    this.epoch = opened.epoch;
    return copy;
  }

  /** The needs this socket holds now: those of the open, then each `board:needs`. */
  get needs(): BoardNeeds | null {
    return this.needsSent.at(-1) ?? this.opened?.needs ?? null;
  }

  /** The next frame of this device's stream (or of the fields given), encrypted and signed. */
  async frame(
    kind: FrameKind,
    fields: { epoch?: number; seq?: number; stream?: Uint8Array; covers?: number; plaintext?: Uint8Array } = {},
  ): Promise<Uint8Array> {
    const seq = fields.seq ?? this.seq++;
    return sealFrame({
      roomId: this.member.roomId,
      kind,
      epoch: fields.epoch ?? this.epoch,
      stream: fields.stream ?? this.stream,
      seq,
      covers: fields.covers ?? 0,
      plaintext: fields.plaintext ?? new TextEncoder().encode(`${kind} ${seq}`),
      boardKey: this.boardKey,
      keys: await this.signer.pairs(),
    });
  }

  send(frame: Uint8Array): void {
    this.member.socket.emit('board:frame', frame);
  }

  /** Makes the next frame and sends it; returns its bytes. */
  async sendFrame(kind: FrameKind, fields: Parameters<RelayDevice['frame']>[1] = {}): Promise<Uint8Array> {
    const frame = await this.frame(kind, fields);
    this.send(frame);
    return frame;
  }

  /** A board key sealed by this device's member to `to`, signed as the relay checks it. */
  async sealFor(to: TestMember, epoch: number, keyBytes = newBoardKeyBytes()): Promise<SealedKeyFor> {
    const from = this.member.id;
    const box = fromBase64Url(to.keys.public.box);
    if (!box) throw new Error('no box key');
    const sealed = await sealBoardKey(keyBytes, box, sealContext(this.member.roomId, epoch, to.id, from));
    const signature = await signWith(
      await this.signer.pairs(),
      sealSignedBytes(this.member.roomId, epoch, to.id, from, sealed),
    );
    return { to: to.id, sealed, signature };
  }

  async seal(to: TestMember, epoch = this.epoch): Promise<Ack> {
    const sealed = await this.sealFor(to, epoch);
    return this.member.socket.timeout(5_000).emitWithAck('board:seal', { ...sealed, epoch });
  }

  /** The facilitator's rekey to `epoch` (the next one unless said), sealed to each of `to`. */
  async rekey(to: readonly TestMember[], epoch = this.epoch + 1): Promise<Ack> {
    const keyBytes = newBoardKeyBytes();
    const keys = await Promise.all(to.map((m) => this.sealFor(m, epoch, keyBytes)));
    const reply = await this.member.socket
      .timeout(5_000)
      .emitWithAck('board:rekey', { epoch, to: keys.map((k) => k.to), keys: packSealed(keys) });
    if (reply.ok) this.moveTo(epoch);
    return reply;
  }

  /** This device follows the board to a new epoch: a new stream, from 0. */
  moveTo(epoch: number): void {
    this.epoch = epoch;
    this.stream = newStreamId();
    this.seq = 0;
  }

  /** Resolves once `test` holds, or fails after `ms`. */
  until(test: () => boolean, what: string, ms = 5_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
    });
  }

  #update(change: () => void): void {
    change();
    for (const wake of [...this.#waiters]) wake();
  }
}
