import { describe, expect, it } from 'vitest';
import { withAlias } from '../../../shared/src/history/names.ts';
import { historyPatterns, outcomeLabels, reviewQuestions } from '../../../shared/src/history/patterns.ts';
import { recordSession, withSession } from '../../../shared/src/history/record.ts';
import { sameName } from '../../../shared/src/room/nameSkeleton.ts';
import { DAY, NOW, PRESENT, sixWeeks, weekly } from './fixture.ts';

const withTom = () => withAlias(sixWeeks(), 'Tom', 'Tom B.');

describe('the patterns a history shows', () => {
  it('[HF6] a commitment the same three sessions in a row, case, spacing and punctuation aside', () => {
    const p = historyPatterns(withTom(), PRESENT, NOW, sameName);
    expect(p.repeatedCommitments).toEqual([{ name: 'Ana', commitment: 'Walk 20 minutes, after lunch!', sessions: 3 }]);
    // Two in a row is not a pattern yet.
    expect(historyPatterns(sixWeeks(5), PRESENT, NOW, sameName).repeatedCommitments).toEqual([]);
  });

  it('[HF6] outcomes over the last six sessions, in the guide’s words', () => {
    const p = historyPatterns(withTom(), PRESENT, NOW, sameName);
    const counts = Object.fromEntries(p.outcomes.map((o) => [o.name, o.counts]));
    expect(p.outcomes.map((o) => o.name)).toEqual(['Ana', 'Ben', 'Cleo', 'Dev', 'Tom B.']);
    expect(counts.Ana).toEqual({ kept: 4, 'half-kept': 1, failed: 0, 'not-reported': 0 });
    expect(counts.Cleo).toEqual({ kept: 0, 'half-kept': 1, failed: 1, 'not-reported': 1 });
    // Dev's first row had nothing to report, so it is not counted as "not reported".
    expect(counts.Dev).toEqual({ kept: 0, 'half-kept': 0, failed: 1, 'not-reported': 0 });
    expect(counts['Tom B.']).toEqual({ kept: 3, 'half-kept': 1, failed: 1, 'not-reported': 0 });
    expect(Object.values(outcomeLabels)).toEqual(['Kept it', 'Half-kept it', 'Failed it', 'Not reported']);
  });

  it('[HF6] attendance over the last four, since each member’s first session, flagged below 80%', () => {
    const p = historyPatterns(withTom(), PRESENT, NOW, sameName);
    expect(
      p.attendance.map(({ name, attended, considered, below80 }) => [name, attended, considered, below80]),
    ).toEqual([
      ['Ana', 4, 4, false],
      ['Ben', 3, 4, true],
      ['Cleo', 2, 4, true],
      ['Dev', 2, 2, false],
      ['Tom B.', 4, 4, false],
    ]);
    expect(p.attendance.find((a) => a.name === 'Ben')?.share).toBe(0.75);
  });

  it('[HF6] the share of reported commitments kept over the last four sessions', () => {
    // Sessions 3–6: kept 2 of 4, 2 of 3, 1 of 2 (two not reported), 2 of 4.
    expect(historyPatterns(withTom(), PRESENT, NOW, sameName).keptShare).toEqual({
      kept: 7,
      reported: 13,
      share: 7 / 13,
    });
    expect(historyPatterns(sixWeeks(1), PRESENT, NOW, sameName).keptShare).toEqual({
      kept: 0,
      reported: 0,
      share: null,
    });
  });

  it('[HF6] stress and "valuable" trends, one point per session that revealed one', () => {
    const p = historyPatterns(withTom(), PRESENT, NOW, sameName);
    const iso = (i: number) => new Date(weekly(i)).toISOString();
    expect(p.stressTrend).toEqual([
      { date: iso(2), average: 3, answers: 4 },
      { date: iso(4), average: 2, answers: 4 },
      { date: iso(5), average: 2.5, answers: 4 },
    ]);
    expect(p.valuableTrend).toEqual([
      { date: iso(3), average: 8, answers: 3 },
      { date: iso(4), average: 7, answers: 4 },
    ]);
  });

  it('[HF6] the last eight sessions with a stress answer make the trend, two in one session added together', () => {
    let history = sixWeeks();
    for (let i = 6; i < 12; i++) {
      const record = recordSession({
        startedAt: weekly(i),
        agenda: '',
        meeting: i + 1,
        attendees: ['Ana'],
        facilitator: null,
        scribe: null,
        hotSeats: [],
        rows: [],
        aggregates: [
          { kind: 'stress', question: 'Before', respondents: 3, counts: [3, 0, 0, 0, 0] },
          { kind: 'stress', question: 'After', respondents: 3, counts: [0, 0, 0, 0, 3] },
        ],
      });
      history = withSession(history, record, history.purpose, weekly(i) + DAY);
    }
    const trend = historyPatterns(history, PRESENT, weekly(12), sameName).stressTrend;
    expect(trend).toHaveLength(8);
    expect(trend[0]?.date).toBe(new Date(weekly(4)).toISOString());
    expect(trend.at(-1)).toEqual({ date: new Date(weekly(11)).toISOString(), average: 3, answers: 6 });
  });

  it('[HF6] members here who had no hot seat in the last 28 days', () => {
    expect(historyPatterns(withTom(), PRESENT, NOW, sameName).noHotSeatThisMonth).toEqual(['Ben', 'Cleo']);
    // A month later, no one has had one.
    expect(historyPatterns(withTom(), PRESENT, NOW + 28 * DAY, sameName).noHotSeatThisMonth).toEqual(PRESENT);
  });

  it('[HF6] after four meetings facilitated by the same person, the one here who never has is suggested', () => {
    const p = historyPatterns(withTom(), PRESENT, NOW, sameName);
    expect(p.nextFacilitator).toEqual({
      name: 'Dev',
      reason: 'Ana has facilitated 4 meetings in a row: time to rotate. Dev has not facilitated yet.',
    });
    // Ben was the scribe last time, and is not the next facilitator: he stays.
    expect(p.nextScribe?.name).toBe('Ben');
    expect(p.nextScribe?.reason).toBe(
      'Ben was the scribe last time; the guide suggests changing every 4 to 6 meetings.',
    );
    // Three in a row: Ana stays.
    expect(historyPatterns(sixWeeks(5), PRESENT, NOW, sameName).nextFacilitator?.name).toBe('Ana');
  });

  it('[HF6] rotation prefers whoever held the role least recently, and someone here', () => {
    // Without Dev and Tom B., Ben (session 1) held it longer ago than Cleo (session 2).
    expect(historyPatterns(withTom(), ['Ana', 'Ben', 'Cleo'], NOW, sameName).nextFacilitator?.name).toBe('Ben');
    const absent = historyPatterns(sixWeeks(5), ['Ben', 'Cleo'], NOW, sameName).nextFacilitator;
    expect(absent).toEqual({ name: 'Ben', reason: 'Ana is not here today. Ben facilitated least recently.' });
    // The suggested scribe is not the suggested facilitator when someone else is here.
    const scribe = historyPatterns(sixWeeks(4), ['Ana', 'Ben'], NOW, sameName);
    expect([scribe.nextFacilitator?.name, scribe.nextScribe?.name]).toEqual(['Ana', 'Ben']);
    const devScribed = withTom();
    devScribed.sessions[5] = { ...devScribed.sessions[5]!, scribe: 'Dev' };
    expect(historyPatterns(devScribed, PRESENT, NOW, sameName).nextScribe).toEqual({
      name: 'Cleo',
      reason: 'Dev facilitates next. Cleo was the scribe least recently.',
    });
    expect(historyPatterns(sixWeeks(), ['Ana'], NOW, sameName).nextFacilitator?.reason).toBe(
      'Ana has facilitated 4 meetings in a row; no one else here can take over yet.',
    );
  });

  it('[HF6] the 4-week review is due at meetings 4 and 8, with the guide’s two questions', () => {
    const due = (sessions: number) => {
      const p = historyPatterns(sixWeeks(sessions), PRESENT, NOW, sameName);
      return [p.meetingNumber, p.reviewDue];
    };
    expect([due(2), due(3), due(6)]).toEqual([
      [3, false],
      [4, true],
      [7, false],
    ]);
    const seven = withSession(
      sixWeeks(),
      recordSession({
        startedAt: weekly(6),
        agenda: '',
        meeting: 7,
        attendees: PRESENT,
        facilitator: 'Dev',
        scribe: 'Ben',
        hotSeats: [],
        rows: [],
        aggregates: [],
      }),
      'x',
      weekly(6) + DAY,
    );
    expect(historyPatterns(seven, PRESENT, NOW, sameName)).toMatchObject({ meetingNumber: 8, reviewDue: true });
    expect(reviewQuestions).toEqual(['Do we want to continue?', 'What one thing should we change?']);
  });

  it('[HF5] once "Tom" is matched to "Tom B.", both names count as one person', () => {
    const apart = historyPatterns(sixWeeks(), PRESENT, NOW, sameName);
    expect(
      apart.attendance.filter((a) => a.name.startsWith('Tom')).map((a) => [a.name, a.attended, a.considered]),
    ).toEqual([
      ['Tom B.', 2, 2],
      ['Tom', 2, 4],
    ]);
    expect(apart.noHotSeatThisMonth).toContain('Tom B.');
    const together = historyPatterns(withTom(), PRESENT, NOW, sameName);
    expect(together.attendance.filter((a) => a.name.startsWith('Tom')).map((a) => [a.name, a.attended])).toEqual([
      ['Tom B.', 4],
    ]);
    expect(together.noHotSeatThisMonth).not.toContain('Tom B.');
    expect(together.outcomes.some((o) => o.name === 'Tom')).toBe(false);
  });

  it('[HF5] names that look the same are one person without an alias', () => {
    // "Аna" with a Cyrillic А is here today; the history knows "Ana".
    const p = historyPatterns(withTom(), ['Аna', 'Ben'], NOW, sameName);
    expect(p.attendance[0]).toMatchObject({ name: 'Аna', attended: 4 });
    expect(p.repeatedCommitments.map((r) => r.name)).toEqual(['Аna']);
  });

  it('[HF6] an empty history shows the first meeting and suggests nothing', () => {
    const empty = { ...sixWeeks(), sessions: [] };
    expect(historyPatterns(empty, PRESENT, NOW, sameName)).toEqual({
      meetingNumber: 1,
      reviewDue: false,
      repeatedCommitments: [],
      outcomes: [],
      attendance: [],
      keptShare: { kept: 0, reported: 0, share: null },
      stressTrend: [],
      valuableTrend: [],
      noHotSeatThisMonth: PRESENT,
      nextFacilitator: null,
      nextScribe: null,
    });
  });
});
