import type { CommitmentStatus } from '../../../shared/src/board/model.ts';
import type { HistoryFile } from '../../../shared/src/history/historyFile.ts';
import { type AggregateInput, recordSession, withSession } from '../../../shared/src/history/record.ts';

export const DAY = 86_400_000;
/** Tuesday 3 February 2026, 18:00 UTC: the group's first meeting; one a week after it. */
export const FIRST = Date.UTC(2026, 1, 3, 18, 0);
export const weekly = (i: number) => FIRST + i * 7 * DAY;
/** The Monday after the sixth meeting. */
export const NOW = Date.UTC(2026, 2, 16, 12, 0);
export const PRESENT = ['Ana', 'Ben', 'Cleo', 'Dev', 'Tom B.'];

type Row = [name: string, lastCommitment: string, lastStatus: CommitmentStatus, commitment: string];

interface Week {
  attendees: string[];
  facilitator: string;
  scribe: string;
  hotSeats: string[];
  rows: Row[];
  aggregates?: AggregateInput[];
}

const stress = (counts: number[]): AggregateInput => ({
  kind: 'stress',
  question: 'Stress today',
  respondents: 4,
  counts,
});

/**
 * Six weekly sessions of a small group. Ana facilitates the last four and repeats one commitment
 * three times; Ben misses one of the last four, Cleo two; Dev joins at the fifth; Tom comes back
 * as "Tom B." at the fifth.
 */
export const weeks: Week[] = [
  {
    attendees: ['Ana', 'Ben', 'Cleo', 'Tom'],
    facilitator: 'Ben',
    scribe: 'Cleo',
    hotSeats: ['Ben'],
    rows: [
      ['Ana', '', 'not-reported', 'Email the therapist'],
      ['Ben', '', 'not-reported', 'Two tech-free dinners'],
      ['Cleo', '', 'not-reported', 'Leave by 7:30'],
      ['Tom', '', 'not-reported', 'Sleep by 11'],
    ],
  },
  {
    attendees: ['Ana', 'Ben', 'Cleo', 'Tom'],
    facilitator: 'Cleo',
    scribe: 'Ana',
    hotSeats: ['Cleo'],
    rows: [
      ['Ana', 'Email the therapist', 'kept', 'Book a first appointment'],
      ['Ben', 'Two tech-free dinners', 'half-kept', 'Two tech-free dinners'],
      ['Cleo', 'Leave by 7:30', 'failed', 'Leave by 7:30 twice'],
      ['Tom', 'Sleep by 11', 'kept', 'Sleep by 11 again'],
    ],
  },
  {
    attendees: ['Ana', 'Ben', 'Cleo', 'Tom'],
    facilitator: 'Ana',
    scribe: 'Ben',
    hotSeats: ['Tom'],
    rows: [
      ['Ana', 'Book a first appointment', 'kept', 'Walk 20 min after lunch, 3 days'],
      ['Ben', 'Two tech-free dinners', 'failed', 'One tech-free dinner'],
      ['Cleo', 'Leave by 7:30 twice', 'half-kept', 'Ask for a shift swap'],
      ['Tom', 'Sleep by 11 again', 'kept', 'Call my sister'],
    ],
    aggregates: [stress([0, 1, 2, 1, 0])],
  },
  {
    attendees: ['Ana', 'Ben', 'Tom'],
    facilitator: 'Ana',
    scribe: 'Ben',
    hotSeats: ['Ana'],
    rows: [
      ['Ana', 'Walk 20 min after lunch, 3 days', 'kept', 'Walk 20 minutes after lunch.'],
      ['Ben', 'One tech-free dinner', 'kept', 'No phone at dinner'],
      ['Tom', 'Call my sister', 'failed', 'Call my sister'],
    ],
    aggregates: [
      { kind: 'valuable', question: 'How valuable?', respondents: 3, counts: [0, 0, 0, 0, 0, 0, 1, 1, 1, 0] },
    ],
  },
  {
    attendees: ['Ana', 'Cleo', 'Dev', 'Tom B.'],
    facilitator: 'Ana',
    scribe: 'Tom B.',
    hotSeats: ['Dev'],
    rows: [
      ['Ana', 'Walk 20 minutes after lunch.', 'half-kept', 'walk 20 minutes   after lunch'],
      ['Cleo', 'Ask for a shift swap', 'not-reported', 'Leave by 7:30 once'],
      ['Dev', '', 'not-reported', 'Say no to one extra shift'],
      ['Tom B.', 'Call my sister', 'kept', 'Sleep by 11'],
    ],
    aggregates: [
      stress([1, 2, 1, 0, 0]),
      { kind: 'valuable', question: 'How valuable?', respondents: 4, counts: [0, 0, 0, 0, 0, 1, 2, 1, 0, 0] },
    ],
  },
  {
    attendees: ['Ana', 'Ben', 'Dev', 'Tom B.'],
    facilitator: 'Ana',
    scribe: 'Ben',
    hotSeats: [],
    rows: [
      ['Ana', 'walk 20 minutes after lunch', 'kept', 'Walk 20 minutes, after lunch!'],
      ['Ben', 'No phone at dinner', 'kept', 'No phone at dinner'],
      ['Dev', 'Say no to one extra shift', 'failed', 'Say no once'],
      ['Tom B.', 'Sleep by 11', 'half-kept', 'Sleep by 11'],
    ],
    aggregates: [
      stress([0, 2, 2, 0, 0]),
      { kind: 'poll', question: 'Keep 45 minutes?', respondents: 4, counts: [3, 1] },
    ],
  },
];

/** The first `count` weeks as a history, saved the day after each. */
export function sixWeeks(count = weeks.length): HistoryFile {
  let history: HistoryFile | null = null;
  weeks.slice(0, count).forEach((week, i) => {
    const record = recordSession({
      startedAt: weekly(i),
      agenda: 'Weekly 45',
      meeting: i + 1,
      attendees: week.attendees,
      facilitator: week.facilitator,
      scribe: week.scribe,
      hotSeats: week.hotSeats,
      rows: week.rows.map(([name, lastCommitment, lastStatus, commitment]) => ({
        name,
        commitment,
        lastCommitment,
        lastStatus,
      })),
      aggregates: week.aggregates ?? [],
    });
    history = withSession(history, record, 'Weekly peer support for night-shift nurses', weekly(i) + DAY);
  });
  if (!history) throw new Error('no weeks');
  return history;
}
