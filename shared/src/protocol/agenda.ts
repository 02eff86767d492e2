import { z } from 'zod';
import { AGENDA_LIMITS } from '../room/limits.ts';
import { cleanText } from '../room/names.ts';

/** A duration a person can set: from 10 seconds to 3 hours. */
const durationMs = z.number().int().min(AGENDA_LIMITS.minDurationMs).max(AGENDA_LIMITS.maxDurationMs);
const title = z.string().overwrite(cleanText).trim().min(1).max(AGENDA_LIMITS.maxTitleLength);
/** What members see as their own prompt in a phase or step [GD1]. */
const prompt = z.string().overwrite(cleanText).trim().max(AGENDA_LIMITS.maxPromptLength).optional();
/** The guide's words for the facilitator to say now [GD1]. */
const say = z.string().overwrite(cleanText).trim().max(AGENDA_LIMITS.maxSayLength).optional();

/** A question the room asks in private when the phase begins: stress in a check-in, "how valuable" in the meta check [PA1]. */
const ask = z.enum(['stress', 'valuable']).optional();

export const hotSeatStepKinds = ['story', 'questions', 'reflections', 'close'] as const;
export const HotSeatStepKind = z.enum(hotSeatStepKinds);

export const HotSeatStep = z.strictObject({ step: HotSeatStepKind, durationMs, say, prompt });

/**
 * One phase of an agenda. Each kind behaves differently in the room (see SPEC.md, AG2):
 * a round gives every present member one turn; a hot seat walks one member through its steps;
 * an open floor uses the hand queue and talk tokens; commitments puts the board in focus; a check
 * closes the session; rules shows the ground rules.
 */
export const PhaseDef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('round'), title, prompt, say, durationMs, turnMs: durationMs, ask }),
  z.strictObject({
    kind: z.literal('hotseat'),
    title,
    prompt,
    say,
    durationMs,
    steps: z.array(HotSeatStep).min(1).max(AGENDA_LIMITS.maxSteps),
    /** How long one question or reflection turn from the queue lasts [HQ4]. */
    turnMs: durationMs,
    /** Whether taking the floor in the question and reflection steps spends a talk token [TK2]. */
    spendsTokens: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('open'),
    title,
    prompt,
    say,
    durationMs,
    turnMs: durationMs,
    spendsTokens: z.boolean(),
    /** Participant-directed: anyone may speak; a raised hand is only a way to be sure of a turn [AG7]. */
    freeFloor: z.boolean().optional(),
    /** Gentle time cues ("20 minutes left") on every screen [AG7]. */
    cues: z.boolean().optional(),
  }),
  /** The report-back round: each member's row in focus in turn, for this long each [RB1]. */
  z.strictObject({
    kind: z.literal('commitments'),
    title,
    prompt,
    say,
    durationMs,
    turnMs: durationMs.default(60_000),
  }),
  /** A short closing round with the guide's questions [AG2]. */
  z.strictObject({
    kind: z.literal('check'),
    title,
    prompt,
    say,
    durationMs,
    turnMs: durationMs.default(30_000),
    ask,
  }),
  z.strictObject({ kind: z.literal('rules'), title, prompt, say, durationMs }),
]);
export type PhaseDef = z.infer<typeof PhaseDef>;
export type PhaseKind = PhaseDef['kind'];
export type HotSeatStep = z.infer<typeof HotSeatStep>;
export type HotSeatStepKind = z.infer<typeof HotSeatStepKind>;

export const Agenda = z.array(PhaseDef).min(1).max(AGENDA_LIMITS.maxPhases);

export const templateIds = ['weekly-45', 'short-30', 'biweekly-60', 'solutions-monthly', 'open-circle'] as const;
export const TemplateId = z.enum(templateIds);
export type TemplateId = z.infer<typeof TemplateId>;
