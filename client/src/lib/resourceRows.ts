import { contactKind, RESOURCE_LIMITS } from '../../../shared/src/room/contacts.ts';
import { cleanText } from '../../../shared/src/room/names.ts';
import type { RoomResource } from '../../../shared/src/room/state.ts';

/** One support resource as it is being typed; `key` keeps a row's inputs (and focus) while others go. */
export interface ResourceRow {
  key: number;
  name: string;
  contact: string;
}

/** What is wrong with a row, field by field; empty when the server will take it. */
export interface RowErrors {
  name?: string;
  contact?: string;
}

let nextKey = 0;

export function newRow(resource: RoomResource = { name: '', contact: '' }): ResourceRow {
  nextKey += 1;
  return { key: nextKey, name: resource.name, contact: resource.contact };
}

/**
 * The row as the server's schema (protocol/resources.ts) reads it: text cleaned and trimmed, a name
 * of 1 to 80 characters, a contact that is a phone number or a web link [SF2]. The same checks as
 * the schema, so the page can say what is wrong while the person types, without loading zod.
 */
export function checkRow(row: ResourceRow): { resource: RoomResource; errors: RowErrors } {
  const name = cleanText(row.name).trim();
  const contact = cleanText(row.contact).trim();
  const errors: RowErrors = {};
  if (name.length === 0) errors.name = 'Write the name of the resource.';
  else if (name.length > RESOURCE_LIMITS.maxNameLength)
    errors.name = `Keep the name to ${RESOURCE_LIMITS.maxNameLength} characters (now ${name.length}).`;
  if (contact.length === 0) errors.contact = 'Write a phone number or a web link.';
  else if (contact.length > RESOURCE_LIMITS.maxContactLength)
    errors.contact = `Keep the contact to ${RESOURCE_LIMITS.maxContactLength} characters (now ${contact.length}).`;
  else if (contactKind(contact) === null)
    errors.contact =
      'This is neither a phone number nor a web link. Write digits (3 to 20), or a link such as https://example.org.';
  return { resource: { name, contact }, errors };
}

/** The rows as the resources to send, or null while any row has something wrong. */
export function resourcesOf(rows: readonly ResourceRow[]): RoomResource[] | null {
  const checked = rows.map(checkRow);
  if (checked.some((c) => c.errors.name || c.errors.contact)) return null;
  return checked.map((c) => c.resource);
}

/** Whether two lists of resources say the same, in the same order. */
export function sameResources(a: readonly RoomResource[], b: readonly RoomResource[]): boolean {
  return a.length === b.length && a.every((r, i) => r.name === b[i]?.name && r.contact === b[i]?.contact);
}

/** What kind of contact the page recognised, to confirm it beside the field. */
export function contactHint(contact: string): string | null {
  const kind = contactKind(cleanText(contact).trim());
  return kind === 'phone' ? 'A phone number' : kind === 'link' ? 'A web link' : null;
}
