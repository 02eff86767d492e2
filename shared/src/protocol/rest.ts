import { z } from 'zod';
import { ROOM_LIMITS } from '../room/limits.ts';
import { cleanText } from '../room/names.ts';
import { Agenda, TemplateId } from './agenda.ts';

export const CreateRoomRequest = z.strictObject({
  templateId: TemplateId,
  purpose: z.string().overwrite(cleanText).trim().min(1).max(ROOM_LIMITS.maxPurposeLength),
  tokensPerMember: z
    .number()
    .int()
    .min(0)
    .max(ROOM_LIMITS.maxTokensPerMember)
    .default(ROOM_LIMITS.defaultTokensPerMember),
  /** Knock (the facilitator admits each newcomer) unless the group chooses an open link [RM6]. */
  admission: z.enum(['knock', 'open']).default('knock'),
  /** The agenda as edited on the create page; the template's own phases when absent. */
  agenda: Agenda.optional(),
  /** First meeting: open with the ground rules phase. */
  includeGroundRules: z.boolean().default(false),
});
export type CreateRoomRequest = z.infer<typeof CreateRoomRequest>;

export interface CreateRoomResponse {
  roomId: string;
  secret: string;
}

export interface SupportResource {
  label: string;
  detail: string;
  href?: string;
}

export interface PublicConfig {
  supportResources: SupportResource[];
  capacity: number;
}
