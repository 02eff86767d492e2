import { readFileSync } from 'node:fs';

/** File descriptors kept back from connections: static files, the event loop, log pipes. */
const RESERVED = 32;

/** The process's soft limit on open files, from /proc on Linux; null where it cannot be read. */
export function openFileLimit(limitsFile = '/proc/self/limits'): number | null {
  try {
    const line = readFileSync(limitsFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    const limit = Number(soft);
    return Number.isSafeInteger(limit) && limit > 0 ? limit : null;
  } catch {
    return null;
  }
}

/**
 * The most TCP connections the process should hold: `wanted`, but never so many that a flood of
 * them leaves no descriptor for anything else (EMFILE would refuse everyone without a word) [RC5].
 *
 * connectionCeiling(20_000, 400) === 288
 */
export function connectionCeiling(wanted: number, openFiles: number | null): number {
  if (openFiles === null) return wanted;
  return Math.max(1, Math.min(wanted, Math.floor(openFiles * 0.8) - RESERVED));
}
