import { Session } from 'node:inspector/promises';

/**
 * Takes a V8 heap snapshot of this process in memory (never on disk) after a full garbage
 * collection, and returns its text, in which every live string appears.
 */
export async function heapSnapshotText(): Promise<string> {
  const session = new Session();
  session.connect();
  const chunks: string[] = [];
  session.on('HeapProfiler.addHeapSnapshotChunk', (m) => chunks.push(m.params.chunk));
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.collectGarbage');
    await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    session.disconnect();
  }
  return chunks.join('');
}
