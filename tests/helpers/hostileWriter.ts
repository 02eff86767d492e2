import { type FrameKind, newStreamId, sealFrame } from '../../shared/src/crypto/frame.ts';
import type { MemberKeyPairs } from '../../shared/src/crypto/memberKeys.ts';
import { pad } from '../../shared/src/crypto/padding.ts';
import { type EpochKey, Keyring } from '../../client/src/lib/board/keyring.ts';
import { type EventSocket, socketWire } from '../../client/src/lib/board/socketWire.ts';
import type { SealedKey } from '../../shared/src/protocol/boardRelay.ts';
import type { BoardWire } from '../../client/src/lib/board/wire.ts';
import type { TestMember } from './member.ts';

/**
 * A writer whose device is hostile: a member (the scribe, say) who holds the board key like any
 * other and sends whatever frames they like, properly signed and encrypted, so only the other
 * devices' own checks stand between them and the board.
 */
export class HostileWriter {
  readonly #stream = newStreamId();
  #seq = 0;

  private constructor(
    private readonly member: TestMember,
    private readonly keys: MemberKeyPairs,
    private readonly wire: BoardWire,
    readonly key: EpochKey,
  ) {}

  static async open(member: TestMember, keys: MemberKeyPairs): Promise<HostileWriter> {
    const wire = socketWire(member.socket as unknown as EventSocket);
    let heard: (key: SealedKey) => void = () => {};
    const sealedLater = new Promise<SealedKey>((resolve) => {
      heard = resolve;
    });
    wire.listen({ frame() {}, key: (k) => heard(k), epoch() {}, needs() {}, closed() {}, dropped() {} });
    const opened = await wire.open();
    if (!opened.ok) throw new Error(`board:open refused: ${opened.code}`);
    const sealed = opened.key ?? (await sealedLater);
    const keysOf = (id: string) => member.state?.members.find((m) => m.id === id)?.keys ?? null;
    const key = await new Keyring(member.roomId, member.id, keys, keysOf).open(sealed);
    if (!key) throw new Error('the board key sealed to this member did not open');
    return new HostileWriter(member, keys, wire, key);
  }

  /** Sends `plaintext` as a frame of `kind`, padded as devices pad, signed by this member and encrypted with the board key. */
  async send(plaintext: Uint8Array, kind: FrameKind = 'update', covers = 0): Promise<void> {
    const frame = await sealFrame({
      roomId: this.member.roomId,
      kind,
      epoch: this.key.epoch,
      stream: this.#stream,
      seq: this.#seq++,
      covers,
      plaintext: pad(plaintext),
      boardKey: this.key.key,
      keys: this.keys,
    });
    this.wire.send(frame);
  }
}
