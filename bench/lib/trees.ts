import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Builds a tree's client as its own `npm run build` does. */
export function buildClient(dir: string): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * An earlier commit of this repository as a source tree to run ("Holdspace before"): exported
 * with `git archive` into a temporary folder (no worktree, nothing in .git changes), sharing this
 * tree's node_modules, its client built by its own build script. A folder is used as it is.
 */
export function earlierTree(commitOrDir: string): { dir: string; commit: string } {
  if (existsSync(join(commitOrDir, 'server/src/main.ts'))) return { dir: commitOrDir, commit: 'a source folder' };
  const commit = execFileSync('git', ['rev-parse', '--short', commitOrDir], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `holdspace-bench-${commit}`);
  if (!existsSync(join(dir, 'server/src/main.ts'))) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', commit], { cwd: repoRoot, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  }
  return { dir, commit };
}

/** The commit this tree is at, and whether it has changes not committed. */
export function currentCommit(): string {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
  return dirty ? `${commit} with uncommitted changes` : commit;
}

type TestMemberClass = typeof import('../../tests/helpers/member.ts').TestMember;

/**
 * A tree's own test device: a build's room is replayed by that build's own rules and replica,
 * never by a later one's (whose state has fields the earlier build never sends).
 */
export async function testMemberOf(tree: string): Promise<TestMemberClass> {
  const helper = pathToFileURL(join(tree, 'tests/helpers/member.ts')).href;
  return ((await import(helper)) as { TestMember: TestMemberClass }).TestMember;
}
