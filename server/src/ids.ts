import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from the OS CSPRNG, drawn a page at a time: one call per page instead of two or
 * three per join (Node does the same for randomUUID). Each byte is handed out once and zeroed as
 * it is, so no copy of a secret stays behind in the pool.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

/** base64url of `bytes` random bytes. */
function randomToken(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const token = pool.toString('base64url', offset, offset + bytes);
  pool.fill(0, offset, offset + bytes);
  offset += bytes;
  return token;
}

/** 18 bytes = 144 bits: room links nobody can guess [RM1]. */
export const newRoomId = () => randomToken(18);
/** 32 bytes = 256 bits: the secret that is a member's identity [RM5]. */
export const newMemberSecret = () => randomToken(32);
/** Public member ids only need to be unique within a room. */
export const newMemberId = () => randomToken(9);
/** 16 bytes: a join proof signs it, so a proof made for one connection is worth nothing on another. */
export const newChallenge = () => randomToken(16);
