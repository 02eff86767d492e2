import type { PhaseDef, PhaseKind } from '../../../shared/src/protocol/agenda.ts';
import { AGENDA_LIMITS } from '../../../shared/src/room/limits.ts';
import { agendaTemplates, groundRulesPhase } from '../../../shared/src/room/templates.ts';
import { isLocked, NO_LOCKS } from './agendaLocks.ts';

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

/** The guide's words a phase or a hot-seat step carries [GD1]. */
export interface Words {
  say?: string;
  prompt?: string;
}

/** Words as the agenda keeps them: cut to the limits, and left out when emptied. */
function wordsWith<T extends Words>(item: T, words: Words): T {
  const next = { ...item };
  for (const [key, max] of [
    ['say', AGENDA_LIMITS.maxSayLength],
    ['prompt', AGENDA_LIMITS.maxPromptLength],
  ] as const) {
    const text = words[key];
    if (text === undefined) continue;
    if (text.trim() === '') delete next[key];
    else next[key] = text.slice(0, max);
  }
  return next;
}

/** A phase with new words for the facilitator (`say`) or for members (`prompt`) [GD1]. */
export function withWords(phase: PhaseDef, words: Words): PhaseDef {
  return wordsWith(phase, words);
}

/** A hot seat with new words for one of its steps [GD1]. */
export function withStepWords(phase: PhaseDef, stepIndex: number, words: Words): PhaseDef {
  if (phase.kind !== 'hotseat') return phase;
  return { ...phase, steps: phase.steps.map((s, i) => (i === stepIndex ? wordsWith(s, words) : s)) };
}

/** An open floor where anyone may speak (hands only to be sure of a turn), or with gentle time cues [AG7]. */
export function withFloor(phase: PhaseDef, options: { freeFloor?: boolean; cues?: boolean }): PhaseDef {
  return phase.kind === 'open' ? { ...phase, ...options } : phase;
}

/**
 * Where "Move up" (-1) or "Move down" (1) takes phase `index`: the nearest phase still to come
 * that way, so a phase left part-way through keeps its place; null when there is none.
 */
export function moveTarget(agenda: readonly PhaseDef[], index: number, by: -1 | 1, locks = NO_LOCKS): number | null {
  if (isLocked(locks, index)) return null;
  for (let to = index + by; to >= 0 && to < agenda.length; to += by) if (!isLocked(locks, to)) return to;
  return null;
}

/** The agenda with phase `index` swapped with the next phase still to come that way. */
export function movePhase(agenda: readonly PhaseDef[], index: number, by: -1 | 1, locks = NO_LOCKS): PhaseDef[] {
  const next = [...agenda];
  const to = moveTarget(agenda, index, by, locks);
  const a = next[index];
  const b = to === null ? undefined : next[to];
  if (to === null || a === undefined || b === undefined) return next;
  next[index] = b;
  next[to] = a;
  return next;
}

/** Whether phase `index` can go: one still to come, with no fixed phase after it to shift, never the last one. */
export function canRemove(agenda: readonly PhaseDef[], index: number, locks = NO_LOCKS): boolean {
  if (agenda.length <= 1 || isLocked(locks, index)) return false;
  return ![...locks.locked].some((i) => i > index);
}
