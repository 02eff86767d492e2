import {
  importBoardKey,
  newBoardKeyBytes,
  openBoardKey,
  sealBoardKey,
  sealContext,
  sealSignedBytes,
} from '../../../../shared/src/crypto/boardKey.ts';
import { fromBase64Url } from '../../../../shared/src/crypto/bytes.ts';
import { type MemberKeyPairs, signWith, verifySignature } from '../../../../shared/src/crypto/memberKeys.ts';
import type { MemberKeys } from '../../../../shared/src/protocol/memberKeys.ts';
import type { SealedKey } from '../../../../shared/src/protocol/boardRelay.ts';
import type { SealRequest } from './wire.ts';

/** The board key of one epoch, as this device holds it: the bytes (to seal to others) and the key. */
export interface EpochKey {
  epoch: number;
  bytes: Uint8Array;
  key: CryptoKey;
}

/** Who the roster says a member is, for checking what they signed and sealing to them. */
export type KeysOf = (memberId: string) => MemberKeys | null;

/**
 * This device's dealings in board keys for one room: opening the key sealed to it (after checking
 * the sealer's signature against the roster), sealing the key it holds to a newcomer, and making a
 * new key for a new epoch. The server relays the sealed keys and can open none of them.
 */
export class Keyring {
  constructor(
    private readonly roomId: string,
    private readonly me: string,
    private readonly keys: MemberKeyPairs,
    private readonly keysOf: KeysOf,
  ) {}

  /** The board key sealed to this device, or null when it is not a good one from a member. */
  async open(sealed: SealedKey): Promise<EpochKey | null> {
    const sealer = this.keysOf(sealed.from);
    const signPublic = sealer && fromBase64Url(sealer.sign);
    if (!signPublic) return null;
    const signed = sealSignedBytes(this.roomId, sealed.epoch, this.me, sealed.from, sealed.sealed);
    if (!(await verifySignature(signPublic, signed, sealed.signature))) return null;
    const context = sealContext(this.roomId, sealed.epoch, this.me, sealed.from);
    const bytes = await openBoardKey(sealed.sealed, this.keys.boxSecret, this.keys.boxPublic, context);
    return bytes ? { epoch: sealed.epoch, bytes, key: await importBoardKey(bytes) } : null;
  }

  /** `key` sealed to `memberId`'s x25519 key and signed by this device; null when they have no keys. */
  async sealTo(key: EpochKey, memberId: string): Promise<SealRequest | null> {
    const recipient = this.keysOf(memberId);
    const boxPublic = recipient && fromBase64Url(recipient.box);
    if (!boxPublic) return null;
    const context = sealContext(this.roomId, key.epoch, memberId, this.me);
    const sealed = await sealBoardKey(key.bytes, boxPublic, context);
    const signature = await signWith(this.keys, sealSignedBytes(this.roomId, key.epoch, memberId, this.me, sealed));
    return { to: memberId, epoch: key.epoch, sealed, signature };
  }

  /** A fresh key for `epoch`, made on this device. */
  async fresh(epoch: number): Promise<EpochKey> {
    const bytes = newBoardKeyBytes();
    return { epoch, bytes, key: await importBoardKey(bytes) };
  }
}
