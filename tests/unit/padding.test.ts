import { describe, expect, it } from 'vitest';
import { PAD_BUCKET, pad, unpad } from '../../shared/src/crypto/padding.ts';

describe('padding a frame’s plaintext', () => {
  it('rounds every length up to the bucket and gives the data back', () => {
    for (const length of [0, 1, 31, 38, 252, 253, 1_000, 40_000]) {
      const data = new Uint8Array(length).map((_, i) => i % 251);
      const padded = pad(data);
      expect(padded.length % PAD_BUCKET).toBe(0);
      expect(padded.length).toBeLessThan(length + 4 + PAD_BUCKET);
      expect(unpad(padded)).toEqual(data);
    }
    expect(new Set([31, 36, 33, 38].map((n) => pad(new Uint8Array(n)).length))).toEqual(new Set([PAD_BUCKET]));
  });

  it('refuses what is not padded, without throwing', () => {
    expect(unpad(new Uint8Array(3))).toBeNull();
    expect(unpad(new Uint8Array(100))).toBeNull();
    const lying = pad(new Uint8Array(10));
    new DataView(lying.buffer).setUint32(0, PAD_BUCKET);
    expect(unpad(lying)).toBeNull();
  });
});
