import * as Y from 'yjs';

export { type CommitmentStatus, commitmentStatuses, statusLabels } from './statuses.ts';
import { type CommitmentStatus, commitmentStatuses } from './statuses.ts';

/** The text fields of a row: each a Y.Text, so two editors typing at once never clobber each other [BD3]. */
export const textFields = ['commitment', 'lastCommitment', 'note'] as const;
export type TextField = (typeof textFields)[number];

/**
 * One member's row as plain values. The document keys rows by member id and holds no names: names
 * and order are the room's, joined in by `boardRows` [BD1, BD5].
 */
export interface BoardEntry {
  commitment: string;
  lastCommitment: string;
  lastStatus: CommitmentStatus;
  note: string;
}

/** Row order and names come from the room; the board only ever adds rows [BD1]. */
export function rowsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('rows');
}

/** Adds a member's row if it is not there yet; the server does this when someone joins [BD1]. */
export function ensureRow(doc: Y.Doc, memberId: string): void {
  const rows = rowsMap(doc);
  if (rows.has(memberId)) return;
  doc.transact(() => {
    const row = new Y.Map<unknown>();
    row.set('lastStatus', 'not-reported');
    for (const field of textFields) row.set(field, new Y.Text());
    rows.set(memberId, row);
  });
}

function isStatus(value: unknown): value is CommitmentStatus {
  return typeof value === 'string' && (commitmentStatuses as readonly string[]).includes(value);
}

function textOf(row: Y.Map<unknown>, field: TextField): string {
  const value = row.get(field);
  return value instanceof Y.Text ? value.toString() : '';
}

/** Every row of the board as plain values, by member id. */
export function readEntries(doc: Y.Doc): Map<string, BoardEntry> {
  const entries = new Map<string, BoardEntry>();
  rowsMap(doc).forEach((row, memberId) => {
    if (!(row instanceof Y.Map)) return;
    const status = row.get('lastStatus');
    entries.set(memberId, {
      commitment: textOf(row, 'commitment'),
      lastCommitment: textOf(row, 'lastCommitment'),
      lastStatus: isStatus(status) ? status : 'not-reported',
      note: textOf(row, 'note'),
    });
  });
  return entries;
}

/** The Y.Text of one field of one row, for an editor to bind to. */
export function rowText(doc: Y.Doc, memberId: string, field: TextField): Y.Text | null {
  const value = rowsMap(doc).get(memberId)?.get(field);
  return value instanceof Y.Text ? value : null;
}

export function setStatus(doc: Y.Doc, memberId: string, status: CommitmentStatus): void {
  rowsMap(doc).get(memberId)?.set('lastStatus', status);
}

/** Replaces a text field's whole content in one transaction. */
export function replaceText(doc: Y.Doc, memberId: string, field: TextField, value: string): void {
  const text = rowText(doc, memberId, field);
  if (!text || text.toString() === value) return;
  doc.transact(() => {
    text.delete(0, text.length);
    text.insert(0, value);
  });
}
