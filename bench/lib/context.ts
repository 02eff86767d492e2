import { cpuWindow, loadAverage } from './procStats.ts';
import type { Target } from './targets.ts';

export interface BenchContext {
  /** Holdspace (this tree, perhaps also an earlier one) and the baselines, in run order. */
  targets: Target[];
  reps: number;
  /** Short windows and few steps: checks that everything runs, figures mean little. */
  quick: boolean;
  log(message: string): void;
  /** The machine counts as quiet when everything not ours uses less than this many cores. */
  quietCores: number;
  /** How long to wait for a quiet machine before measuring anyway (and saying so). */
  quietWaitMs: number;
}

/** Every (repetition, target) pair, interleaved: A B C, A B C, … so drift in the machine's load hits all alike. */
export function* interleaved(context: BenchContext, targets = context.targets): Generator<[number, Target]> {
  for (let rep = 0; rep < context.reps; rep++) for (const target of targets) yield [rep, target];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the machine was doing around a measurement: the load average before it began. */
export function loadNote(): { load1: number } {
  return { load1: loadAverage() };
}

/**
 * The machine is shared: waits until what is not ours (`ours` are our running processes) has
 * used less than `quietCores` for 3 s in a row, or `quietWaitMs` has passed.
 */
export async function waitForQuiet(context: BenchContext, ours: () => number[] = () => []): Promise<void> {
  const started = Date.now();
  let said = false;
  for (;;) {
    const window = cpuWindow(ours);
    await sleep(3_000);
    const { others } = window.end();
    if (others < context.quietCores) return;
    if (Date.now() - started > context.quietWaitMs) {
      context.log(`  the machine stayed busy (others ${(others * 100).toFixed(0)}% of a core): measuring anyway`);
      return;
    }
    if (!said) context.log(`  waiting for a quiet machine (others use ${(others * 100).toFixed(0)}% of a core)`);
    said = true;
  }
}

/**
 * Measures until the rest of the machine stayed quiet during the measurement (`others`, in
 * cores, below twice the quiet threshold), at most three times; keeps the quietest attempt.
 */
export async function quietly<T>(
  context: BenchContext,
  measure: () => Promise<T>,
  others: (result: T) => number,
  ours: () => number[] = () => [],
): Promise<T> {
  let best: T | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    await waitForQuiet(context, ours);
    const result = await measure();
    if (best === null || others(result) < others(best)) best = result;
    if (others(result) < 2 * context.quietCores) break;
    context.log(`  others used ${(others(result) * 100).toFixed(0)}% of a core meanwhile: measuring again`);
  }
  return best!;
}
