// The room's own support resources [SF2], apart from the zod schema so the page can check a row
// as it is typed without loading zod. The schema (protocol/resources.ts) reads them from here.

/** How many resources a room lists, and how long a name and a contact may be. */
export const RESOURCE_LIMITS = {
  maxResources: 5,
  maxNameLength: 80,
  maxContactLength: 200,
} as const;

/** A phone number as people write one: digits, spaces, +, -, dots and brackets, 3 to 20 digits. */
const PHONE = /^\+?[\d\s().-]{3,30}$/;

/** Whether a contact is a phone number or a web link, the two kinds a resource may give [SF2]. */
export function contactKind(contact: string): 'phone' | 'link' | null {
  if (PHONE.test(contact)) {
    const digits = contact.replace(/\D/g, '').length;
    return digits >= 3 && digits <= 20 ? 'phone' : null;
  }
  try {
    const url = new URL(contact);
    // https only: a crisis line's page must not be one a network in between can change.
    return url.protocol === 'https:' && url.hostname.includes('.') ? 'link' : null;
  } catch {
    return null;
  }
}
