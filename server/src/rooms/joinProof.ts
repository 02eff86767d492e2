import { createPublicKey, verify } from 'node:crypto';
import { joinProofText } from '../../../shared/src/protocol/joinProof.ts';
import type { JoinKeys } from '../../../shared/src/protocol/memberKeys.ts';

/** The DER header that makes 32 raw bytes an ed25519 SubjectPublicKeyInfo (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Whether a joining device holds the signing key it names: its proof is an ed25519 signature over
 * the room, this connection's challenge and both public keys. The keys arrive shape-checked
 * (43 base64url characters each); a point that is not on the curve fails here like a bad signature.
 */
export function provesKeys(roomId: string, challenge: string, keys: JoinKeys): boolean {
  return signedBy(keys.sign, joinProofText(roomId, challenge, keys), keys.proof);
}

/** Whether `signature` (base64url) is the ed25519 signature of `text` by `signKey` (base64url). Never throws. */
export function signedBy(signKey: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(signKey, 'base64url')]),
      format: 'der',
      type: 'spki',
    });
    return verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
