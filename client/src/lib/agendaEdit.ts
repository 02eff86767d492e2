import type { PhaseDef, PhaseKind } from '../../../shared/src/protocol/agenda.ts';
import { AGENDA_LIMITS } from '../../../shared/src/room/limits.ts';
import { agendaTemplates, groundRulesPhase } from '../../../shared/src/room/templates.ts';

const MIN = 60_000;
const SEC = 1_000;

/** The shared agenda limits, in the units the editor shows (phases in whole minutes, turns in seconds). */
export const EDITOR_LIMITS = {
  maxPhases: AGENDA_LIMITS.maxPhases,
  minPhaseMinutes: 1,
  maxPhaseMinutes: AGENDA_LIMITS.maxDurationMs / MIN,
  minTurnSeconds: AGENDA_LIMITS.minDurationMs / SEC,
  // Longer turns are allowed by the rules; the editor keeps them to a sensible half hour.
  maxTurnSeconds: 30 * 60,
} as const;

/**
 * A new phase of each kind, as the templates have it, with the guide's words: the first phase of
 * that kind in the templates' order (Weekly 45 first), or the ground rules.
 */
export function newPhase(kind: PhaseKind): PhaseDef {
  if (kind === 'rules') return { ...groundRulesPhase };
  const found = agendaTemplates.flatMap((t) => t.phases).find((p) => p.kind === kind);
  if (!found) throw new Error(`no template has a ${kind} phase`);
  return structuredClone(found);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Whole minutes within the phase limits; NaN (an emptied input) keeps the old value. */
export function withPhaseMinutes(phase: PhaseDef, minutes: number): PhaseDef {
  if (!Number.isFinite(minutes)) return phase;
  const m = clamp(Math.round(minutes), EDITOR_LIMITS.minPhaseMinutes, EDITOR_LIMITS.maxPhaseMinutes);
  return { ...phase, durationMs: m * MIN };
}

/** Turn length in whole seconds within the limits, for rounds, open floors and a hot seat's questions. */
export function withTurnSeconds(phase: PhaseDef, seconds: number): PhaseDef {
  if (!Number.isFinite(seconds) || !('turnMs' in phase)) return phase;
  const s = clamp(Math.round(seconds), EDITOR_LIMITS.minTurnSeconds, EDITOR_LIMITS.maxTurnSeconds);
  return { ...phase, turnMs: s * SEC };
}

/** One hot-seat step's length in whole minutes within the limits. */
export function withStepMinutes(phase: PhaseDef, stepIndex: number, minutes: number): PhaseDef {
  if (!Number.isFinite(minutes) || phase.kind !== 'hotseat') return phase;
  const m = clamp(Math.round(minutes), EDITOR_LIMITS.minPhaseMinutes, EDITOR_LIMITS.maxPhaseMinutes);
  return { ...phase, steps: phase.steps.map((s, i) => (i === stepIndex ? { ...s, durationMs: m * MIN } : s)) };
}

/** Whether taking the floor in this phase spends a talk token, where the phase has a queue. */
export function withSpendsTokens(phase: PhaseDef, spends: boolean): PhaseDef {
  return 'spendsTokens' in phase ? { ...phase, spendsTokens: spends } : phase;
}

export function movePhase(agenda: readonly PhaseDef[], index: number, by: -1 | 1): PhaseDef[] {
  const to = index + by;
  const next = [...agenda];
  const a = next[index];
  const b = next[to];
  if (a === undefined || b === undefined) return next;
  next[index] = b;
  next[to] = a;
  return next;
}
