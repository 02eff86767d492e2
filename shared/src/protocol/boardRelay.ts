// The encrypted board's events on the member's own Socket.IO connection: what a device asks of the
// server's relay and what the relay sends back. The server holds no board key: it checks frames'
// signatures, sequences and sizes, keeps the ciphertext a late device needs, and passes on sealed
// keys. Binary fields arrive at the server as Buffer and at the browser as ArrayBuffer.

import { z } from 'zod';
import { SEALED_BOARD_KEY_BYTES } from '../crypto/boardKey.ts';
import { FRAME_SIGNATURE_BYTES } from '../crypto/frame.ts';
import type { BoardCloseCode } from './boardEndpoint.ts';
import type { PackedFrames } from './boardPacking.ts';
import { MemberId } from './commands.ts';

/** Bytes of exactly `length`: a Uint8Array (a Node Buffer is one). */
function bytesOf(length: number) {
  return z
    .instanceof(Uint8Array, { error: 'Expected bytes.' })
    .refine((bytes) => bytes.length === length, { error: `Expected ${length} bytes.` });
}

/** A board key epoch: 0 before the first key, then one more with each rekey. */
export const BoardEpoch = z.int().min(0).max(0xffffffff);

/** `board:open`: subscribe this socket to its room's board. */
export const BoardOpenRequest = z.strictObject({});
export type BoardOpenRequest = z.infer<typeof BoardOpenRequest>;

/** One board key sealed to one member by the sender, with the sender's signature over `sealSignedBytes`. */
export const SealedKeyFor = z.strictObject({
  to: MemberId,
  sealed: bytesOf(SEALED_BOARD_KEY_BYTES),
  signature: bytesOf(FRAME_SIGNATURE_BYTES),
});
export type SealedKeyFor = z.infer<typeof SealedKeyFor>;

/** `board:seal`: this epoch's key, sealed to a member who lacks it. */
export const BoardSealRequest = SealedKeyFor.extend({ epoch: BoardEpoch });
export type BoardSealRequest = z.infer<typeof BoardSealRequest>;

/** A room holds at most 50 members, so a rekey seals to at most 50. */
export const MAX_REKEY_KEYS = 50;

/** One sealed key and its signature, as a rekey packs them: `sealed || signature`. */
export const PACKED_KEY_BYTES = SEALED_BOARD_KEY_BYTES + FRAME_SIGNATURE_BYTES;

/**
 * `board:rekey`: the facilitator's new key (epoch + 1), sealed to each current member at most once,
 * themselves included. On the wire the keys are packed in one attachment (`to[i]`'s at
 * `i * PACKED_KEY_BYTES`, see boardPacking.ts); parsed, they are a list again.
 */
export const BoardRekeyRequest = z
  .strictObject({
    epoch: BoardEpoch,
    to: z.array(MemberId).min(1).max(MAX_REKEY_KEYS),
    keys: z.instanceof(Uint8Array, { error: 'Expected bytes.' }),
  })
  .refine((request) => request.keys.length === request.to.length * PACKED_KEY_BYTES, {
    error: 'Expected one sealed key and signature for each member.',
  })
  .transform(({ epoch, to, keys }) => ({
    epoch,
    keys: to.map((member, i) => {
      const at = i * PACKED_KEY_BYTES;
      return {
        to: member,
        sealed: keys.slice(at, at + SEALED_BOARD_KEY_BYTES),
        signature: keys.slice(at + SEALED_BOARD_KEY_BYTES, at + PACKED_KEY_BYTES),
      };
    }),
  }));
export type BoardRekeyRequest = z.output<typeof BoardRekeyRequest>;
export type BoardRekeyWire = z.input<typeof BoardRekeyRequest>;

/** `board:frame` from a device: one frame (shared/src/crypto/frame.ts); the server checks its length and fields. */
export const BoardFrameBytes = z.instanceof(Uint8Array, { error: 'Expected bytes.' });

/** A frame as the relay passes it on: who sent it, its position (updates 1, 2, 3… per epoch; 0 otherwise) and its bytes, as sent. */
export interface RelayedFrame {
  from: string;
  pos: number;
  frame: Uint8Array;
}

/** A board key sealed to the member who receives this, by `from`, for `epoch`. */
export interface SealedKey {
  from: string;
  epoch: number;
  sealed: Uint8Array;
  signature: Uint8Array;
}

/**
 * What the board needs from this device, as far as it may act on it: `seal` (members lacking this
 * epoch's key) for devices allowed to seal, `snapshot` for writers', `rekey` for the facilitator's.
 */
export interface BoardNeeds {
  seal: string[];
  snapshot: boolean;
  rekey: boolean;
}

/** `board:open`'s answer as it travels: each list of frames packed in one attachment (boardPacking.ts). */
export interface BoardOpenedWire {
  epoch: number;
  snapshot: PackedFrames;
  tail: PackedFrames;
  awareness: PackedFrames;
  key: SealedKey | null;
  needs: BoardNeeds;
}

/** The answer to `board:open`: everything a device needs to catch up, its own sealed key if it has one. */
export interface BoardOpened {
  epoch: number;
  /** The latest snapshot's parts, in order, each with `pos` = what it covers; [] = none. */
  snapshot: RelayedFrame[];
  /** Updates after the snapshot, in order. */
  tail: RelayedFrame[];
  /** The latest awareness frame of each live stream. */
  awareness: RelayedFrame[];
  key: SealedKey | null;
  needs: BoardNeeds;
}

/** `board:epoch`: the facilitator rekeyed; every device drops the old board and waits for its key. */
export interface BoardEpochNotice {
  epoch: number;
  from: string;
}

/** `board:closed`: this socket's subscription ended (the socket stays connected). */
export interface BoardClosedNotice {
  code: BoardCloseCode;
}
