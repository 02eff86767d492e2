import {
  isAnswer,
  MIN_ANSWERS,
  optionCounts,
  preferNotSlot,
  type QuestionKind,
  VECTOR_SLOTS,
} from './questionKinds.ts';

// The arithmetic of pairwise masking, mod 2^32: an answer is a one-hot vector, a device adds its
// masks, the masked vectors are summed, and the masks cancel. No crypto here: see pairMasks.ts.

export type Vector = Uint32Array;

/** One-hot: the chosen option's slot, or "prefer not to say"'s. Throws on an answer the kind has not. */
export function answerVector(kind: QuestionKind, answer: number | null): Vector {
  if (!isAnswer(kind, answer)) throw new RangeError(`not an answer to ${kind}: ${answer}`);
  const vector = new Uint32Array(VECTOR_SLOTS);
  vector[answer === null ? preferNotSlot(kind) : answer - 1] = 1;
  return vector;
}

/** `into` += sign × `other`, slot by slot, mod 2^32. */
export function addInto(into: Vector, other: Vector, sign: 1 | -1 = 1): Vector {
  for (let i = 0; i < VECTOR_SLOTS; i++)
    into[i] = (sign === 1 ? (into[i] ?? 0) + (other[i] ?? 0) : (into[i] ?? 0) - (other[i] ?? 0)) >>> 0;
  return into;
}

/** The sum of vectors, mod 2^32. */
export function sumVectors(vectors: readonly Vector[]): Vector {
  const sum = new Uint32Array(VECTOR_SLOTS);
  for (const v of vectors) addInto(sum, v);
  return sum;
}

/** The room's answers as counted: per option, and how many preferred not to say. */
export interface Totals {
  counts: number[];
  preferNot: number;
  /** Respondents who chose an option. */
  answered: number;
}

/**
 * Reads a round's sum, or null when it cannot be honest answers: a slot above the number of
 * respondents, anything past "prefer not to say", or slots that do not add up to one per
 * respondent (a wrapped-around "negative" slot is above the respondents too) [PA4].
 */
export function readTotals(kind: QuestionKind, sum: Vector, respondents: number): Totals | null {
  if (sum.length !== VECTOR_SLOTS) return null;
  const used = preferNotSlot(kind) + 1;
  let total = 0;
  for (let i = 0; i < VECTOR_SLOTS; i++) {
    const slot = sum[i] ?? 0;
    if (slot > respondents || (i >= used && slot !== 0)) return null;
    total += slot;
  }
  if (total !== respondents) return null;
  const counts = Array.from(sum.subarray(0, optionCounts[kind]));
  const preferNot = sum[preferNotSlot(kind)] ?? 0;
  return { counts, preferNot, answered: respondents - preferNot };
}

/** What the room is shown of a round: nothing below the minimum of answers [PA3]. */
export type Reveal =
  | { shown: false; respondents: number; reason: 'too-few' }
  | {
      shown: true;
      respondents: number;
      answers: number;
      counts: number[];
      /** Rounded to the nearest half; null for a poll. */
      average: number | null;
      /** Everyone who answered chose the same option. */
      unanimous: boolean;
    };

/**
 * The mean answer (options are 1-based) rounded to the nearest half, as the room reveals it; null
 * for a poll (up and down have no mean) or when no one answered.
 *
 * averageOf('stress', [0, 1, 2, 0, 0]) === 2.5
 */
export function averageOf(kind: QuestionKind, counts: readonly number[]): number | null {
  const answers = counts.reduce((a, b) => a + b, 0);
  if (kind === 'poll' || answers === 0) return null;
  const weighted = counts.reduce((acc, count, i) => acc + count * (i + 1), 0);
  return Math.round((weighted / answers) * 2) / 2;
}

/** What a room that asked for `minAnswers` is shown; never with fewer than 3, whatever it asked [PA3]. */
export function reveal(kind: QuestionKind, totals: Totals, respondents: number, minAnswers: number): Reveal {
  if (totals.answered < Math.max(MIN_ANSWERS, minAnswers)) return { shown: false, respondents, reason: 'too-few' };
  return {
    shown: true,
    respondents,
    answers: totals.answered,
    counts: totals.counts,
    average: averageOf(kind, totals.counts),
    unanimous: totals.counts.some((c) => c === totals.answered),
  };
}
