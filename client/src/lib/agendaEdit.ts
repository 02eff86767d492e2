import type { PhaseDef, PhaseKind } from '../../../shared/src/protocol/agenda.ts';
import { AGENDA_LIMITS } from '../../../shared/src/room/limits.ts';
import { groundRulesPhase } from '../../../shared/src/room/templates.ts';

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

/** A new phase of each kind, with the durations the templates use. */
export function newPhase(kind: PhaseKind): PhaseDef {
  switch (kind) {
    case 'round':
      return {
        kind,
        title: 'Round-robin',
        prompt: 'One moment from this week that stuck with you.',
        durationMs: 10 * MIN,
        turnMs: 2 * MIN,
      };
    case 'hotseat':
      return {
        kind,
        title: 'Hot seat',
        prompt: 'Who has something they really need space for today?',
        durationMs: 10 * MIN,
        steps: [
          { step: 'story', durationMs: 3 * MIN },
          { step: 'questions', durationMs: 2 * MIN },
          { step: 'reflections', durationMs: 3 * MIN },
          { step: 'close', durationMs: 2 * MIN },
        ],
        turnMs: 1 * MIN,
        spendsTokens: false,
      };
    case 'open':
      return {
        kind,
        title: 'Open floor',
        prompt: 'Raise your hand to take the floor.',
        durationMs: 10 * MIN,
        turnMs: 2 * MIN,
        spendsTokens: true,
      };
    case 'commitments':
      return {
        kind,
        title: 'Micro-commitments',
        prompt: 'Report back on last time, then make one tiny, specific new one.',
        durationMs: 5 * MIN,
      };
    case 'check':
      return { kind, title: 'Meta check', prompt: 'How did this feel? What tweak for next time?', durationMs: 3 * MIN };
    case 'rules':
      return { ...groundRulesPhase };
  }
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
