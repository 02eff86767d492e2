import { describe, expect, it } from 'vitest';
import { HISTORY_LIMITS, readHistoryJson } from '../../../shared/src/history/historyFile.ts';
import { recordSession, type SessionInput, withSession } from '../../../shared/src/history/record.ts';
import { DAY, FIRST, sixWeeks, weekly } from './fixture.ts';

const input = (over: Partial<SessionInput> = {}): SessionInput => ({
  startedAt: FIRST,
  agenda: 'Weekly 45',
  meeting: 1,
  attendees: ['Ana', 'Ben'],
  facilitator: 'Ana',
  scribe: null,
  hotSeats: [],
  rows: [],
  aggregates: [],
  ...over,
});

describe('recording a session', () => {
  it('[HF4] a session from what the room knows at its end', () => {
    const record = recordSession(
      input({
        attendees: ['Ana', 'Ben', 'Ana'],
        hotSeats: ['Ben'],
        rows: [{ name: 'Ana', commitment: 'Walk', lastCommitment: '', lastStatus: 'not-reported' }],
        aggregates: [
          { kind: 'stress', question: 'Stress today', respondents: 4, counts: [0, 1, 2, 0, 0] },
          { kind: 'poll', question: 'Too few', respondents: 3, counts: [1, 1] },
          { kind: 'poll', question: 'Keep it?', respondents: 3, counts: [2, 1] },
        ],
      }),
    );
    expect(record).toEqual({
      date: '2026-02-03T18:00:00.000Z',
      agenda: 'Weekly 45',
      meeting: 1,
      attendees: ['Ana', 'Ben'],
      facilitator: 'Ana',
      scribe: null,
      hotSeats: ['Ben'],
      commitments: [{ name: 'Ana', commitment: 'Walk', lastCommitment: '', lastStatus: 'not-reported' }],
      aggregates: [
        { kind: 'stress', question: 'Stress today', answers: 3, respondents: 4, counts: [0, 1, 2, 0, 0], average: 2.5 },
        { kind: 'poll', question: 'Keep it?', answers: 3, respondents: 3, counts: [2, 1], average: null },
      ],
    });
  });

  it('[HF4] texts past the file’s limits are cut, never through a character', () => {
    const record = recordSession(
      input({
        agenda: `${'a'.repeat(79)}😀`,
        rows: [{ name: 'Ana', commitment: 'x'.repeat(2_500), lastCommitment: '', lastStatus: 'kept' }],
      }),
    );
    expect(record.agenda).toBe('a'.repeat(79));
    expect(record.commitments[0]?.commitment).toHaveLength(HISTORY_LIMITS.maxCommitmentLength);
    expect(() => recordSession(input({ attendees: ['x'.repeat(41)] }))).toThrow();
  });

  it('[HF4] sessions go in date order; saving the same session twice replaces it', () => {
    const history = sixWeeks();
    const again = withSession(history, { ...history.sessions[5]!, agenda: 'Renamed' }, history.purpose, weekly(6));
    expect(again.sessions).toHaveLength(6);
    expect(again.sessions[5]?.agenda).toBe('Renamed');
    expect(again.savedAt).toBe(new Date(weekly(6)).toISOString());
    const late = recordSession(input({ startedAt: weekly(2) + DAY }));
    const starts = [weekly(0), weekly(1), weekly(2), weekly(2) + DAY, weekly(3), weekly(4), weekly(5)];
    expect(withSession(history, late, 'p', weekly(6)).sessions.map((s) => s.date)).toEqual(
      starts.map((t) => new Date(t).toISOString()),
    );
    // The input is left as it was.
    expect(history.sessions).toHaveLength(6);
  });

  it('[HF4] a new history from nothing keeps the purpose; aliases carry over', () => {
    const first = withSession(null, recordSession(input()), '  Night shift  ', FIRST + DAY);
    expect(first).toEqual({
      format: 'holdspace-history',
      version: 1,
      purpose: 'Night shift',
      sessions: [recordSession(input())],
      aliases: {},
      savedAt: new Date(FIRST + DAY).toISOString(),
    });
    const aliased = { ...first, aliases: { Tom: 'Tom B.' } };
    expect(withSession(aliased, recordSession(input({ startedAt: weekly(1) })), 'x', weekly(1)).aliases).toEqual({
      Tom: 'Tom B.',
    });
  });

  it('[HF4] at most 200 sessions, and never more than a reader accepts: the oldest go first', () => {
    let history = withSession(null, recordSession(input()), 'p', FIRST);
    for (let i = 1; i <= 205; i++)
      history = withSession(history, recordSession(input({ startedAt: weekly(i), meeting: i + 1 })), 'p', weekly(i));
    expect(history.sessions).toHaveLength(200);
    expect(history.sessions[0]?.meeting).toBe(7);
    expect(history.sessions.at(-1)?.meeting).toBe(206);

    // Fifty members writing 2,000 characters a week: the file stays under 2 MB and reads back.
    const wordy = (i: number) =>
      recordSession(
        input({
          startedAt: weekly(i),
          meeting: i + 1,
          attendees: Array.from({ length: 50 }, (_, m) => `Member ${m}`),
          rows: Array.from({ length: 50 }, (_, m) => ({
            name: `Member ${m}`,
            commitment: 'é'.repeat(2_000),
            lastCommitment: 'é'.repeat(2_000),
            lastStatus: 'kept' as const,
          })),
        }),
      );
    let big = withSession(null, wordy(0), 'p', FIRST);
    for (let i = 1; i < 6; i++) big = withSession(big, wordy(i), 'p', weekly(i));
    const text = JSON.stringify(big);
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(HISTORY_LIMITS.maxBytes);
    expect(big.sessions.length).toBeLessThan(6);
    expect(big.sessions.at(-1)?.meeting).toBe(6);
    expect(readHistoryJson(text).ok).toBe(true);
  });
});
