import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';

/**
 * An old board export on disk, as "Export board" wrote it before the history file: one row per
 * member with their commitment, for a test to import through "Import history file". Returns its path.
 */
export async function oldBoardExport(
  name: string,
  exportedAt: number,
  rows: { name: string; commitment: string }[],
): Promise<string> {
  const path = `${tmpdir()}/holdspace-${name}-${process.pid}.json`;
  const file = {
    format: 'holdspace-board',
    version: 1,
    exportedAt: new Date(exportedAt).toISOString(),
    purpose: 'p',
    rows: rows.map((row) => ({ ...row, lastCommitment: '', lastStatus: 'not-reported', note: '' })),
  };
  await writeFile(path, JSON.stringify(file));
  return path;
}
