// The group's history on this device, loaded with import() when it is first needed: reading and
// sealing files, the room's sealed copy, patterns, the session's record, Markdown and calendar.

import type { BoardRow } from '../../../../shared/src/board/rules.ts';
import { nextSessionsCalendar, suggestNextDates } from '../../../../shared/src/history/calendar.ts';
import type { HistoryFile } from '../../../../shared/src/history/historyFile.ts';
import { historyMarkdown } from '../../../../shared/src/history/markdown.ts';
import { canonicalName, matchNames, withAlias } from '../../../../shared/src/history/names.ts';
import { openHistory, sealHistory } from '../../../../shared/src/history/passphrase.ts';
import { historyPatterns } from '../../../../shared/src/history/patterns.ts';
import { recordSession, withSession } from '../../../../shared/src/history/record.ts';
import { daysBetweenSessions, type ShownAnswer, sessionInputFrom } from '../../../../shared/src/history/roomRecord.ts';
import { openFromRoom, sealForRoom } from '../../../../shared/src/history/sharedHistory.ts';
import { sameName } from '../../../../shared/src/room/nameSkeleton.ts';
import { agendaLengthMs } from '../../../../shared/src/room/agendaFit.ts';
import type { RoomState } from '../../../../shared/src/room/state.ts';

export { openFromRoom, openHistory, sealForRoom, withAlias };

/** The patterns the guide asks the group to notice, for the people here now. */
export function patternsFor(history: HistoryFile, present: readonly string[], now: number) {
  return historyPatterns(history, present, now, sameName);
}

/**
 * Last session's commitments under the names people have here, for "last time": a name the file
 * knows by an alias comes under the name it now stands for.
 */
export function lastCommitments(history: HistoryFile) {
  const last = history.sessions.at(-1);
  const rows = (last?.commitments ?? []).map((c) => ({
    name: canonicalName(history, c.name),
    commitment: c.commitment,
  }));
  return { rows, sameName };
}

/** The names in last session's record that match no one here, for the scribe to match by hand. */
export function unmatchedNames(history: HistoryFile, present: readonly string[]): string[] {
  const names = lastCommitments(history).rows.map((row) => row.name);
  return matchNames(names, [...present], sameName, history.aliases).unmatched;
}

/** The history with this session added, as this device saw it end. */
export function updatedHistory(
  history: HistoryFile | null,
  state: RoomState,
  rows: readonly BoardRow[],
  shown: readonly ShownAnswer[],
  now: number,
): HistoryFile {
  const meeting = history ? patternsFor(history, [], now).meetingNumber : null;
  const record = recordSession(sessionInputFrom(state, rows, shown, meeting));
  return withSession(history, record, state.purpose, now);
}

export function sealedFile(history: HistoryFile, passphrase: string): Promise<string> {
  return sealHistory(history, passphrase);
}

export function markdownFile(history: HistoryFile): string {
  return historyMarkdown(history);
}

/** The next three sessions as an .ics file, every week, fortnight or four weeks as the format meets. */
export function calendarFile(state: RoomState, lastStart: number, now: number): string {
  const everyDays = daysBetweenSessions(state);
  const [first] = suggestNextDates(lastStart, everyDays, 1);
  const minutes = Math.round(agendaLengthMs(state.agenda) / 60_000);
  return nextSessionsCalendar({
    // Not the group's purpose: a calendar is shared and synced far beyond this device.
    title: 'Peer support group (Holdspace)',
    first: first ?? lastStart,
    everyDays,
    durationMinutes: Math.max(15, minutes),
    count: 3,
    now,
    // Random, not derived from the purpose: a UID must say nothing about the group.
    uidSeed: `holdspace-${crypto.randomUUID()}`,
  });
}
