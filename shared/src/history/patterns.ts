// What the group's history shows when it is opened [HF6]: the tracker's patterns (seeds/000) and
// the success metrics (seeds/002). Pure: the history, who is here, and the time come in.
import type { CommitmentStatus } from '../board/statuses.ts';
import {
  type AggregateKind,
  aggregateOptions,
  averageOf,
  type HistoryFile,
  type SessionRecord,
} from './historyFile.ts';
import { canonicalName, type SameName } from './names.ts';

/** The guide's words for how last time's commitment went; "not reported" is no one's verdict. */
export const outcomeLabels: Record<CommitmentStatus, string> = {
  kept: 'Kept it',
  'half-kept': 'Half-kept it',
  failed: 'Failed it',
  'not-reported': 'Not reported',
};

/** The guide's 4-week review (seeds/000). */
export const reviewQuestions = ['Do we want to continue?', 'What one thing should we change?'] as const;

/** How far back each pattern looks, in sessions (the hot seat in days). */
export const PATTERN_WINDOWS = {
  repeated: 3,
  outcomes: 6,
  attendance: 4,
  keptShare: 4,
  trend: 8,
  hotSeatDays: 28,
  /** Rotate a role once someone has held it this many recorded sessions in a row (the guide: 4–6). */
  rotateAfter: 4,
  reviewEvery: 4,
} as const;

/** Attendance the group aims for, over the last four sessions (seeds/002). */
export const ATTENDANCE_TARGET = 0.8;

const DAY_MS = 86_400_000;

export interface RoleSuggestion {
  name: string;
  reason: string;
}

export interface HistoryPatterns {
  /** The meeting about to happen. */
  meetingNumber: number;
  reviewDue: boolean;
  repeatedCommitments: { name: string; commitment: string; sessions: number }[];
  outcomes: { name: string; counts: Record<CommitmentStatus, number> }[];
  attendance: { name: string; attended: number; considered: number; share: number; below80: boolean }[];
  keptShare: { kept: number; reported: number; share: number | null };
  stressTrend: { date: string; average: number; answers: number }[];
  valuableTrend: { date: string; average: number; answers: number }[];
  noHotSeatThisMonth: string[];
  nextFacilitator: RoleSuggestion | null;
  nextScribe: RoleSuggestion | null;
}

/**
 * One key per person: a present member under today's name, anyone else under the name their
 * aliases lead to; names the room's comparison calls the same are one person.
 */
function identities(history: HistoryFile, present: readonly string[], sameName: SameName) {
  const people = present.map((name) => ({ key: name, canonical: canonicalName(history, name) }));
  const cache = new Map<string, string>();
  const who = (name: string): string => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const canonical = canonicalName(history, name);
    let person =
      people.find((p) => p.canonical === canonical || sameName(p.canonical, canonical)) ??
      people.slice(0, present.length).find((p) => sameName(p.key, name));
    if (!person) {
      person = { key: canonical, canonical };
      people.push(person);
    }
    cache.set(name, person.key);
    return person.key;
  };
  const rank = (key: string) => {
    const at = present.indexOf(key);
    return at === -1 ? present.length : at;
  };
  /** Present members in the room's order, then everyone else by name. */
  const order = (a: { name: string }, b: { name: string }) =>
    rank(a.name) - rank(b.name) || a.name.localeCompare(b.name, 'en');
  return { who, order, here: present.map(who) };
}
type Who = (name: string) => string;

/** Case, spacing, punctuation and symbols aside: "Walk 20 min!" and "walk 20 min" are one commitment. */
export function commitmentKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

function repeatedCommitments(sessions: readonly SessionRecord[], who: Who): HistoryPatterns['repeatedCommitments'] {
  const latest = sessions.at(-1);
  if (!latest || sessions.length < PATTERN_WINDOWS.repeated) return [];
  const found: HistoryPatterns['repeatedCommitments'] = [];
  const seen = new Set<string>();
  for (const row of latest.commitments) {
    const name = who(row.name);
    const key = commitmentKey(row.commitment);
    if (key === '' || seen.has(name)) continue;
    seen.add(name);
    let run = 0;
    for (let i = sessions.length - 1; i >= 0; i--) {
      const earlier = sessions[i]?.commitments.find((r) => who(r.name) === name);
      if (!earlier || commitmentKey(earlier.commitment) !== key) break;
      run++;
    }
    if (run >= PATTERN_WINDOWS.repeated) found.push({ name, commitment: row.commitment, sessions: run });
  }
  return found;
}

function outcomes(sessions: readonly SessionRecord[], who: Who): HistoryPatterns['outcomes'] {
  const byName = new Map<string, Record<CommitmentStatus, number>>();
  for (const session of sessions.slice(-PATTERN_WINDOWS.outcomes)) {
    for (const row of session.commitments) {
      // No commitment last time and nothing reported: there was nothing to report.
      if (row.lastStatus === 'not-reported' && row.lastCommitment.trim() === '') continue;
      const name = who(row.name);
      const counts = byName.get(name) ?? { kept: 0, 'half-kept': 0, failed: 0, 'not-reported': 0 };
      counts[row.lastStatus]++;
      byName.set(name, counts);
    }
  }
  return [...byName].map(([name, counts]) => ({ name, counts }));
}

/**
 * Sessions attended of the last four, counting only those since the member's first recorded
 * session: someone who joined two weeks ago is measured against two.
 */
