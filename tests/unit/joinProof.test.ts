import { afterAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../shared/src/crypto/bytes.ts';
import { type CurveSuiteKind, setCurveSuiteForTests } from '../../shared/src/crypto/curves.ts';
import { memberKeysFrom, newKeySeed, signJoinProof } from '../../shared/src/crypto/memberKeys.ts';
import { JoinKeys } from '../../shared/src/protocol/memberKeys.ts';
import { provesKeys } from '../../server/src/rooms/joinProof.ts';

describe('a join proof made on a device, checked by the server', () => {
  afterAll(() => setCurveSuiteForTests(null));

  for (const suite of ['webcrypto', 'noble'] as CurveSuiteKind[]) {
    it(`made with ${suite} passes Node's check for its room and challenge only`, async () => {
      setCurveSuiteForTests(suite);
      const keys = await memberKeysFrom(newKeySeed());
      const proof = await signJoinProof(keys, 'room-a', 'challenge-a');
      const sent = JoinKeys.parse({
        sign: toBase64Url(keys.signPublic),
        box: toBase64Url(keys.boxPublic),
        proof: toBase64Url(proof),
      });
      expect(provesKeys('room-a', 'challenge-a', sent)).toBe(true);
      expect(provesKeys('room-b', 'challenge-a', sent)).toBe(false);
      expect(provesKeys('room-a', 'challenge-b', sent)).toBe(false);
      const other = await memberKeysFrom(newKeySeed());
      expect(provesKeys('room-a', 'challenge-a', { ...sent, box: toBase64Url(other.boxPublic) })).toBe(false);
    });
  }
});
