import type { ImportOutcome } from './boardLink.ts';

/** What an import of last time did to the board, in words [BD5]. */
export function importWords(result: Extract<ImportOutcome, { ok: true }>): string {
  const filled =
    result.filled === 1 ? 'Filled “last time” for 1 row.' : `Filled “last time” for ${result.filled} rows.`;
  const kept = result.kept.length > 0 ? ` Left as they were (already filled): ${result.kept.join(', ')}.` : '';
  const unmatched =
    result.unmatched.length > 0
      ? ` No one here is called ${result.unmatched.join(', ')}: their row fills if they join.`
      : '';
  return filled + kept + unmatched;
}
