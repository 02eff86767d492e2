// What the room may ask privately (seeds/002: stress 1–5 and quick polls; seeds/000: "how valuable
// is this group, 1–10"), and the fixed sizes every answer travels in.

export const questionKinds = ['stress', 'valuable', 'poll'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** How many options each kind offers; answers are 1-based (a poll's 1 is thumbs up, 2 thumbs down). */
export const optionCounts: Record<QuestionKind, number> = { stress: 5, valuable: 10, poll: 2 };

/**
 * Every answer vector has this many u32 slots, whatever the kind: the options, then "prefer not to
 * say", then zeros. One size for all, so a contribution's length says nothing.
 */
export const VECTOR_SLOTS = 12;

/** Nothing is shown with fewer answers than this; a room may ask for more, never fewer [PA3]. */
export const MIN_ANSWERS = 3;
/** The most a room may ask for: the largest group the guides describe. */
export const MAX_MIN_ANSWERS = 12;

/** How long a question waits for everyone before it goes on with those who answered [PA2]. */
export const questionOpenMs: Record<QuestionKind, number> = { stress: 120_000, valuable: 120_000, poll: 90_000 };

/** A round run again after time ran out: only devices that already answered are in it, and they resend at once. */
export const RERUN_MS = 30_000;

/**
 * How long a respondent may be away (a phone that locked, a tunnel) before they count as gone and
 * the round runs again without them [PA2].
 */
export const AWAY_GRACE_MS = 20_000;

/** Questions one session may ask; each one is a few hundred bytes of state. */
export const MAX_QUESTIONS = 24;

/** The slot of "prefer not to say" for a kind. */
export function preferNotSlot(kind: QuestionKind): number {
  return optionCounts[kind];
}

export function isAnswer(kind: QuestionKind, answer: number | null): boolean {
  return answer === null || (Number.isInteger(answer) && answer >= 1 && answer <= optionCounts[kind]);
}
