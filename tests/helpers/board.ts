import type * as Y from 'yjs';
import { BoardDevice } from './boardDevice.ts';
import type { TestMember } from './member.ts';

/**
 * A member's board as the page runs it (see boardDevice.ts), opened and synced. `keysOf` is the
 * device whose key seed this one shares: another tab of the same browser.
 */
export async function openBoard(member: TestMember, keysOf: TestMember = member, ms = 10_000): Promise<BoardDevice> {
  const device = new BoardDevice(member, await keysOf.keys.pairs());
  await device.synced(ms);
  return device;
}

/** Resolves when `test` holds for the document, re-checked after every update. */
export function untilDoc(doc: Y.Doc, test: () => boolean, what = 'document condition', ms = 5_000): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!test()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    doc.on('update', check);
  });
}

/**
 * Resolves once the relay has passed on everything `from` sent so far: `from` publishes a new
 * awareness probe after its earlier messages, and `observer` sees the probe come back.
 */
let probes = 0;
export function barrier(from: BoardDevice, observer: BoardDevice, ms = 5_000): Promise<void> {
  const probe = ++probes;
  const awareness = () => observer.provider.awareness;
  const seen = () => [...awareness().getStates().values()].some((s) => s.probe === probe);
  return new Promise((resolve, reject) => {
    const watched = awareness();
    const timer = setTimeout(() => reject(new Error('barrier timed out')), ms);
    const check = () => {
      if (!seen()) return;
      clearTimeout(timer);
      watched.off('change', check);
      resolve();
    };
    watched.on('change', check);
    from.provider.awareness.setLocalStateField('probe', probe);
  });
}
