import { randomBytes } from 'node:crypto';

/** base64url of `bytes` random bytes from the OS CSPRNG. */
function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** 18 bytes = 144 bits: room links nobody can guess [RM1]. */
export const newRoomId = () => randomToken(18);
/** 32 bytes = 256 bits: the secret that is a member's identity [RM5]. */
export const newMemberSecret = () => randomToken(32);
/** Public member ids only need to be unique within a room. */
export const newMemberId = () => randomToken(9);
