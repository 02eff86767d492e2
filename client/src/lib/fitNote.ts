import type { PhaseDef } from '../../../shared/src/protocol/agenda.ts';
import { phaseFit } from '../../../shared/src/room/agendaFit.ts';
import { formatDuration } from './format.ts';

/**
 * What the agenda editor says under a phase about its times [AG6]: how many turns or hot seats it
 * holds, or a warning where it cannot hold what it asks for. `people`: how many are in the room,
 * when known.
 */
export function fitNote(phase: PhaseDef, people: number | null): { text: string; warning: boolean } | null {
  const fit = phaseFit(phase, people);
  if (!fit) return null;
  const length = formatDuration(phase.durationMs);
  if (fit.kind === 'seats') {
    const steps = formatDuration(fit.stepsMs);
    if (fit.tooLong) return { text: `The steps take ${steps}: longer than the phase (${length}).`, warning: true };
    const seats = fit.fits === 1 ? 'one hot seat' : `${fit.fits} hot seats`;
    return { text: `The steps take ${steps}: room for ${seats}.`, warning: false };
  }
  const turn = formatDuration(fit.turnMs);
  if (fit.tooLong && fit.people !== null) {
    const need = formatDuration(fit.people * fit.turnMs);
    return { text: `${fit.people} turns of ${turn} need ${need}: longer than the phase (${length}).`, warning: true };
  }
  if (fit.tooLong) return { text: `One turn (${turn}) is longer than the phase (${length}).`, warning: true };
  return { text: `Room for ${fit.fits} ${fit.fits === 1 ? 'turn' : 'turns'} of ${turn}.`, warning: false };
}
