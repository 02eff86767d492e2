// What the room itself knows of a session, for its record in the group's history [HF4].

import type { BoardRow } from '../board/rules.ts';
import type { Reveal } from '../answers/vectors.ts';
import type { Question } from '../room/question.ts';
import type { PhaseRun, RoomState } from '../room/state.ts';
import { findTemplate } from '../room/templates.ts';
import type { AggregateInput, SessionInput } from './record.ts';

/** Everyone who had a hot seat this session: the phases left behind and the one running. */
function hotSeatsOf(state: RoomState): string[] {
  const runs: PhaseRun[] = Object.values(state.savedPhases).map((saved) => saved.run);
  if (state.session.stage === 'running') runs.push(state.session.run);
  const ids = runs.flatMap((run) =>
    run.kind === 'hotseat' ? [...run.seatsDone, ...(run.seatId ? [run.seatId] : [])] : [],
  );
  return [...new Set(ids)];
}

/** The meeting number the room was created with, when there is no history to count from. */
const meetingOfRoom = { first: 1, early: 2, later: 4 } as const;

/** A question's result as the room showed it, with its words (a poll's, opened on the device). */
export interface ShownAnswer {
  question: Question;
  words: string;
  reveal: Extract<Reveal, { shown: true }>;
}

/**
 * The session as this device saw it end: when it started, its format, who came, who held the
 * roles, who had a hot seat, the board's rows and the answers the room was shown, and which
 * meeting it was (counted from the history when there is one).
 */
export function sessionInputFrom(
  state: RoomState,
  rows: readonly BoardRow[],
  shown: readonly ShownAnswer[],
  meeting: number | null,
): SessionInput {
  const nameOf = (id: string | null) => (id === null ? null : (state.members.find((m) => m.id === id)?.name ?? null));
  const aggregates: AggregateInput[] = shown.map(({ question, words, reveal }) => ({
    kind: question.kind,
    question: words,
    respondents: reveal.respondents,
    counts: reveal.counts,
  }));
  return {
    startedAt: state.startedAt ?? state.createdAt,
    agenda: state.templateId ? findTemplate(state.templateId).name : (state.agenda[0]?.title ?? ''),
    meeting: meeting ?? meetingOfRoom[state.meeting],
    attendees: state.members.map((m) => m.name),
    facilitator: nameOf(state.facilitatorId),
    scribe: nameOf(state.scribeId),
    hotSeats: hotSeatsOf(state).flatMap((id) => nameOf(id) ?? []),
    rows: rows.map(({ name, commitment, lastCommitment, lastStatus }) => ({
      name,
      commitment,
      lastCommitment,
      lastStatus,
    })),
    aggregates,
  };
}

/** Every how many days the group meets, by its format: fortnightly and monthly formats say so. */
export function daysBetweenSessions(state: Pick<RoomState, 'templateId'>): 7 | 14 | 28 {
  if (state.templateId === 'biweekly-60') return 14;
  if (state.templateId === 'solutions-monthly') return 28;
  return 7;
}
