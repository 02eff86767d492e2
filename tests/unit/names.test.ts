import { describe, expect, it } from 'vitest';
import { normalizeDisplayName, sameName } from '../../shared/src/room/names.ts';

describe('display names', () => {
  it('[RM4] are trimmed, folded and cleaned of invisible characters', () => {
    expect(normalizeDisplayName('  Ana   María ')).toBe('Ana María');
    expect(normalizeDisplayName('Ana\u200b\u202e')).toBe('Ana');
    expect(normalizeDisplayName('Jose\u0301')).toBe('José');
    expect(normalizeDisplayName('\u200b')).toBeNull();
    expect(normalizeDisplayName('   ')).toBeNull();
  });

  it('[RM4] hold 1 to 40 visible characters, counting emoji as one', () => {
    expect(normalizeDisplayName('x'.repeat(40))).toBe('x'.repeat(40));
    expect(normalizeDisplayName('x'.repeat(41))).toBeNull();
    expect(normalizeDisplayName('🙂'.repeat(40))).toBe('🙂'.repeat(40));
  });

  it('[RM4] keep markup as plain text', () => {
    expect(normalizeDisplayName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('[RM4] compare ignoring case and compatibility forms', () => {
    expect(sameName('Ana', 'ANA')).toBe(true);
    expect(sameName('ﬁona', 'Fiona')).toBe(true);
    expect(sameName('Ana', 'Anna')).toBe(false);
  });
});
