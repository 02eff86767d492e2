// The next sessions as an iCalendar file (RFC 5545), made on the device [HF7]: members add the
// group's dates to their own calendar without the server ever knowing them.

export interface CalendarInput {
  title: string;
  /** The next session's start, ms since the epoch. */
  first: number;
  everyDays: 7 | 14 | 28;
  durationMinutes: number;
  count?: number;
  /** For DTSTAMP. */
  now: number;
  /** Letters, digits, dot, dash or underscore: the same seed gives the same event the same UID. */
  uidSeed: string;
}

const MAX_OCTETS = 75;

/** A code point's UTF-8 length; a lone surrogate is written as U+FFFD, 3 octets. */
function utf8Octets(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/**
 * `ms` moved by whole days on the device's own calendar, so a session at 18:00 stays at 18:00
 * local time across a daylight-saving change.
 */
function addLocalDays(ms: number, days: number): number {
  const date = new Date(ms);
  date.setDate(date.getDate() + days);
  return date.getTime();
}

/** The `count` session starts after `lastStart`, every `everyDays` days at the same local time. */
export function suggestNextDates(lastStart: number, everyDays: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => addLocalDays(lastStart, everyDays * (i + 1)));
}

/** TEXT value escaping (RFC 5545 §3.3.11); other control characters, which TEXT may not hold, go. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/(?!\t)\p{Cc}/gu, '');
}

/**
 * A content line folded to at most 75 octets per line (RFC 5545 §3.1): CRLF and a space before
 * each continuation, which counts toward its line, and never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Octets(ch);
    if (octets + size > MAX_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n');
}

/** 20260304T180000Z */
function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

const UID_SEED = /^[A-Za-z0-9._-]{1,64}$/;
/** Years iCalendar's DATE-TIME can spell in four digits. */
const LATEST = Date.UTC(9999, 11, 31);

/**
 * The next `count` sessions (3 unless said) as a VCALENDAR text, one VEVENT each, times in UTC
 * [HF7]. An event's UID is the seed and its start, so importing next week's file updates the
 * sessions already in a calendar instead of adding them twice. Throws RangeError for arguments no
 * page should pass.
 */
export function nextSessionsCalendar(input: CalendarInput): string {
  const { title, first, everyDays, durationMinutes, count = 3, now, uidSeed } = input;
  if (everyDays !== 7 && everyDays !== 14 && everyDays !== 28) {
    throw new RangeError(`sessions are every 7, 14 or 28 days, not ${everyDays}`);
  }
  if (!Number.isInteger(durationMinutes) || durationMinutes < 1 || durationMinutes > 24 * 60) {
    throw new RangeError(`not a session length in minutes: ${durationMinutes}`);
  }
  if (!Number.isInteger(count) || count < 1 || count > 52) throw new RangeError(`not a number of sessions: ${count}`);
  if (!UID_SEED.test(uidSeed)) throw new RangeError('a UID seed is letters, digits, dot, dash or underscore');
  const starts = [first, ...suggestNextDates(first, everyDays, count - 1)];
  for (const t of [now, ...starts]) {
    if (!Number.isFinite(t) || t < 0 || t > LATEST) throw new RangeError(`not a date a calendar can hold: ${t}`);
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Holdspace//Session dates//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...starts.flatMap((start) => [
      'BEGIN:VEVENT',
      `UID:${uidSeed}-${utcStamp(start)}@holdspace`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART:${utcStamp(start)}`,
      `DTEND:${utcStamp(start + durationMinutes * 60_000)}`,
      `SUMMARY:${escapeText(title)}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
