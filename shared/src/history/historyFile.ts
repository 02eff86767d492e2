// The group's history file [HF1, HF2]: what it holds, and how a device reads one back, including
// the board exports that came before it. Made and read on devices only.
import { z } from 'zod';
import { commitmentStatuses } from '../board/statuses.ts';
import { cleanText, normalizeDisplayName } from '../room/names.ts';

export { HISTORY_LIMITS } from './limits.ts';
import { HISTORY_LIMITS } from './limits.ts';

/** The private questions whose revealed totals a session keeps, and how many options each has: the room's own. */
export {
  optionCounts as aggregateOptions,
  type QuestionKind as AggregateKind,
  questionKinds as aggregateKinds,
} from '../answers/questionKinds.ts';
export { averageOf } from '../answers/vectors.ts';
import { optionCounts as aggregateOptions, questionKinds as aggregateKinds } from '../answers/questionKinds.ts';
import { averageOf } from '../answers/vectors.ts';

/** A display name as the room would show it: cleaned the same way, refused past 40 characters. */
const Name = z
  .string()
  .max(200)
  .overwrite((raw) => normalizeDisplayName(raw) ?? '')
  .min(1, 'A name is empty or longer than 40 characters.');

const Text = (max: number) => z.string().overwrite(cleanText).trim().max(max);

/** Any ISO 8601 date-time, kept in the one spelling `toISOString` gives, so dates compare as text. */
const IsoDate = z.iso
  .datetime({ offset: true })
  .refine((text) => !Number.isNaN(Date.parse(text)), { error: 'Not a date.' })
  .transform((text) => new Date(text).toISOString());

export const RevealedAggregate = z
  .object({
    kind: z.enum(aggregateKinds),
    question: Text(HISTORY_LIMITS.maxQuestionLength),
    /** Who answered, "prefer not to say" left out: nothing is revealed below 3. */
    answers: z.number().int().min(3).max(HISTORY_LIMITS.maxAttendees),
    respondents: z.number().int().min(3).max(HISTORY_LIMITS.maxAttendees),
    /** One count per option: stress 1–5, valuable 1–10, poll [up, down]. */
    counts: z.array(z.number().int().min(0).max(HISTORY_LIMITS.maxAttendees)).max(10),
    average: z.number().nullable(),
  })
  .refine((a) => a.counts.length === aggregateOptions[a.kind], { error: 'Counts do not match the question kind.' })
  .refine((a) => a.counts.reduce((x, y) => x + y, 0) === a.answers && a.answers <= a.respondents, {
    error: 'Counts do not add up to the answers.',
  })
  .refine((a) => a.average === averageOf(a.kind, a.counts), { error: 'The average does not match the counts.' });
export type RevealedAggregate = z.infer<typeof RevealedAggregate>;

export const CommitmentRecord = z.object({
  name: Name,
  commitment: Text(HISTORY_LIMITS.maxCommitmentLength),
  lastCommitment: Text(HISTORY_LIMITS.maxCommitmentLength),
  lastStatus: z.enum(commitmentStatuses),
});
export type CommitmentRecord = z.infer<typeof CommitmentRecord>;

