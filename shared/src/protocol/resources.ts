import { z } from 'zod';
import { contactKind, RESOURCE_LIMITS } from '../room/contacts.ts';
import { cleanText } from '../room/names.ts';

export { contactKind };

/** One of the group's own support resources: a name, and a phone number or a link [SF2]. */
export const RoomResource = z.strictObject({
  name: z.string().overwrite(cleanText).trim().min(1).max(RESOURCE_LIMITS.maxNameLength),
  contact: z
    .string()
    .overwrite(cleanText)
    .trim()
    .max(RESOURCE_LIMITS.maxContactLength)
    .refine((c) => contactKind(c) !== null, { error: 'A contact is a phone number or a web link (https://…).' }),
});
export const RoomResources = z.array(RoomResource).max(RESOURCE_LIMITS.maxResources);
