// A finished session written into the group's history [HF4].
import type { CommitmentStatus } from '../board/statuses.ts';
import { MIN_ANSWERS } from '../answers/questionKinds.ts';
import { type AggregateKind, averageOf, HISTORY_LIMITS, type HistoryFile, SessionRecord } from './historyFile.ts';

/** A revealed aggregate as the room shows it; the answer count and the average follow from the counts. */
export interface AggregateInput {
  kind: AggregateKind;
  question: string;
  respondents: number;
  counts: readonly number[];
}

export interface SessionInput {
  /** When the session started, ms since the epoch. */
  startedAt: number;
  agenda: string;
  meeting: number;
  attendees: readonly string[];
  facilitator: string | null;
  scribe: string | null;
  hotSeats: readonly string[];
  rows: readonly { name: string; commitment: string; lastCommitment: string; lastStatus: CommitmentStatus }[];
  aggregates: readonly AggregateInput[];
}

/** At most `max` UTF-16 units, never half a character. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * One session as the history keeps it, from what the room knows at its end [HF4]. Texts past the
 * file's limits are cut rather than refused (the session happened; it should be saved), names are
 * listed once, and an aggregate with fewer than 3 answers, which the room never reveals, is left
 * out. Throws only for inputs no room produces (a name longer than 40 characters, counts that do
 * not fit their question kind).
 */
export function recordSession(input: SessionInput): SessionRecord {
  const names = (list: readonly string[]) => [...new Set(list)].slice(0, HISTORY_LIMITS.maxAttendees);
  const text = (value: string) => clip(value, HISTORY_LIMITS.maxCommitmentLength);
  return SessionRecord.parse({
    date: new Date(input.startedAt).toISOString(),
    agenda: clip(input.agenda.trim(), HISTORY_LIMITS.maxAgendaLength),
    meeting: input.meeting,
    attendees: names(input.attendees),
    facilitator: input.facilitator,
    scribe: input.scribe,
    hotSeats: names(input.hotSeats),
    commitments: input.rows.slice(0, HISTORY_LIMITS.maxAttendees).map((row) => ({
      name: row.name,
      commitment: text(row.commitment),
      lastCommitment: text(row.lastCommitment),
      lastStatus: row.lastStatus,
    })),
    aggregates: input.aggregates
      .map((a) => ({
        kind: a.kind,
        question: clip(a.question.trim(), HISTORY_LIMITS.maxQuestionLength),
        answers: a.counts.reduce((x, y) => x + y, 0),
        respondents: a.respondents,
        counts: [...a.counts],
        average: averageOf(a.kind, a.counts),
      }))
      .filter((a) => a.answers >= MIN_ANSWERS)
      .slice(0, HISTORY_LIMITS.maxAggregates),
  });
}

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * The history with `record` in it [HF4]: appended in date order, or in place of the record with
 * the same start (saving twice never duplicates a session), the purpose and `savedAt` brought up to
 * date. The oldest sessions go first when there are more than 200, or when the file would be too
 * big for any device to open again (2 MB): a file this device writes, every device can read.
 */
export function withSession(
  history: HistoryFile | null,
  record: SessionRecord,
  purpose: string,
  now: number,
): HistoryFile {
  const at = Date.parse(record.date);
  const others = (history?.sessions ?? []).filter((s) => Date.parse(s.date) !== at);
  const later = others.findIndex((s) => Date.parse(s.date) > at);
  const sessions = later === -1 ? [...others, record] : [...others.slice(0, later), record, ...others.slice(later)];
  const next: HistoryFile = {
    format: 'holdspace-history',
    version: 1,
    purpose: clip(purpose.trim(), HISTORY_LIMITS.maxPurposeLength),
    sessions: sessions.slice(-HISTORY_LIMITS.maxSessions),
    aliases: { ...history?.aliases },
    savedAt: new Date(now).toISOString(),
  };
  let size = utf8Bytes(JSON.stringify(next));
  while (size > HISTORY_LIMITS.maxBytes && next.sessions.length > 1) {
    const [oldest] = next.sessions.splice(0, 1);
    size -= utf8Bytes(JSON.stringify(oldest)) + 1;
  }
  return next;
}
