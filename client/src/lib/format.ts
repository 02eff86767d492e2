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

/**
 * A moment in server time as this device's local clock shows it, "18:45" or "6:45 PM" as the
 * device's locale writes times; `serverNow` is the server's time now, so a device whose own clock is
 * wrong still shows the right hour.
 *
 * formatClockTime(serverNow + 30 * 60_000, serverNow) // half an hour from now, on the wall clock
 */
export function formatClockTime(serverMs: number, serverNow: number, deviceNow = Date.now()): string {
  return new Date(deviceNow + (serverMs - serverNow)).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
}
