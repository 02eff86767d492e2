/** Longest display name, in visible characters [RM4]. */
export const MAX_NAME_LENGTH = 40;

// Control, format (zero-width, bidi overrides) and separator characters other than a plain space.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Cleans a typed display name: NFC, invisible characters removed, runs of white space folded,
 * trimmed. Returns null when nothing visible is left or it is longer than 40 characters.
 *
 * normalizeDisplayName('  Ana   María ') === 'Ana María'
 */
export function normalizeDisplayName(raw: string): string | null {
  const cleaned = raw.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  const length = [...cleaned].length;
  if (length === 0 || length > MAX_NAME_LENGTH) return null;
  return cleaned;
}

/** Two names that look the same to people count as the same name. */
export function sameName(a: string, b: string): boolean {
  const key = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en');
  return key(a) === key(b);
}
