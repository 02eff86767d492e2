import type { PhaseDef } from '../protocol/agenda.ts';

/**
 * Whether a phase's times hold together [AG6]: how many turns of a round or open floor its length
 * fits, and how many hot seats its steps fit, with `tooLong` where it cannot hold what it asks for —
 * a round whose turns for the people here exceed it, a turn longer than the phase, a hot seat whose
 * steps alone exceed it. The editor phrases this; the room does not refuse it (a facilitator may
 * add a minute).
 */
export type PhaseFit =
  | { kind: 'turns'; turnMs: number; fits: number; people: number | null; tooLong: boolean }
  | { kind: 'seats'; stepsMs: number; fits: number; tooLong: boolean };

export function phaseFit(phase: PhaseDef, people: number | null): PhaseFit | null {
  switch (phase.kind) {
    case 'round': {
      const fits = Math.floor(phase.durationMs / phase.turnMs);
      const tooLong = people === null ? fits < 1 : people * phase.turnMs > phase.durationMs;
      return { kind: 'turns', turnMs: phase.turnMs, fits, people, tooLong };
    }
    case 'open': {
      const fits = Math.floor(phase.durationMs / phase.turnMs);
      return { kind: 'turns', turnMs: phase.turnMs, fits, people: null, tooLong: fits < 1 };
    }
    case 'hotseat': {
      const stepsMs = phase.steps.reduce((sum, s) => sum + s.durationMs, 0);
      return {
        kind: 'seats',
        stepsMs,
        fits: Math.floor(phase.durationMs / stepsMs),
        tooLong: stepsMs > phase.durationMs,
      };
    }
    default:
      return null;
  }
}

/** The agenda's length, phase durations added up. */
export function agendaLengthMs(agenda: readonly PhaseDef[]): number {
  return agenda.reduce((sum, p) => sum + p.durationMs, 0);
}
