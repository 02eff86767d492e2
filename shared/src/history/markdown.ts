// The history as a Markdown document for the group's own notes [HF8].
import { cell } from '../board/exchange.ts';
import type { AggregateKind, HistoryFile, RevealedAggregate, SessionRecord } from './historyFile.ts';
import { outcomeLabels } from './patterns.ts';

const text = cell;

function list(names: readonly string[]): string {
  return names.length === 0 ? '—' : names.map(text).join(', ');
}

const kindLabels: Record<AggregateKind, string> = {
  stress: 'stress, 1 to 5',
  valuable: 'how valuable, 1 to 10',
  poll: 'poll',
};

function aggregateLine(a: RevealedAggregate): string {
  const question = a.question.trim() === '' ? '' : `${text(a.question)} `;
  const answers = `${a.answers} answer${a.answers === 1 ? '' : 's'}`;
  if (a.kind === 'poll') {
    const [up = 0, down = 0] = a.counts;
    return `- ${question}(${kindLabels.poll}): ${up} up, ${down} down, ${answers}`;
  }
  const spread = a.counts.map((count, i) => `${i + 1}: ${count}`).join(' · ');
  return `- ${question}(${kindLabels[a.kind]}): average ${a.average}, ${answers} (${spread})`;
}

function sessionSection(session: SessionRecord): string[] {
  const title = [`Meeting ${session.meeting}`, session.date.slice(0, 10)];
  if (session.agenda.trim() !== '') title.push(text(session.agenda));
  const lines = [
    `## ${title.join(' · ')}`,
    '',
    `- Present: ${list(session.attendees)}`,
    `- Facilitator: ${session.facilitator === null ? '—' : text(session.facilitator)}`,
    `- Scribe: ${session.scribe === null ? '—' : text(session.scribe)}`,
    `- Hot seat: ${list(session.hotSeats)}`,
    '',
  ];
  if (session.commitments.length > 0) {
    lines.push(
      '| Member | Last time | How it went | This time |',
      '| --- | --- | --- | --- |',
      ...session.commitments.map(
        (r) =>
          `| ${text(r.name)} | ${text(r.lastCommitment)} | ${outcomeLabels[r.lastStatus]} | ${text(r.commitment)} |`,
      ),
      '',
    );
  }
  if (session.aggregates.length > 0) lines.push(...session.aggregates.map(aggregateLine), '');
  return lines;
}

/**
 * The history as Markdown, newest session first, every member's text escaped (shown, never run)
 * and outcomes in the guide's words ("Kept it", "Half-kept it", "Failed it") [HF8].
 */
export function historyMarkdown(history: HistoryFile): string {
  const sessions = [...history.sessions].reverse();
  const aliases = Object.entries(history.aliases);
  const count = history.sessions.length;
  return [
    '# Group history',
    '',
    text(history.purpose),
    '',
    `Saved ${history.savedAt.slice(0, 10)} · ${count} session${count === 1 ? '' : 's'} recorded.`,
    '',
    ...sessions.flatMap(sessionSection),
    ...(aliases.length === 0
      ? []
      : ['## Names', '', ...aliases.map(([from, to]) => `- ${text(from)} is now ${text(to)}`), '']),
  ].join('\n');
}
