// The room's and the agenda's limits, apart from the zod schemas so the page can use them without
// loading zod. The schemas, the rules and the create page all read them from here.

export const AGENDA_LIMITS = {
  maxPhases: 20,
  maxSteps: 8,
  minDurationMs: 10_000,
  maxDurationMs: 180 * 60_000,
  maxTitleLength: 60,
  maxPromptLength: 240,
  maxSayLength: 400,
} as const;

export const ROOM_LIMITS = {
  /** The group's purpose sentence, in characters [RM1]. */
  maxPurposeLength: 280,
  /** Talk tokens each member starts with: 0 to 20, 3 unless the facilitator says otherwise [TK1]. */
  maxTokensPerMember: 20,
  defaultTokensPerMember: 3,
  /** The most tokens a member can hold after grants [TK3]. */
  maxTokensHeld: 20,
} as const;
