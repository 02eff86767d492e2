import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { joinProofText } from '../../shared/src/protocol/joinProof.ts';
import type { JoinKeys, MemberKeys } from '../../shared/src/protocol/memberKeys.ts';

/**
 * A test device's member keys, made with Node's own crypto (not the page's code, so each checks
 * the other): an ed25519 key that signs join proofs and an x25519 key to seal to.
 */
export class DeviceKeys {
  readonly public: MemberKeys;
  readonly #signing: KeyObject;

  constructor() {
    const signing = generateKeyPairSync('ed25519');
    const box = generateKeyPairSync('x25519');
    this.#signing = signing.privateKey;
    this.public = { sign: rawPublic(signing.publicKey), box: rawPublic(box.publicKey) };
  }

  /** The keys and proof a join sends on a connection whose preview carried `challenge`. */
  join(roomId: string, challenge: string): JoinKeys {
    const proof = sign(null, Buffer.from(joinProofText(roomId, challenge, this.public)), this.#signing);
    return { ...this.public, proof: proof.toString('base64url') };
  }
}

function rawPublic(key: KeyObject): string {
  const { x } = key.export({ format: 'jwk' });
  if (!x) throw new Error('no public key');
  return x;
}

/**
 * Well-formed, distinct keys for a member in tests of the rules, which never check a signature
 * (the server checks the proof before a join reaches them).
 */
export function rosterKeys(memberId: string): MemberKeys {
  const key = (use: string) => createHash('sha256').update(`${use}:${memberId}`).digest('base64url');
  return { sign: key('sign'), box: key('box') };
}
