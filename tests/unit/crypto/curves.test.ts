import { afterEach, describe, expect, it } from 'vitest';
import {
  type CurveSuite,
  curveSuite,
  nobleSuite,
  setCurveSuiteForTests,
  webCryptoSuite,
} from '../../../shared/src/crypto/curves.ts';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

// RFC 8032 section 7.1, test 1.
const ED_SEED = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const ED_PUBLIC = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
const ED_SIGNATURE = hex(
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
);
// RFC 7748 section 6.1.
const ALICE_SECRET = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
const ALICE_PUBLIC = hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
const BOB_SECRET = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
const BOB_PUBLIC = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
const SHARED = hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');

const suites: [string, CurveSuite][] = [
  ['webcrypto', webCryptoSuite],
  ['noble', nobleSuite],
];

describe.each(suites)('curve suite %s', (_name, suite) => {
  it('matches RFC 8032 test 1', async () => {
    expect(await suite.signingPublicKey(ED_SEED)).toEqual(ED_PUBLIC);
    expect(await suite.sign(ED_SEED, new Uint8Array(0))).toEqual(ED_SIGNATURE);
    expect(await suite.verify(ED_PUBLIC, new Uint8Array(0), ED_SIGNATURE)).toBe(true);
  });

  it('matches RFC 7748 section 6.1', async () => {
    expect(await suite.boxPublicKey(ALICE_SECRET)).toEqual(ALICE_PUBLIC);
    expect(await suite.boxPublicKey(BOB_SECRET)).toEqual(BOB_PUBLIC);
    expect(await suite.sharedSecret(ALICE_SECRET, BOB_PUBLIC)).toEqual(SHARED);
    expect(await suite.sharedSecret(BOB_SECRET, ALICE_PUBLIC)).toEqual(SHARED);
  });

  it('verify says false, never throws, for wrong or malformed input', async () => {
    const empty = new Uint8Array(0);
    const badSig = ED_SIGNATURE.slice();
    badSig[10]! ^= 1;
    expect(await suite.verify(ED_PUBLIC, empty, badSig)).toBe(false);
    expect(await suite.verify(ED_PUBLIC, new Uint8Array([0]), ED_SIGNATURE)).toBe(false);
    expect(await suite.verify(ED_PUBLIC.subarray(1), empty, ED_SIGNATURE)).toBe(false);
    expect(await suite.verify(ED_PUBLIC, empty, ED_SIGNATURE.subarray(1))).toBe(false);
    expect(await suite.verify(new Uint8Array(32).fill(0xff), empty, ED_SIGNATURE)).toBe(false);
    const highS = ED_SIGNATURE.slice();
    highS.fill(0xff, 32);
    expect(await suite.verify(ED_PUBLIC, empty, highS)).toBe(false);
  });

  it('refuses low-order and malformed X25519 public keys', async () => {
    const one = new Uint8Array(32);
    one[0] = 1;
    expect(await suite.sharedSecret(ALICE_SECRET, new Uint8Array(32))).toBeNull();
    expect(await suite.sharedSecret(ALICE_SECRET, one)).toBeNull();
    expect(await suite.sharedSecret(ALICE_SECRET, BOB_PUBLIC.subarray(1))).toBeNull();
  });

  it('throws for a secret of the wrong length (a caller mistake)', async () => {
    await expect(suite.sign(ED_SEED.subarray(1), new Uint8Array(0))).rejects.toThrow();
    await expect(suite.boxPublicKey(new Uint8Array(31))).rejects.toThrow();
  });
});

describe('curve suites together', () => {
  afterEach(() => setCurveSuiteForTests(null));

  it('verify each other and agree on shared secrets', async () => {
    const seed = crypto.getRandomValues(new Uint8Array(32));
    const message = crypto.getRandomValues(new Uint8Array(100));
    const pub = await webCryptoSuite.signingPublicKey(seed);
    expect(await nobleSuite.signingPublicKey(seed)).toEqual(pub);
    expect(await nobleSuite.verify(pub, message, await webCryptoSuite.sign(seed, message))).toBe(true);
    expect(await webCryptoSuite.verify(pub, message, await nobleSuite.sign(seed, message))).toBe(true);

    const a = crypto.getRandomValues(new Uint8Array(32));
    const b = crypto.getRandomValues(new Uint8Array(32));
    const aPub = await webCryptoSuite.boxPublicKey(a);
    const bPub = await nobleSuite.boxPublicKey(b);
    expect(await nobleSuite.boxPublicKey(a)).toEqual(aPub);
    const ab = await webCryptoSuite.sharedSecret(a, bPub);
    expect(ab).not.toBeNull();
    expect(await nobleSuite.sharedSecret(b, aPub)).toEqual(ab);
  });

  it('signs with the seed the array holds now, even after it was changed in place', async () => {
    for (const suite of [webCryptoSuite, nobleSuite]) {
      const seed = ED_SEED.slice();
      expect(await suite.sign(seed, new Uint8Array(0))).toEqual(ED_SIGNATURE);
      seed.set(ALICE_SECRET);
      const signature = await suite.sign(seed, new Uint8Array(0));
      expect(await suite.verify(await suite.signingPublicKey(ALICE_SECRET), new Uint8Array(0), signature)).toBe(true);
    }
  });

  it('picks WebCrypto in Node 20 and can be forced', async () => {
    setCurveSuiteForTests(null);
    expect((await curveSuite()).kind).toBe('webcrypto');
    setCurveSuiteForTests('noble');
    expect((await curveSuite()).kind).toBe('noble');
    setCurveSuiteForTests('webcrypto');
    expect(await curveSuite()).toBe(webCryptoSuite);
  });
});
