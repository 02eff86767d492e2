import { type Bytes, fromBase64Url, line, utf8 } from '../crypto/bytes.ts';
import { curveSuite } from '../crypto/curves.ts';
import { hkdfSha256 } from '../crypto/hkdf.ts';
import type { MemberKeyPairs } from '../crypto/memberKeys.ts';
import { VECTOR_SLOTS } from './questionKinds.ts';
import { addInto, type Vector } from './vectors.ts';

const MASK_SALT = utf8('holdspace answer masks v1');

/** Whom a mask is shared with, and the question round it is for. */
export interface MaskRound {
  roomId: string;
  questionId: string;
  round: number;
}

/** The pair in a fixed order, so both sides derive the same bytes. */
function maskInfo(round: MaskRound, a: string, b: string): Bytes {
  const [low, high] = a < b ? [a, b] : [b, a];
  return utf8(`${line(round.roomId)}\n${line(round.questionId)}\n${round.round}\n${line(low)}\n${line(high)}`);
}

/**
 * The mask two respondents share for one round of one question: HKDF-SHA256 of their X25519 secret,
 * bound to the room, the question, the round and the pair. A new round (someone dropped out) gets
 * new masks, so two rounds' vectors never combine into anyone's answer.
 */
export async function pairMask(shared: Uint8Array, round: MaskRound, a: string, b: string): Promise<Vector> {
  const bytes = await hkdfSha256(shared, MASK_SALT, maskInfo(round, a, b), VECTOR_SLOTS * 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mask = new Uint32Array(VECTOR_SLOTS);
  for (let i = 0; i < VECTOR_SLOTS; i++) mask[i] = view.getUint32(i * 4, true);
  return mask;
}

/** A respondent as the roster has them: the member id and their X25519 public key (base64url). */
export interface Respondent {
  id: string;
  box: string;
}

/**
 * `vector` plus this device's masks with every other respondent: added where its id sorts first,
 * subtracted where it sorts second, so each pair's masks cancel in the sum. Throws when a
 * respondent's key is unusable (the round cannot add up without them).
 */
export async function maskVector(
  vector: Vector,
  me: string,
  keys: MemberKeyPairs,
  respondents: readonly Respondent[],
  round: MaskRound,
): Promise<Vector> {
  const suite = await curveSuite();
  const masked = Uint32Array.from(vector);
  const masks = await Promise.all(
    respondents
      .filter((r) => r.id !== me)
      .map(async (other) => {
        const theirs = fromBase64Url(other.box);
        const shared = theirs && (await suite.sharedSecret(keys.boxSecret, theirs));
        if (!shared) throw new Error('a respondent has no usable key');
        return {
          sign: me < other.id ? (1 as const) : (-1 as const),
          mask: await pairMask(shared, round, me, other.id),
        };
      }),
  );
  for (const { sign, mask } of masks) addInto(masked, mask, sign);
  return masked;
}
