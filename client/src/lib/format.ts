import type { PhaseKind } from '../../../shared/src/protocol/agenda.ts';

/** A duration for people: "15 min", "20 s", "2 min 30 s". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes === 0) return `${seconds} s`;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

export const phaseKindLabels: Record<PhaseKind, string> = {
  round: 'Round',
  hotseat: 'Hot seat',
  open: 'Open floor',
  commitments: 'Commitments',
  check: 'Closing round',
  rules: 'Ground rules',
};
