import { loadAverage } from './procStats.ts';
import type { Target } from './targets.ts';

export interface BenchContext {
  /** Holdspace (this tree, perhaps also an earlier one) and the baselines, in run order. */
  targets: Target[];
  reps: number;
  /** Short windows and few steps: checks that everything runs, figures mean little. */
  quick: boolean;
  log(message: string): void;
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