export const SessionRecord = z.object({
  /** When the session started. */
  date: IsoDate,
  /** The template's or the agenda's name. */
  agenda: Text(HISTORY_LIMITS.maxAgendaLength),
  meeting: z.number().int().min(1).max(100_000),
  attendees: z.array(Name).max(HISTORY_LIMITS.maxAttendees),
  facilitator: Name.nullable(),
  scribe: Name.nullable(),
  hotSeats: z.array(Name).max(HISTORY_LIMITS.maxAttendees),
  commitments: z.array(CommitmentRecord).max(HISTORY_LIMITS.maxAttendees),
  aggregates: z.array(RevealedAggregate).max(HISTORY_LIMITS.maxAggregates),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

/**
 * Read as entries rather than with z.record, which drops a "__proto__" key: a member may be called
 * that, and a file should never lose a name because of it. Object.fromEntries makes plain own
 * properties, so no key can reach a prototype.
 */
const Aliases = z
  .preprocess(
    (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : null),
    z.array(z.tuple([Name, Name])).max(HISTORY_LIMITS.maxAliases),
  )
  .transform((entries): Record<string, string> => Object.fromEntries(entries));

export const HistoryFile = z.object({
  format: z.literal('holdspace-history'),
  version: z.literal(1),
  purpose: Text(HISTORY_LIMITS.maxPurposeLength),
  /** Oldest first. */
  sessions: z.array(SessionRecord).max(HISTORY_LIMITS.maxSessions),
  /** A name seen in the file → the name it now stands for ("Tom" → "Tom B.") [HF5]. */
  aliases: Aliases,
  savedAt: IsoDate,
});
export type HistoryFile = z.infer<typeof HistoryFile>;

/** The board export that came before the history file (`toExport` in board/exchange.ts) [BD5]. */
const BoardExportV1 = z.object({
  format: z.literal('holdspace-board'),
  version: z.literal(1),
  exportedAt: IsoDate,
  purpose: Text(HISTORY_LIMITS.maxPurposeLength).default(''),
  rows: z
    .array(
      z.object({
        name: Name,
        commitment: Text(HISTORY_LIMITS.maxCommitmentLength),
        lastCommitment: Text(HISTORY_LIMITS.maxCommitmentLength).default(''),
        lastStatus: z.enum(commitmentStatuses).default('not-reported'),
      }),
    )
    .max(HISTORY_LIMITS.maxAttendees),
});

export type HistoryRead =
  | { ok: true; history: HistoryFile; from: 'history' | 'board-export' }
  | { ok: false; message: string };

const NOT_OURS = 'This file is not a Holdspace history or board export. Nothing was changed.';

/** UTF-8 length without making the bytes (a lone surrogate is written as U+FFFD, 3 bytes). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** JSON text → a value, or a plain reason: too big (checked before parsing), or not JSON. Never throws. */
export function readJsonText(
  text: string,
  maxBytes: number,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.length > maxBytes || utf8Length(text) > maxBytes) {
    const mb = Math.round(maxBytes / (1024 * 1024));
    return {
      ok: false,
      message: `This file is too big to be a Holdspace history (over ${mb} MB). Nothing was changed.`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: NOT_OURS };
  }
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function damaged(what: 'history file' | 'board export', issues: readonly z.core.$ZodIssue[]): string {
  const where = issues[0]?.path.map((p) => (typeof p === 'number' ? p + 1 : String(p))).join(' › ');
  return `This ${what} is damaged or was changed by hand${where ? ` (at ${where})` : ''}. Nothing was changed.`;
}

function byDate(sessions: SessionRecord[]): SessionRecord[] {
  return sessions
    .map((s, i) => ({ s, i, t: Date.parse(s.date) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.s);
}

/** A last-board export as a history of one session: its rows, under its date [HF2]. */
function fromBoardExport(board: z.infer<typeof BoardExportV1>): HistoryFile {
  return {
    format: 'holdspace-history',
    version: 1,
    purpose: board.purpose,
    sessions: [
      {
        date: board.exportedAt,
        agenda: '',
        meeting: 1,
        attendees: [...new Set(board.rows.map((r) => r.name))],
        facilitator: null,
        scribe: null,
        hotSeats: [],
        commitments: board.rows.map(({ name, commitment, lastCommitment, lastStatus }) => ({
          name,
          commitment,
          lastCommitment,
          lastStatus,
        })),
        aggregates: [],
      },
    ],
    aliases: {},
    savedAt: board.exportedAt,
  };
}

/**
 * Reads a history file, or last session's board export, from its JSON text [HF2]. Anything else is
 * refused with a sentence a member can act on; nothing here throws, whatever the text.
 */
export function readHistoryJson(text: string): HistoryRead {
  const json = readJsonText(text, HISTORY_LIMITS.maxBytes);
  if (!json.ok) return json;
  const format = field(json.value, 'format');
  const version = field(json.value, 'version');
  if (format === 'holdspace-history-sealed') {
    return { ok: false, message: 'This history is locked with a passphrase. Open it with the group’s passphrase.' };
  }
  if (format !== 'holdspace-history' && format !== 'holdspace-board') return { ok: false, message: NOT_OURS };
  if (typeof version === 'number' && version > 1) {
    return {
      ok: false,
      message: 'This file was made by a newer version of Holdspace. Update Holdspace to open it. Nothing was changed.',
    };
  }
  if (format === 'holdspace-board') {
    const board = BoardExportV1.safeParse(json.value);
    return board.success
      ? { ok: true, history: fromBoardExport(board.data), from: 'board-export' }
      : { ok: false, message: damaged('board export', board.error.issues) };
  }
  const history = HistoryFile.safeParse(json.value);
  if (!history.success) return { ok: false, message: damaged('history file', history.error.issues) };
  return { ok: true, history: { ...history.data, sessions: byDate(history.data.sessions) }, from: 'history' };
}
