import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the spec and the tests', () => {
  it('every rule id a test cites is in shared/SPEC.md', () => {
    const spec = readFileSync(join(root, 'shared/SPEC.md'), 'utf8');
    const defined = new Set([...spec.matchAll(/\*\*([A-Z][A-Z0-9]*\d)\*\*/g)].map((m) => m[1]));
    const cited = new Set<string>();
    for (const file of testFiles(join(root, 'tests'))) {
      for (const title of readFileSync(file, 'utf8').matchAll(/\b(?:it|describe)\(\s*['"`](.*?)['"`]/g)) {
        for (const id of title[1]?.matchAll(/\[([A-Z][A-Z0-9]*\d)\]/g) ?? []) if (id[1]) cited.add(id[1]);
      }
    }
    expect(cited.size).toBeGreaterThan(40);
    expect([...cited].filter((id) => !defined.has(id))).toEqual([]);
  });
});
