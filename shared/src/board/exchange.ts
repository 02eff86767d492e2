import type { CommitmentStatus } from './statuses.ts';
import { statusLabels } from './statuses.ts';
import type { BoardRow } from './rules.ts';

/** What "Export board" writes as JSON, and what the import of last time's export reads [BD5]. */
export interface BoardExport {
  format: 'holdspace-board';
  version: 1;
  exportedAt: string;
  purpose: string;
  rows: { name: string; commitment: string; lastCommitment: string; lastStatus: CommitmentStatus; note: string }[];
}

export function toExport(rows: readonly BoardRow[], purpose: string, exportedAt: Date): BoardExport {
  return {
    format: 'holdspace-board',
    version: 1,
    exportedAt: exportedAt.toISOString(),
    purpose,
    rows: rows.map(({ name, commitment, lastCommitment, lastStatus, note }) => ({
      name,
      commitment,
      lastCommitment,
      lastStatus,
      note,
    })),
  };
}

/**
 * Markdown table cells: HTML escaped (a viewer must show board text, never run it), pipes and
 * brackets escaped, line breaks kept as <br>.
 */
export function cell(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    // A member's text must not become a link, or an image a viewer fetches from someone's server.
    .replace(/[[\]]/g, '\\$&');
  return escaped.replace(/\r?\n/g, '<br>').trim() || '—';
}

/**
 * The board as a Markdown document, for a group's own notes.
 *
 * | Member | This time | Last time | Status | Note |
 */
export function toMarkdown(board: BoardExport): string {
  const lines = [
    '# Commitment board',
    '',
    cell(board.purpose),
    '',
    `Exported ${board.exportedAt.slice(0, 10)}.`,
    '',
    '| Member | This time | Last time | Status | Note |',
    '| --- | --- | --- | --- | --- |',
    ...board.rows.map(
      (r) =>
        `| ${cell(r.name)} | ${cell(r.commitment)} | ${cell(r.lastCommitment)} | ${statusLabels[r.lastStatus]} | ${cell(r.note)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/**
 * Fills each member's "last time" column from last session's export, matching rows by name (the
 * same comparison the room uses for names) [BD5]. Only empty "last time" fields are filled, and no
 * status is touched: importing again, to fill a late joiner's row, never undoes what was reported.
 * Returns the fills, the names in the import that match no one here, and the names whose row
 * already had a "last time" (left as it was).
 */
export function planImport(
  rows: readonly BoardRow[],
  imported: readonly { name: string; commitment: string }[],
  sameName: (a: string, b: string) => boolean,
): { fill: { memberId: string; lastCommitment: string }[]; unmatched: string[]; kept: string[] } {
  const fill: { memberId: string; lastCommitment: string }[] = [];
  const unmatched: string[] = [];
  const kept: string[] = [];
  for (const entry of imported) {
    const row = rows.find((r) => sameName(r.name, entry.name));
    if (!row) unmatched.push(entry.name);
    else if (row.lastCommitment.trim() !== '') kept.push(row.name);
    else if (entry.commitment.trim() !== '') fill.push({ memberId: row.memberId, lastCommitment: entry.commitment });
  }
  return { fill, unmatched, kept };
}
