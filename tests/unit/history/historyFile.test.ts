import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toExport } from '../../../shared/src/board/exchange.ts';
import {
  averageOf,
  HISTORY_LIMITS,
  HistoryFile,
  type HistoryRead,
  readHistoryJson,
} from '../../../shared/src/history/historyFile.ts';
import { canonicalName } from '../../../shared/src/history/names.ts';
import { sixWeeks } from './fixture.ts';

function refused(read: HistoryRead): string {
  if (read.ok) throw new Error('expected a refusal');
  return read.message;
}

const withSessionChange = (change: (session: Record<string, unknown>) => void) => {
  const value = JSON.parse(JSON.stringify(sixWeeks()));
  change(value.sessions[0]);
  return JSON.stringify(value);
};

describe('the history file', () => {
  it('[HF1] round-trips through JSON and the schema unchanged', () => {
    const history = sixWeeks();
    const read = readHistoryJson(JSON.stringify(history));
    expect(read).toEqual({ ok: true, history, from: 'history' });
    expect(HistoryFile.parse(history)).toEqual(history);
    expect(history.sessions).toHaveLength(6);
    expect(history.sessions[2]?.aggregates[0]).toEqual({
      kind: 'stress',
      question: 'Stress today',
      answers: 4,
      respondents: 4,
      counts: [0, 1, 2, 1, 0],
      average: 3,
    });
  });

  it('[HF1] averages are rounded to the nearest half; a poll has none', () => {
    expect(averageOf('stress', [0, 1, 1, 0, 0])).toBe(2.5);
    expect(averageOf('stress', [1, 1, 1, 0, 0])).toBe(2);
    expect(averageOf('valuable', [0, 0, 0, 0, 0, 0, 1, 1, 0, 0])).toBe(7.5);
    expect(averageOf('poll', [3, 1])).toBeNull();
  });

  it('[HF1] every length is bounded and every aggregate checked against its counts', () => {
    const cases: [string, (s: Record<string, unknown>) => void][] = [
      ['a 41-character name', (s) => (s.attendees = ['x'.repeat(41)])],
      ['51 attendees', (s) => (s.attendees = Array.from({ length: 51 }, (_, i) => `M${i}`))],
      [
        'a 2,001-character commitment',
        (s) => ((s.commitments as { commitment: string }[])[0]!.commitment = 'x'.repeat(2_001)),
      ],
      ['an 81-character agenda', (s) => (s.agenda = 'x'.repeat(81))],
      ['a status the board has not', (s) => ((s.commitments as { lastStatus: string }[])[0]!.lastStatus = 'FAILED')],
      ['an empty name', (s) => (s.facilitator = '\u200B')],
      ['a date that is not one', (s) => (s.date = 'last Tuesday')],
      ['a meeting 0', (s) => (s.meeting = 0)],
      [
        'two answers',
        (s) =>
          (s.aggregates = [
            { kind: 'stress', question: '', answers: 2, respondents: 3, counts: [2, 0, 0, 0, 0], average: 1 },
          ]),
      ],
      [
        'counts of the wrong kind',
        (s) =>
          (s.aggregates = [{ kind: 'stress', question: '', answers: 3, respondents: 3, counts: [3, 0], average: 1 }]),
      ],
      [
        'counts that do not add up',
        (s) =>
          (s.aggregates = [{ kind: 'poll', question: '', answers: 3, respondents: 3, counts: [3, 1], average: null }]),
      ],
      [
        'an average that does not match',
        (s) =>
          (s.aggregates = [
            { kind: 'stress', question: '', answers: 3, respondents: 3, counts: [3, 0, 0, 0, 0], average: 4 },
          ]),
      ],
    ];
    for (const [what, change] of cases) {
      expect(refused(readHistoryJson(withSessionChange(change))), what).toMatch(/^This history file is damaged/);
    }
    const many = { ...sixWeeks() };
    many.sessions = Array.from({ length: HISTORY_LIMITS.maxSessions + 1 }, () => many.sessions[0]!);
    expect(readHistoryJson(JSON.stringify(many)).ok).toBe(false);
    expect(readHistoryJson(JSON.stringify({ ...many, sessions: many.sessions.slice(1) })).ok).toBe(true);
  });

  it('[HF1] names and texts are cleaned as the room cleans them; sessions are put in date order', () => {
    const value = JSON.parse(JSON.stringify(sixWeeks()));
    value.sessions[0].attendees[0] = '  Ana\u202E ';
    value.sessions.reverse();
    const read = readHistoryJson(JSON.stringify(value));
    if (!read.ok) throw new Error(read.message);
    expect(read.history.sessions[0]?.attendees[0]).toBe('Ana');
    expect(read.history.sessions.map((s) => s.meeting)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('[HF2] last session’s board export opens as a history of one session', () => {
    const exported = toExport(
      [
        {
          memberId: 'a',
          name: 'Aisha',
          commitment: 'Email 1 provider',
          lastCommitment: 'Walk',
          lastStatus: 'kept',
          note: 'n',
        },
        { memberId: 'm', name: 'Marco', commitment: '', lastCommitment: '', lastStatus: 'not-reported', note: '' },
      ],
      'Weekly debrief',
      new Date('2026-11-25T10:00:00Z'),
    );
    expect(readHistoryJson(JSON.stringify(exported))).toEqual({
      ok: true,
      from: 'board-export',
      history: {
        format: 'holdspace-history',
        version: 1,
        purpose: 'Weekly debrief',
        savedAt: '2026-11-25T10:00:00.000Z',
        aliases: {},
        sessions: [
          {
            date: '2026-11-25T10:00:00.000Z',
            agenda: '',
            meeting: 1,
            attendees: ['Aisha', 'Marco'],
            facilitator: null,
            scribe: null,
            hotSeats: [],
            commitments: [
              { name: 'Aisha', commitment: 'Email 1 provider', lastCommitment: 'Walk', lastStatus: 'kept' },
              { name: 'Marco', commitment: '', lastCommitment: '', lastStatus: 'not-reported' },
            ],
            aggregates: [],
          },
        ],
      },
    });
    // An export without the optional columns, as BoardImport accepted it, opens too.
    const bare = {
      format: 'holdspace-board',
      version: 1,
      exportedAt: '2026-11-25T10:00:00Z',
      rows: [{ name: 'A', commitment: 'c' }],
    };
    const read = readHistoryJson(JSON.stringify(bare));
    expect(read.ok && read.history.sessions[0]?.commitments[0]).toEqual({
      name: 'A',
      commitment: 'c',
      lastCommitment: '',
      lastStatus: 'not-reported',
    });
  });

  it('[HF2] anything else is refused with a plain sentence, without throwing', () => {
    const notOurs = 'This file is not a Holdspace history or board export. Nothing was changed.';
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const text of [
      '',
      'null',
      '[]',
      '"holdspace-history"',
      '42',
      '{',
      '{"format":"calendar"}',
      nested,
      '\u0000',
    ]) {
      expect(refused(readHistoryJson(text)), text.slice(0, 20)).toBe(notOurs);
    }
    expect(refused(readHistoryJson('{"format":"holdspace-history","version":1}'))).toMatch(
      /^This history file is damaged/,
    );
    expect(refused(readHistoryJson('{"format":"holdspace-board","version":1,"rows":"x"}'))).toMatch(
      /^This board export is damaged/,
    );
    expect(refused(readHistoryJson(JSON.stringify({ ...sixWeeks(), version: 2 })))).toMatch(
      /newer version of Holdspace/,
    );
    expect(refused(readHistoryJson('{"format":"holdspace-history-sealed","version":1}'))).toMatch(/passphrase/);
    const big = JSON.stringify({ ...sixWeeks(), purpose: 'x'.repeat(HISTORY_LIMITS.maxBytes) });
    expect(refused(readHistoryJson(big))).toBe(
      'This file is too big to be a Holdspace history (over 2 MB). Nothing was changed.',
    );
    // Counted in UTF-8 bytes: 700,000 three-byte characters are over 2 MB.
    expect(refused(readHistoryJson(`"${'€'.repeat(700_000)}"`))).toMatch(/too big/);
  });

  it('[HF2] a "__proto__" key reaches no prototype, and a name like one is only a name', () => {
    const value = JSON.parse(JSON.stringify(sixWeeks()));
    const text = JSON.stringify(value)
      .replace('{"format"', '{"__proto__":{"polluted":"yes"},"format"')
      .replace('"aliases":{}', '"aliases":{"__proto__":"Tom B.","constructor":"Ana"}')
      .replace('"attendees":[', '"attendees":[{"__proto__":{"polluted":"yes"}},');
    expect(readHistoryJson(text).ok).toBe(false);
    const withoutBadName = text.replace('{"__proto__":{"polluted":"yes"}},', '');
    const read = readHistoryJson(withoutBadName);
    if (!read.ok) throw new Error(read.message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(read.history)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(read.history.aliases)).toBe(Object.prototype);
    expect(Object.keys(read.history.aliases)).toEqual(['__proto__', 'constructor']);
    expect(canonicalName(read.history, '__proto__')).toBe('Tom B.');
    expect(canonicalName(read.history, 'toString')).toBe('toString');
    // What was read is written and read back the same.
    expect(readHistoryJson(JSON.stringify(read.history))).toEqual(read);
  });

  it('[HF2] no JSON value and no text makes the reader throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
        ),
        (text) => {
          expect(readHistoryJson(text).ok).toBe(false);
        },
      ),
    );
    // Valid files with one field swapped for any JSON value: read or refused, never thrown.
    const base = JSON.parse(JSON.stringify(sixWeeks()));
    const paths = [
      ['purpose'],
      ['sessions', 0, 'attendees'],
      ['sessions', 2, 'aggregates', 0, 'counts'],
      ['aliases'],
      ['savedAt'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, replacement) => {
        const value = structuredClone(base);
        let at = value;
        for (const key of path.slice(0, -1)) at = at[key];
        at[path.at(-1)!] = replacement;
        const read = readHistoryJson(JSON.stringify(value));
        if (read.ok) expect(HistoryFile.parse(read.history)).toEqual(read.history);
        else expect(read.message).toMatch(/^This history file is damaged/);
      }),
      { numRuns: 300 },
    );
  });
});
