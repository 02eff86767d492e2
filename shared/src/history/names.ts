// The same person across weeks [HF5]: "Tom" last month is "Tom B." today once the scribe says so.
// The lookalike comparison comes in as an argument, so the confusables data stays out of this module.
import type { HistoryFile } from './historyFile.ts';

export type SameName = (a: string, b: string) => boolean;
type Aliases = HistoryFile['aliases'];

function aliasOf(aliases: Aliases, name: string): string | undefined {
  return Object.hasOwn(aliases, name) ? aliases[name] : undefined;
}

/**
 * The name `name` now stands for, following the file's aliases; a chain is followed to its end and
 * a loop (only a hand-made file has one) stops where it closes.
 *
 * canonicalName({ aliases: { Tom: 'Tom B.' } }, 'Tom') === 'Tom B.'
 */
export function canonicalName(history: Pick<HistoryFile, 'aliases'>, name: string): string {
  const seen = new Set([name]);
  let current = name;
  for (let next = aliasOf(history.aliases, current); next !== undefined; next = aliasOf(history.aliases, current)) {
    if (seen.has(next)) break;
    seen.add(next);
    current = next;
  }
  return current;
}

/**
 * Which names of the history are here today: each history name, through its alias, against each
 * present name (through its own alias too) with the room's comparison of names. The names that
 * match no one are for the scribe to match by hand, or to leave.
 */
export function matchNames(
  historyNames: readonly string[],
  present: readonly string[],
  sameName: SameName,
  aliases: Aliases,
): { matched: Map<string, string>; unmatched: string[] } {
  const here = present.map((name) => ({ name, canonical: canonicalName({ aliases }, name) }));
  const matched = new Map<string, string>();
  const unmatched: string[] = [];
  for (const name of new Set(historyNames)) {
    const canonical = canonicalName({ aliases }, name);
    const hit = here.find((p) => sameName(p.canonical, canonical)) ?? here.find((p) => sameName(p.name, name));
    if (hit) matched.set(name, hit.name);
    else unmatched.push(name);
  }
  return { matched, unmatched };
}

/**
 * The history remembering that `from` now stands for `to` [HF5]. Aliases stay flat (every value a
 * name no alias leads away from), so patterns count both names as one person at once: whatever
 * stood for `from` now stands for `to`, and if `to` stood for `from`, the newer choice wins.
 */
export function withAlias(history: HistoryFile, from: string, to: string): HistoryFile {
  let target = canonicalName(history, to);
  const flipped = target === from;
  if (flipped) target = to;
  if (target === from) return history;
  const entries: [string, string][] = [];
  for (const [name, stands] of Object.entries(history.aliases)) {
    if (name === from || (flipped && name === to)) continue;
    const value = stands === from || canonicalName(history, stands) === from ? target : stands;
    if (value !== name) entries.push([name, value]);
  }
  entries.push([from, target]);
  // fromEntries makes own properties, so a member called "__proto__" is an alias like any other.
  const aliases: Aliases = Object.fromEntries(entries);
  return { ...history, aliases };
}
