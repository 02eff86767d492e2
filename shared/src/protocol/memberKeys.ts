import { z } from 'zod';

/**
 * A 32-byte public key in canonical base64url without padding: 43 characters, the last carrying
 * four bits and two zero bits, so one key has exactly one spelling.
 */
export const PublicKeyText = z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/);

/** A 64-byte ed25519 signature in canonical base64url: 86 characters. */
export const SignatureText = z.string().regex(/^[A-Za-z0-9_-]{85}[AQgw]$/);

/**
 * A member's public keys, as the roster carries them: `sign` (ed25519) verifies what their device
 * signs, `box` (x25519) is what the board key is sealed to. The device derives both from a key seed
 * of its own; the seed and the private keys never leave it.
 */
export const MemberKeys = z.strictObject({ sign: PublicKeyText, box: PublicKeyText });
export type MemberKeys = z.infer<typeof MemberKeys>;

/**
 * The keys a device joins with, and its proof that it holds the signing key: an ed25519 signature
 * over the room, the server's challenge for this connection and both public keys
 * (`joinProofText`), so a key cannot be copied from another member or replayed elsewhere.
 */
export const JoinKeys = MemberKeys.extend({ proof: SignatureText });
export type JoinKeys = z.infer<typeof JoinKeys>;
