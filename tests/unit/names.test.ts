import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CreateRoomRequest } from '../../shared/src/protocol/rest.ts';
import { CONFUSABLES_COUNT, CONFUSABLES_VERSION } from '../../shared/src/room/confusablesData.ts';
import { lookalikeOf } from '../../shared/src/room/lookalike.ts';
import { nameSkeleton, sameName, uniqueName } from '../../shared/src/room/nameSkeleton.ts';
import { cleanText, MAX_NAME_LENGTH, normalizeDisplayName } from '../../shared/src/room/names.ts';

/** The longest run of non-spacing or enclosing marks in a text. */
function longestMarkRun(text: string): number {
  return Math.max(0, ...(text.match(/[\p{Mn}\p{Me}]+/gu) ?? []).map((run) => [...run].length));
}

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

describe('display names: what no one can see [RM4]', () => {
  it('[RM4] refuse a name that is only a Hangul filler, a Braille blank or other blanks', () => {
    const blanks = ['\u3164', '\u2800', '\u115f', '\u1160', '\uffa0', '\u3164\u2800\u200b', '\u{1D159}', '\u3000'];
    for (const blank of blanks) expect(normalizeDisplayName(blank), blank).toBeNull();
  });

  it('[RM4] strip default-ignorable and blank characters inside a name', () => {
    expect(normalizeDisplayName('Ana\u3164')).toBe('Ana');
    expect(normalizeDisplayName('A\u2800na')).toBe('Ana');
    expect(normalizeDisplayName('An\u00ada\ufe0f\u034f')).toBe('Ana');
    expect(normalizeDisplayName('Ana\u{E0041}')).toBe('Ana');
    expect(normalizeDisplayName('Ana\uD800')).toBe('Ana'); // a lone surrogate
  });

  it('[RM4] fold the ideographic space and other wide spaces like a space', () => {
    expect(normalizeDisplayName('Ana\u3000\u3000María')).toBe('Ana María');
    expect(normalizeDisplayName('\u3000Ana\u2003')).toBe('Ana');
  });

  it('[RM4] number "Ana" + Hangul filler as a second Ana', () => {
    const typed = normalizeDisplayName('Ana\u3164');
    expect(typed).toBe('Ana');
    expect(uniqueName(typed ?? '', ['Ana'])).toBe('Ana (2)');
    expect(sameName('Ana\u3164', 'Ana')).toBe(true);
  });

  it('[RM4] keep emoji sequences whole, their joiners and selectors included', () => {
    const scotland = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    const coder = '\u{1F469}\u200D\u{1F4BB}';
    const rainbowFlag = '\u{1F3F3}\uFE0F\u200D\u{1F308}';
    for (const emoji of [coder, '\u2764\uFE0F', '1\uFE0F\u20E3', rainbowFlag, '👍🏽', scotland, '🇵🇹']) {
      expect(normalizeDisplayName(`Ana ${emoji}`), emoji).toBe(`Ana ${emoji}`);
    }
    expect(normalizeDisplayName('Ana\u200d\ufe0f')).toBe('Ana');
    expect(normalizeDisplayName('🙂'.repeat(40))).toBe('🙂'.repeat(40));
  });
});

describe('display names: piles of marks and very wide characters [RM4]', () => {
  it('[RM4] cut a pile of 40 combining marks to three on its letter', () => {
    const name = normalizeDisplayName(`Ana${'\u0301'.repeat(40)}`);
    expect(name).not.toBeNull();
    expect(longestMarkRun(name ?? '')).toBe(3);
    expect(name).toBe(`Aná${'\u0301'.repeat(3)}`);
    expect(normalizeDisplayName(`a${'\u0300\u0301\u0302\u0303'.repeat(10)}`)?.length).toBeLessThanOrEqual(4);
  });

  it('[RM4] refuse marks with no letter to sit on', () => {
    expect(normalizeDisplayName('\u0301'.repeat(40))).toBeNull();
    expect(normalizeDisplayName(' \u20dd ')).toBeNull();
  });

  it('[RM4] keep the marks real writing needs', () => {
    expect(normalizeDisplayName('Jose\u0301')).toBe('José');
    expect(normalizeDisplayName('שַּׁבָּת')).toBe('שַּׁבָּת'.normalize('NFC')); // shin, patah, dagesh, shin dot
    expect(normalizeDisplayName('ကြွေး')).toBe('ကြွေး'); // Burmese: spacing marks do not count
    expect(normalizeDisplayName('Nguyễn Thị Ánh')).toBe('Nguyễn Thị Ánh');
  });

  it('[RM4] refuse code points that stand for a whole phrase, such as U+FDFD', () => {
    expect(normalizeDisplayName('\uFDFD'.repeat(40))).toBeNull();
    expect(normalizeDisplayName('\uFDFD')).toBeNull();
    expect(normalizeDisplayName('Ana \uFDFD')).toBeNull();
    expect(normalizeDisplayName('Ana \uFDFA')).toBeNull(); // NFKC: 18 letters
    expect(normalizeDisplayName('\u3300')).toBeNull(); // ㌀, NFKC: アパート
    expect(normalizeDisplayName('ﬁona ½ ㍻')).toBe('ﬁona ½ ㍻'); // short expansions stay
    expect(normalizeDisplayName(`${'x'.repeat(MAX_NAME_LENGTH - 1)}ﬃ`)).toBe(`${'x'.repeat(39)}ﬃ`);
  });
});

