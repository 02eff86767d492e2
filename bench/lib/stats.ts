/** The p-th percentile (nearest rank) of some numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** p50, p99 and p99.9 of latency samples, in one sort. */
export function latencySummary(values: readonly number[]): { p50: number; p99: number; p999: number; count: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length === 0
      ? Number.NaN
      : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { p50: at(50), p99: at(99), p999: at(99.9), count: sorted.length };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A figure over repetitions: the median, and the lowest and highest seen. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), n: finite.length };
}

/** Concatenates sample arrays without spreading them into arguments (they can be large). */
export function concat(arrays: readonly (readonly number[])[]): number[] {
  const all: number[] = [];
  for (const array of arrays) for (const value of array) all.push(value);
  return all;
}
