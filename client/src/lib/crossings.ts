/**
 * What a countdown crossed between two readings: into its last minute, or past zero. Readings are
 * remaining milliseconds; a new key (another phase, turn or step) starts afresh, so entering a
 * phase already in overtime does not announce it again.
 */
export function crossed(
  last: { key: string; remaining: number } | null,
  key: string,
  remaining: number,
): 'last-minute' | 'zero' | null {
  if (!last || last.key !== key) return null;
  if (last.remaining > 0 && remaining <= 0) return 'zero';
  if (last.remaining > 60_000 && remaining <= 60_000) return 'last-minute';
  return null;
}

/**
 * The whole minute mark among `minutes` a countdown crossed between two readings, or null: for
 * gentle cues such as "20 minutes left" [AG7].
 */
export function crossedMark(
  last: { key: string; remaining: number } | null,
  key: string,
  remaining: number,
  minutes: readonly number[],
): number | null {
  if (!last || last.key !== key) return null;
  return minutes.find((m) => last.remaining > m * 60_000 && remaining <= m * 60_000) ?? null;
}