describe('display names: lookalikes [RM4]', () => {
  it('[RM4] number a name that only looks like one in use (Cyrillic А, е)', () => {
    expect(normalizeDisplayName('Аna')).toBe('Аna');
    expect(uniqueName('Аna', ['Ana'])).toBe('Аna (2)');
    expect(uniqueName('Bеn', ['Ben'])).toBe('Bеn (2)');
    expect(uniqueName('Ana', ['Fran'])).toBe('Ana');
    expect(uniqueName('ana', ['Ana', 'Аna (2)'])).toBe('ana (3)');
    expect(sameName('Аna', 'Ana')).toBe(true);
    expect(sameName('Bеn', 'Ben')).toBe(true);
  });

  it('[RM4] compare ignoring case, compatibility forms and confusable letters (UTS #39 skeleton)', () => {
    expect(sameName('Ana', 'ANA')).toBe(true);
    expect(sameName('ﬁona', 'Fiona')).toBe(true);
    expect(sameName('rn', 'm')).toBe(true);
    expect(sameName('Ian', 'lan')).toBe(true); // capital I and small l
    expect(sameName('Ｊｏｓé', 'José')).toBe(true);
    expect(sameName('𝐀𝐧𝐚', 'Ana')).toBe(true);
    expect(sameName('Jose\u0301', 'José')).toBe(true);
  });

  it('[RM4] keep names apart that do not look alike', () => {
    expect(sameName('Ana', 'Anna')).toBe(false);
    expect(sameName('Ana', 'Ama')).toBe(false);
    expect(sameName('Ana', 'Ana María')).toBe(false);
    expect(sameName('ian', 'lan')).toBe(false);
    expect(sameName('Kim', 'Kin')).toBe(false);
    expect(sameName('Søren', 'Soren')).toBe(false);
    // UTS #39 maps Greek ν to "v" and κ to "ĸ": Νίκος does not read as Nikos.
    expect(sameName('Νίκος', 'Nikos')).toBe(false);
    expect(sameName('Νίκος', 'ΝΊΚΟΣ')).toBe(true);
    expect(uniqueName('Ama', ['Ana'])).toBe('Ama');
  });

  it('[RM4] shorten the base so a numbered lookalike stays within 40 characters', () => {
    const long = `А${'n'.repeat(39)}`; // Cyrillic А
    const numbered = uniqueName(long, [`A${'n'.repeat(39)}`]);
    expect(numbered).toBe(`А${'n'.repeat(35)} (2)`);
    expect([...numbered].length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  });

  it('[RM4, RM6] tell the facilitator whom a knock looks like', () => {
    expect(lookalikeOf('Аna', ['Fran', 'Ana'])).toBe('Ana');
    expect(lookalikeOf('Аna (2)', ['Fran', 'Ana'])).toBe('Ana');
    expect(lookalikeOf('Ama', ['Fran', 'Ana'])).toBeNull();
  });

  it('[RM4] use the whole of confusables.txt from a recent Unicode version', () => {
    expect(CONFUSABLES_VERSION).toBe('17.0.0');
    expect(CONFUSABLES_COUNT).toBe(6565);
    expect(nameSkeleton('m')).toBe('rn');
    expect(nameSkeleton('Аna')).toBe(nameSkeleton('ana'));
  });

  it('[RM4] skeletons are settled, and sameName is reflexive and symmetric', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom(...'AaIl1|rnmоОΑаеᎪǄǅǆ\u0301\u0307 \u3164ﬁ'), maxLength: 8 }),
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(sameName(a, a)).toBe(true);
        expect(sameName(a, b)).toBe(sameName(b, a));
        expect(nameSkeleton(nameSkeleton(a))).toBe(nameSkeleton(a));
        if (nameSkeleton(a) === nameSkeleton(b)) expect(sameName(a, b)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('purposes and titles (cleanText) [PR4]', () => {
  const request = (purpose: string) => CreateRoomRequest.safeParse({ templateId: 'weekly-45', purpose });

  it('[PR4] keep line breaks and tabs, strip what no one can see', () => {
    expect(cleanText('Weekly\u202E debrief')).toBe('Weekly debrief');
    expect(cleanText('One\n\ttwo\u3164\u2800\u200b')).toBe('One\n\ttwo');
    const emoji = 'Check-in \u2764\uFE0F \u{1F469}\u200D\u{1F4BB}';
    expect(cleanText(emoji)).toBe(emoji);
    expect(longestMarkRun(cleanText(`Z${'\u0301\u0316'.repeat(20)}algo`))).toBe(3);
  });

  it('[PR4] refuse a purpose with nothing visible in it', () => {
    expect(request('\u3164').success).toBe(false);
    expect(request('\u2800 \u200b').success).toBe(false);
    expect(request('\u3000\u115f').success).toBe(false);
    const ok = request('  Weekly\u3164 debrief ');
    expect(ok.success && ok.data.purpose).toBe('Weekly debrief');
  });
});