function attendance(sessions: readonly SessionRecord[], who: Who): HistoryPatterns['attendance'] {
  const first = new Map<string, number>();
  const attendedAt = sessions.map((s, i) => {
    const names = new Set(s.attendees.map(who));
    for (const name of names) if (!first.has(name)) first.set(name, i);
    return names;
  });
  const from = Math.max(0, sessions.length - PATTERN_WINDOWS.attendance);
  return [...first].flatMap(([name, firstAt]) => {
    let considered = 0;
    let attended = 0;
    for (let i = Math.max(from, firstAt); i < sessions.length; i++) {
      considered++;
      if (attendedAt[i]?.has(name)) attended++;
    }
    if (considered === 0) return [];
    const share = attended / considered;
    return [{ name, attended, considered, share, below80: share < ATTENDANCE_TARGET }];
  });
}

function keptShare(sessions: readonly SessionRecord[]): HistoryPatterns['keptShare'] {
  let kept = 0;
  let reported = 0;
  for (const session of sessions.slice(-PATTERN_WINDOWS.keptShare)) {
    for (const row of session.commitments) {
      if (row.lastStatus === 'not-reported') continue;
      reported++;
      if (row.lastStatus === 'kept') kept++;
    }
  }
  return { kept, reported, share: reported === 0 ? null : kept / reported };
}

/** Per session that revealed one, the average: two of a kind in one session are added together. */
function trend(sessions: readonly SessionRecord[], kind: Exclude<AggregateKind, 'poll'>) {
  return sessions
    .flatMap((session) => {
      const revealed = session.aggregates.filter((a) => a.kind === kind);
      if (revealed.length === 0) return [];
      const counts = revealed.reduce(
        (sum, a) => sum.map((c, i) => c + (a.counts[i] ?? 0)),
        new Array<number>(aggregateOptions[kind]).fill(0),
      );
      const average = averageOf(kind, counts);
      const answers = revealed.reduce((n, a) => n + a.answers, 0);
      return average === null ? [] : [{ date: session.date, average, answers }];
    })
    .slice(-PATTERN_WINDOWS.trend);
}

function noHotSeat(sessions: readonly SessionRecord[], who: Who, here: readonly string[], now: number): string[] {
  const since = now - PATTERN_WINDOWS.hotSeatDays * DAY_MS;
  const had = new Set<string>();
  for (const session of sessions) {
    const at = Date.parse(session.date);
    if (at >= since && at <= now) for (const name of session.hotSeats) had.add(who(name));
  }
  return here.filter((name) => !had.has(name));
}

const roleWords = {
  facilitator: {
    held: (n: number) => (n === 1 ? 'facilitated last time' : `has facilitated ${n} meetings in a row`),
    never: 'has not facilitated yet',
    least: 'facilitated least recently',
  },
  scribe: {
    held: (n: number) => (n === 1 ? 'was the scribe last time' : `has been the scribe ${n} meetings in a row`),
    never: 'has not been the scribe yet',
    least: 'was the scribe least recently',
  },
} as const;

/**
 * Who holds a role next: the same person until they have held it 4 recorded sessions in a row,
 * then the member here who held it least recently (never first, ties by name). `avoid` keeps the
 * scribe from being the next facilitator when someone else is here.
 */
function nextInRole(
  sessions: readonly SessionRecord[],
  role: 'facilitator' | 'scribe',
  who: Who,
  here: readonly string[],
  avoid: string | null,
): RoleSuggestion | null {
  const holders = sessions.flatMap((s) => (s[role] === null ? [] : [who(s[role])]));
  const current = holders.at(-1);
  if (current === undefined) return null;
  let streak = 0;
  while (holders[holders.length - 1 - streak] === current) streak++;
  const words = roleWords[role];
  const currentHere = here.includes(current);
  const held = `${current} ${words.held(streak)}`;
  if (currentHere && streak < PATTERN_WINDOWS.rotateAfter && current !== avoid) {
    return { name: current, reason: `${held}; the guide suggests changing every 4 to 6 meetings.` };
  }
  const lastHeld = (name: string) => holders.lastIndexOf(name);
  const pick = (skip: readonly (string | null)[]) =>
    here
      .filter((name) => !skip.includes(name))
      .sort((a, b) => lastHeld(a) - lastHeld(b) || a.localeCompare(b, 'en'))[0];
  const next = pick([current, avoid]) ?? pick([current]);
  if (next === undefined) {
    return currentHere ? { name: current, reason: `${held}; no one else here can take over yet.` } : null;
  }
  const why = !currentHere
    ? `${current} is not here today.`
    : current === avoid
      ? `${current} facilitates next.`
      : `${held}: time to rotate.`;
  return { name: next, reason: `${why} ${next} ${lastHeld(next) === -1 ? words.never : words.least}.` };
}

/**
 * The patterns the history shows before a session [HF6]. `present` are the names here today; each
 * person is counted once whatever name the history has them under (aliases, then `sameName`).
 */
export function historyPatterns(
  history: HistoryFile,
  present: readonly string[],
  now: number,
  sameName: SameName,
): HistoryPatterns {
  const { sessions } = history;
  const { who, order, here } = identities(history, present, sameName);
  // The file keeps 200 sessions; the numbering goes on past them.
  const meetingNumber = Math.max(sessions.length, sessions.at(-1)?.meeting ?? 0) + 1;
  const nextFacilitator = nextInRole(sessions, 'facilitator', who, here, null);
  return {
    meetingNumber,
    reviewDue: meetingNumber % PATTERN_WINDOWS.reviewEvery === 0,
    repeatedCommitments: repeatedCommitments(sessions, who).sort(order),
    outcomes: outcomes(sessions, who).sort(order),
    attendance: attendance(sessions, who).sort(order),
    keptShare: keptShare(sessions),
    stressTrend: trend(sessions, 'stress'),
    valuableTrend: trend(sessions, 'valuable'),
    noHotSeatThisMonth: noHotSeat(sessions, who, here, now),
    nextFacilitator,
    nextScribe: nextInRole(sessions, 'scribe', who, here, nextFacilitator?.name ?? null),
  };
}
