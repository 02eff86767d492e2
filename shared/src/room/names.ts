/** Longest display name, in visible characters [RM4]. */
export const MAX_NAME_LENGTH = 40;

// Control, format (zero-width, bidi overrides) and separator characters other than a plain space.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
// The same, but for line breaks and tabs, which longer texts may keep.
const INVISIBLE_IN_TEXT = /[\p{Cf}\p{Zl}\p{Zp}]|(?![\n\t])\p{Cc}/gu;

/**
 * A text as people typed it, minus what no one can see: NFC, with control, zero-width and
 * direction-changing characters removed (line breaks and tabs kept), so nothing on the wire can
 * make a purpose or a title display other than it reads [PR4].
 *
 * cleanText('Weekly\u202E debrief') === 'Weekly debrief'
 */
export function cleanText(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE_IN_TEXT, '');
}

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

/**
 * `name`, or `name (2)`, `name (3)`… when someone here already uses it, so a newcomer never learns
 * from a refusal who is in the room [RM4]. The base is shortened so the result stays within 40.
 *
 * uniqueName('Ana', ['ana']) === 'Ana (2)'
 */
export function uniqueName(name: string, taken: readonly string[]): string {
  const free = (candidate: string) => !taken.some((t) => sameName(t, candidate));
  if (free(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const base = [...name]
      .slice(0, MAX_NAME_LENGTH - suffix.length)
      .join('')
      .trimEnd();
    if (free(base + suffix)) return base + suffix;
  }
}
