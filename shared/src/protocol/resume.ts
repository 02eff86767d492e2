// Rooms that outlive their process: the seal every member's device keeps beside its replica, and
// what a device offers a process that does not know its room (or does not know this device).

import { z } from 'zod';
import { BoardEpoch } from './boardRelay.ts';
import { MemberId } from './commands.ts';
import { SignatureText } from './memberKeys.ts';

const Base64Url = (length: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${length}}$`));

/**
 * The server's HMAC over a room's state at one version: made with the first of the processes'
 * shared seal keys, checked with any of them. `generation` counts the times the room moved to a
 * new process; `epoch` is the board's key epoch then; `creator` (the hash of the creator's secret)
 * is there only while the creator has not joined, so the room can first come to life elsewhere.
 */
export const StateSeal = z.strictObject({
  version: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  generation: z.int().min(0).max(0xffff),
  epoch: BoardEpoch,
  kid: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/),
  mac: Base64Url(43),
  creator: Base64Url(43).optional(),
  /** A member was removed and the board's next key is not made yet: the room's next process asks for it. */
  rekey: z.literal(true).optional(),
});
export type StateSeal = z.infer<typeof StateSeal>;

/**
 * `room:resume`: this device was in the room. It proves which member it is by signing the
 * connection's challenge with the member key in the roster (`resumeProofText`) and, when the
 * process does not know the room, offers its replica and the seal over it. The creator, before
 * joining, has no key in the roster: `memberId` is null and the seal's `creator` hash stands for
 * the secret of the handshake.
 */
export const ResumeRequest = z.strictObject({
  memberId: MemberId.nullable(),
  signature: SignatureText.optional(),
  sealed: z
    .strictObject({
      // Checked by the seal, not by a schema: the server made these very bytes or refuses them.
      state: z.record(z.string(), z.unknown()),
      seal: StateSeal,
    })
    .optional(),
});
export type ResumeRequest = z.infer<typeof ResumeRequest>;

export { resumeProofText } from './resumeProof.ts';
