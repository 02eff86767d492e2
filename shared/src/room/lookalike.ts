import { sameName } from './nameSkeleton.ts';

/** A "(2)" the room added to keep names apart [RM4]. */
const NUMBERING = / \(\d+\)$/u;

/**
 * The name among `names` that `name` looks like, ignoring the numbering the room adds, or null:
 * for the facilitator's knock list ("looks like Ana, who is here") [RM4, RM6].
 *
 * lookalikeOf('Аna', ['Fran', 'Ana']) === 'Ana' // the first letter is Cyrillic
 */
export function lookalikeOf(name: string, names: readonly string[]): string | null {
  const base = name.replace(NUMBERING, '');
  return names.find((n) => sameName(n.replace(NUMBERING, ''), base)) ?? null;
}
