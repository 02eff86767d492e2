import type { StateSeal } from './resume.ts';
import type { RoomState } from '../room/state.ts';
import { z } from 'zod';
import { MAX_MIN_ANSWERS, MIN_ANSWERS } from '../answers/questionKinds.ts';
import { ROOM_LIMITS } from '../room/limits.ts';
import { cleanText } from '../room/names.ts';
import { meetingNumbers } from '../room/guide.ts';
import { Agenda, TemplateId } from './agenda.ts';
import { RoomResources } from './resources.ts';

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
  /** Open with the ground rules phase: at a group's first meeting, by default [AG1, GD3]. */
  includeGroundRules: z.boolean().default(false),
  /** Which meeting of the group this is: the round prompts follow it [GD3]. */
  meeting: z.enum(meetingNumbers).default('later'),
  /** The group's own support resources, beside the operator's [SF2]. */
  resources: RoomResources.default([]),
  /** Fewest answers a private question shows: 3, or more for a group that wants more cover [PA3]. */
  minAnswers: z.number().int().min(MIN_ANSWERS).max(MAX_MIN_ANSWERS).default(MIN_ANSWERS),
});
export type CreateRoomRequest = z.infer<typeof CreateRoomRequest>;
/** What a page sends: fields with a default may be left out. */
export type CreateRoomInput = z.input<typeof CreateRoomRequest>;

export interface CreateRoomResponse {
  roomId: string;
  secret: string;
  /**
   * With sealing on: the room's first state and its seal, which the creator's device offers to
   * whichever process its connection is routed to.
   */
  genesis?: { state: RoomState; seal: StateSeal };
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
