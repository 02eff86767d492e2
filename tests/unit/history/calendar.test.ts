import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CalendarInput,
  escapeText,
  foldLine,
  nextSessionsCalendar,
  suggestNextDates,
} from '../../../shared/src/history/calendar.ts';

const DAY = 86_400_000;
const NEXT = Date.UTC(2026, 2, 17, 18, 0);
const NOW = Date.UTC(2026, 2, 10, 19, 30, 5);
const TITLE = 'Night shift, peer support; week 😀 — “Tuesday” \\ debrief';

const calendar = (over: Partial<CalendarInput> = {}) =>
  nextSessionsCalendar({
    title: TITLE,
    first: NEXT,
    everyDays: 7,
    durationMinutes: 45,
    now: NOW,
    uidSeed: 'g7f3a',
    ...over,
  });

function events(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  return root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const octets = (line: string) => new TextEncoder().encode(line).length;
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('the next sessions as an iCalendar file', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('[HF7] three VEVENTs that a real iCalendar parser reads back exactly', () => {
    const text = calendar();
    const root = new ICAL.Component(ICAL.parse(text));
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(root.getFirstPropertyValue('prodid')).toBe('-//Holdspace//Session dates//EN');
    const read = events(text);
    expect(read).toHaveLength(3);
    expect(read.map((e) => e.startDate.toJSDate().getTime())).toEqual([NEXT, NEXT + 7 * DAY, NEXT + 14 * DAY]);
    expect(read.map((e) => e.endDate.toJSDate().getTime() - e.startDate.toJSDate().getTime())).toEqual([
      45 * 60_000,
      45 * 60_000,
      45 * 60_000,
    ]);
    expect(read.every((e) => e.startDate.zone === ICAL.Timezone.utcTimezone)).toBe(true);
    expect(read.map((e) => e.summary)).toEqual([TITLE, TITLE, TITLE]);
    expect(new Set(read.map((e) => e.uid)).size).toBe(3);
    expect(read[0]?.uid).toBe('g7f3a-20260317T180000Z@holdspace');
    expect(read[0]?.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-03-10T19:30:05Z');
    expect(text).toContain('\r\nDTSTART:20260317T180000Z\r\n');
    expect(text).toContain('SUMMARY:Night shift\\, peer support\\; week 😀 — “Tuesday” \\\\ debrief\r\n');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('[HF7] a long title with emoji and line breaks is folded at 75 octets and reads back whole', () => {
    const title = `${'Weekly peer support, for those on nights; '.repeat(4)}🧑‍⚕️🫶🏽 ü\nsecond line`;
    const text = calendar({ title, everyDays: 14 });
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines.every((line) => octets(line) <= 75)).toBe(true);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(
      lines.every((line) => new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(line)) === line),
    ).toBe(true);
    const read = events(text);
    expect(read[0]?.summary).toBe(title);
    expect(read[2]?.startDate.toJSDate().getTime()).toBe(NEXT + 28 * DAY);
  });

  it('[HF7] folding never makes a line longer than 75 octets, never splits a character, and unfolds to the original', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.constantFrom('SUMMARY:', 'X:', ''),
        (text, name) => {
          const line = name + text.replace(/[\r\n]/g, '');
          const folded = foldLine(line);
          const parts = folded.split('\r\n');
          for (const [i, part] of parts.entries()) {
            expect(octets(part)).toBeLessThanOrEqual(75);
            if (i > 0) expect(part.startsWith(' ')).toBe(true);
            expect(part).not.toMatch(LONE_SURROGATE);
          }
          expect(unfold(folded)).toBe(line);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('[HF7] any title a member types reads back from a real parser as they typed it', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 120 }),
        fc.string({ unit: 'binary-ascii', maxLength: 10 }),
        (a, b) => {
          const title = a + b;
          const expected = title.replace(/\r\n|\r/g, '\n').replace(/(?![\t\n])\p{Cc}/gu, '');
          expect(events(calendar({ title }))[0]?.summary).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
    expect(escapeText('a\\b;c,d\r\ne\u0007')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('[HF7] the next dates keep the local time of day across a daylight-saving change', () => {
    process.env.TZ = 'Europe/Berlin';
    // Tuesday 24 March 2026, 19:00 in Berlin; the clocks go forward on Sunday 29 March.
    const last = Date.UTC(2026, 2, 24, 18, 0);
    const next = suggestNextDates(last, 7, 3);
    expect(next.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-31T17:00:00.000Z',
      '2026-04-07T17:00:00.000Z',
      '2026-04-14T17:00:00.000Z',
    ]);
    expect(next.map((t) => new Date(t).getHours())).toEqual([19, 19, 19]);
    const read = events(calendar({ first: last }));
    expect(read.map((e) => e.startDate.toString())).toEqual([
      '2026-03-24T18:00:00Z',
      '2026-03-31T17:00:00Z',
      '2026-04-07T17:00:00Z',
    ]);
  });

  it('[HF7] arguments no page should pass are refused', () => {
    expect(() => calendar({ everyDays: 10 as 7 })).toThrow(RangeError);
    expect(() => calendar({ durationMinutes: 0 })).toThrow(RangeError);
    expect(() => calendar({ count: 0 })).toThrow(RangeError);
    expect(() => calendar({ uidSeed: 'a\r\nX-EVIL:1' })).toThrow(RangeError);
    expect(() => calendar({ first: Number.NaN })).toThrow(RangeError);
    expect(events(calendar({ count: 1 }))).toHaveLength(1);
  });
});
