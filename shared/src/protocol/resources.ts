import { z } from 'zod';
import { cleanText } from '../room/names.ts';

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
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') ? 'link' : null;
  } catch {
    return null;
  }
}

/** One of the group's own support resources: a name, and a phone number or a link [SF2]. */
export const RoomResource = z.strictObject({
  name: z.string().overwrite(cleanText).trim().min(1).max(80),
  contact: z
    .string()
    .overwrite(cleanText)
    .trim()
    .max(200)
    .refine((c) => contactKind(c) !== null, { error: 'A contact is a phone number or a web link (https://…).' }),
});
export const RoomResources = z.array(RoomResource).max(5);
