// The agenda's limits, apart from the zod schema so the page can use them without loading zod.

export const AGENDA_LIMITS = {
  maxPhases: 20,
  maxSteps: 8,
  minDurationMs: 10_000,
  maxDurationMs: 180 * 60_000,
  maxTitleLength: 60,
  maxPromptLength: 240,
} as const;
