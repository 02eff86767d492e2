/** Longest display name, in visible characters [RM4]. */
export const MAX_NAME_LENGTH = 40;

/**
 * Most non-spacing or enclosing marks kept in a row on one base character. Three keep pointed
 * Hebrew (shin + dagesh + shin dot + vowel) and Indic clusters (nukta + vowel sign + candrabindu)
 * whole, and leave no room for "Zalgo" piles that spill over the lines above and below. Spacing
 * marks (Burmese, Indic vowel signs) take room sideways like letters, so they do not count.
 */
const MAX_MARKS_PER_BASE = 3;

/**
 * Emoji sequences held together by characters that are invisible on their own: a zero width joiner
 * between pictographs (woman, ZWJ, laptop), a presentation selector after one (heart, U+FE0F), a
 * keycap (1, U+FE0F, U+20E3), a subdivision flag's tags (black flag, tag letters, cancel tag). They
 * are kept whole; the same characters anywhere else are removed.
 */
const EMOJI_SEQUENCE = String.raw`\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|[0-9#*]\uFE0F?\u20E3|\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0E\uFE0F]?(?:\u200D\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0E\uFE0F]?)*`;

/**
 * What no one can see, or can see only as a gap: default-ignorable code points (zero width and
 * direction characters, variation selectors, the Hangul fillers U+3164, U+115F, U+1160, U+FFA0,
 * tags), every other format character, lone surrogates, private use characters (blank or a box
 * except on the one system that draws them), line and paragraph separators, and the blank
 * characters that are none of these: U+2800 BRAILLE PATTERN BLANK, U+13441 and U+13442 EGYPTIAN
 * HIEROGLYPH FULL and HALF BLANK, U+16FE4 KHITAN SMALL SCRIPT FILLER, U+1D159 MUSICAL SYMBOL NULL
 * NOTEHEAD. Wide spaces such as U+3000 are white space and fold like a space.
 */
const UNSEEN = String.raw`\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\u2800\u{13441}\u{13442}\u{16FE4}\u{1D159}`;

// In a name: the above and control characters. In longer texts: the same, keeping line breaks and tabs.
const INVISIBLE = new RegExp(String.raw`(${EMOJI_SEQUENCE})|[${UNSEEN}\p{Cc}]`, 'gu');
const INVISIBLE_IN_TEXT = new RegExp(String.raw`(${EMOJI_SEQUENCE})|[${UNSEEN}]|(?![\n\t])\p{Cc}`, 'gu');

// Non-spacing and enclosing marks past the first few in a row.
const MARK_PILE = new RegExp(String.raw`([\p{Mn}\p{Me}]{${MAX_MARKS_PER_BASE}})[\p{Mn}\p{Me}]+`, 'gu');

// Something a person can see: not white space, not a mark with no letter to sit on.
const VISIBLE = /[^\s\p{M}]/u;

/**
 * Code points that stand for a whole phrase and are drawn as wide as one, up to a dozen letters
 * or more depending on the font: the Arabic phrase ligatures that have no decomposition (﷽ and
 * the honorifics U+FD40–FD4F, U+FDCF, U+FDFE, U+FDFF). No one's name is spelled with them.
 */
const PHRASE_LIGATURE = /[\uFD40-\uFD4F\uFDCF\uFDFD-\uFDFF]/u;

/** Longest compatibility expansion (NFKC) of one code point that a name may hold: ﬁ, ½, ㍻ but not ﷺ. */
const MAX_EXPANSION = 3;

/** A whole phrase in one code point: ﷽, ﷺ (18 letters once expanded), ㌀ (アパート). */
function isPhrase(ch: string): boolean {
  if (ch < '\u00A0') return false;
  return PHRASE_LIGATURE.test(ch) || [...ch.normalize('NFKC')].length > MAX_EXPANSION;
}

function scrub(raw: string, invisible: RegExp): string {
  return raw
    .normalize('NFC')
    .replace(invisible, (_, emoji: string | undefined) => emoji ?? '')
    .replace(MARK_PILE, '$1')
    .normalize('NFC');
}

/**
 * A text as people typed it, minus what no one can see: NFC, with control, zero-width, blank,
 * default-ignorable and direction-changing characters removed (line breaks and tabs kept, emoji
 * sequences whole) and piles of combining marks cut to three per letter, so nothing on the wire
 * can make a purpose or a title display other than it reads [PR4]. A text that is left with only
 * white space is refused by the schemas' trim and minimum length.
 *
 * cleanText('Weekly\u202E debrief') === 'Weekly debrief'
 * cleanText('\u3164') === ''
 */
export function cleanText(raw: string): string {
  return scrub(raw, INVISIBLE_IN_TEXT);
}

/**
 * Cleans a typed display name: NFC, invisible and blank characters removed, combining marks cut to
 * three per letter, runs of white space (U+3000 too) folded to one space, trimmed. Returns null when
 * nothing visible is left, when it is longer than 40 characters, or when it holds a code point that
 * stands for a whole phrase (﷽, ﷺ, ㌀): those draw many letters wide, as wide as the font makes
 * them, so no count of characters would bound the room they take [RM4].
 *
 * normalizeDisplayName('  Ana   María ') === 'Ana María'
 * normalizeDisplayName('\u3164') === null
 */
export function normalizeDisplayName(raw: string): string | null {
  const cleaned = scrub(raw, INVISIBLE).replace(/\s+/gu, ' ').trim();
  if (!VISIBLE.test(cleaned)) return null;
  const characters = [...cleaned];
  if (characters.length > MAX_NAME_LENGTH || characters.some(isPhrase)) return null;
  return cleaned;
}
