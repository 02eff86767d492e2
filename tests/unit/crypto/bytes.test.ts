import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  equalBytes,
  fromBase64Url,
  line,
  readU32be,
  toBase64Url,
  utf8,
  writeU32be,
} from '../../../shared/src/crypto/bytes.ts';

describe('crypto bytes', () => {
  it('round-trips base64url and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(new Uint8Array(bytes));
      }),
    );
  });

  it('refuses padding, other characters, impossible lengths and non-zero spare bits', () => {
    expect(fromBase64Url('')).toEqual(new Uint8Array(0));
    expect(fromBase64Url('-_8')).toEqual(new Uint8Array([251, 255]));
    for (const bad of ['-_8=', 'AA==', 'a+b/', 'ab cd', 'abcde', 'A', 'AB\n', 'éé', '-_9', 'AB']) {
      expect(fromBase64Url(bad), bad).toBeNull();
    }
    expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
  });

  it('concatenates, encodes UTF-8 and compares', () => {
    expect(concatBytes(new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3]))).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    expect(utf8('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1]))).toBe(false);
  });

  it('writes and reads big-endian u32s, refusing what is not one', () => {
    const bytes = new Uint8Array(6);
    writeU32be(bytes, 1, 0x01020304);
    expect(bytes).toEqual(new Uint8Array([0, 1, 2, 3, 4, 0]));
    expect(readU32be(bytes, 1)).toBe(0x01020304);
    writeU32be(bytes, 2, 0xffffffff);
    expect(readU32be(bytes.subarray(2), 0)).toBe(0xffffffff);
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => writeU32be(bytes, 0, bad)).toThrow(RangeError);
  });

  it('refuses a newline in a line of signed text', () => {
    expect(line('room')).toBe('room');
    expect(line(7)).toBe('7');
    expect(() => line('a\nb')).toThrow(RangeError);
  });
});
