import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { DiskOperation } from './diskTrace.ts';

/**
 * tsx, which runs the server in production (`npm start`), keeps files of its own under
 * `<tmpdir>/tsx-<euid>/` (node_modules/tsx/dist: temporary-directory-*.mjs, index-*.mjs, cli.mjs):
 * - its transform cache: `<day>-<sha1>` files holding the JavaScript esbuild compiled from a source
 *   file (the server's and its dependencies'); written when a module is first loaded, and removed
 *   when older than 7 days;
 * - the CLI's IPC socket `<pid>.pipe`, bound at start and removed at exit;
 * - and it removes a legacy cache folder, `<tmpdir>/tsx`, if one exists.
 * None of these can hold what a person typed: the cache holds compiled code (the test reads every
 * entry the server wrote to prove it), and the socket is a socket.
 */
export const tsxDirectory = join(tmpdir(), `tsx-${process.geteuid?.() ?? userInfo().username}`);
const legacyDirectory = join(tmpdir(), 'tsx');

export type TsxFileKind = 'tsx directory' | 'transform cache entry' | 'CLI IPC socket' | 'legacy cache removal';

const inTsxDirectory = (path: string, name: RegExp) => dirname(path) === tsxDirectory && name.test(basename(path));
const isCacheEntry = (path: string) => inTsxDirectory(path, /^\d+-[0-9a-f]+$/);
const isCliSocket = (path: string) => inTsxDirectory(path, /^\d+\.pipe$/);

/** Which of tsx's own files an operation touches, or null if it is not one of them. */
export function tsxOwnFile(op: DiskOperation): TsxFileKind | null {
  const removal = op.syscall === 'unlink' || op.syscall === 'unlinkat' || op.syscall === 'rmdir';
  if ((op.syscall === 'mkdir' || op.syscall === 'mkdirat') && op.path === tsxDirectory) return 'tsx directory';
  if (isCacheEntry(op.path) && (op.syscall.startsWith('open') || removal)) return 'transform cache entry';
  if (isCliSocket(op.path) && (op.syscall === 'bind' || removal)) return 'CLI IPC socket';
  if (removal && (op.path === legacyDirectory || op.path.startsWith(`${legacyDirectory}/`)))
    return 'legacy cache removal';
  return null;
}

/** The cache entries the server's runtime opened for writing: files to read back and check. */
export function cacheEntriesWritten(ops: DiskOperation[]): string[] {
  return [...new Set(ops.filter((op) => op.syscall.startsWith('open') && isCacheEntry(op.path)).map((op) => op.path))];
}
