// Lookalike comparison of display names [RM4], for the server: it carries Unicode's confusables
// data (confusablesData.ts, about 14 kB gzipped), which the page's first bundle must not.
import { CONFUSABLES_COUNT, PROTOTYPES, SOURCES } from './confusablesData.ts';
import { cleanText, MAX_NAME_LENGTH } from './names.ts';

let prototypeOf: Map<number, string> | undefined;

/** confusables.txt's mappings, decoded once, on first use. */
function prototypes(): Map<number, string> {
  if (prototypeOf) return prototypeOf;
  const sources = SOURCES.replace(/\s/g, '').split(',');
  const targets = PROTOTYPES.replace(/\s/g, '').split(',');
  if (sources.length !== CONFUSABLES_COUNT || targets.length !== CONFUSABLES_COUNT) {
    throw new Error('confusablesData.ts does not hold as many mappings as it says');
  }
  const map = new Map<number, string>();
  let source = 0;
  sources.forEach((gap, i) => {
    source += gap === '' ? 1 : Number.parseInt(gap, 36);
    const target = (targets[i] ?? '').split('.').map((digits) => Number.parseInt(digits, 36));
    map.set(source, String.fromCodePoint(...target));
  });
  prototypeOf = map;
  return map;
}

/** UTS #39 skeleton, one pass: NFD, each code point replaced by its prototype, NFD again. */
function skeleton(text: string): string {
  const map = prototypes();
  let mapped = '';
  for (const ch of text.normalize('NFD')) mapped += map.get(ch.codePointAt(0) ?? 0) ?? ch;
  return mapped.normalize('NFD');
}

/** Invisible characters out, white space folded: what a name shows. */
function visible(text: string): string {
  return cleanText(text).replace(/\s+/gu, ' ').trim();
}

/** More passes than any code point needs to settle with confusables.txt 17.0.0 (three at most). */
const MAX_PASSES = 6;

/**
 * `step` applied until the text stops changing, so that a key of a key is the same key. A second
 * pass matters: some prototypes change once decomposed (Ǆ → DŽ, whose caron maps to a breve).
 */
function settle(text: string, step: (text: string) => string): string {
  let current = step(text);
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    const next = step(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Case folded, compatibility forms folded (ﬁ, fullwidth letters), then the skeleton. */
const foldedStep = (text: string) => skeleton(visible(text).normalize('NFKC').toLowerCase());

/** The UTS #39 skeleton as it is, case kept: capital I and small l look alike, small i does not. */
const exactStep = (text: string) => skeleton(visible(text));

/**
 * The key under which names that look alike meet: invisible characters removed, white space
 * folded, NFKC, lower case, then the UTS #39 skeleton (NFD, each code point mapped to its
 * prototype in Unicode's confusables.txt, NFD), repeated until it no longer changes. Not for
 * display: the skeleton of "m" is "rn".
 *
 * nameSkeleton('Аna') === nameSkeleton('ana') // the first letter is Cyrillic
 */
export function nameSkeleton(name: string): string {
  return settle(name, foldedStep);
}

/** Both keys of a name: case folded, and case kept (which alone sees "Ian" in "lan"). */
function keys(name: string): [folded: string, exact: string] {
  return [nameSkeleton(name), settle(name, exactStep)];
}

/**
 * Two names that look the same to people count as the same name: the same skeleton once case is
 * folded ("Ana", "ANA", "Аna" with a Cyrillic А, "ﬁona" and "Fiona", "rn" and "m"), or the same
 * UTS #39 skeleton with case kept ("Ian" and "lan", whose capital I and small l look alike).
 *
 * sameName('Аna', 'Ana') === true
 */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const [foldedA, exactA] = keys(a);
  const [foldedB, exactB] = keys(b);
  return foldedA === foldedB || exactA === exactB;
}

/**
 * `name`, or `name (2)`, `name (3)`… when someone here already uses a name that looks the same, so
 * a newcomer never learns from a refusal who is in the room, and no one can pass for someone else
 * [RM4]. The base is shortened so the result stays within 40 characters.
 *
 * uniqueName('Аna', ['Ana']) === 'Аna (2)' // the first letter is Cyrillic
 */
export function uniqueName(name: string, taken: readonly string[]): string {
  const folded = new Set<string>();
  const exact = new Set<string>();
  for (const t of taken) {
    const [f, e] = keys(t);
    folded.add(f);
    exact.add(e);
  }
  const free = (candidate: string) => {
    const [f, e] = keys(candidate);
    return !folded.has(f) && !exact.has(e);
  };
  if (free(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const base = [...name]
      .slice(0, MAX_NAME_LENGTH - suffix.length)
      .join('')
      .trimEnd();
    if (free(base + suffix)) return base + suffix;
  }
}
