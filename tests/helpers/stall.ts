import type { RawBoard } from './rawBoard.ts';

/** Longest waits in ms seen while an attack ran. */
export interface Stall {
  /** The event loop's longest gap: the server runs in this process, so its stalls are ours. */
  loopMs: number;
  /** The slowest round trip of a probe in another room: one sent with the attack, more every 20 ms. */
  probeMs: number;
}

const PROBE_EVERY_MS = 20;

/** Measures the event loop's longest gap between 1 ms ticks, up to the moment `stop` is called. */
function loopGaps(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

/**
 * Runs `attack` (which sends its messages and resolves once the server has answered or closed the
 * attacker) while a probe connection in another room keeps timing round trips. One probe leaves
 * in the same tick as the attack, so it is in flight while the server handles it.
 */
export async function stallDuring(probe: RawBoard, attack: () => Promise<unknown>): Promise<Stall> {
  const loop = loopGaps();
  const trips: Promise<number>[] = [];
  const timer = setInterval(() => trips.push(probe.roundTrip()), PROBE_EVERY_MS);
  const done = attack();
  trips.push(probe.roundTrip());
  await done;
  clearInterval(timer);
  // One last probe: it answers only after every stall the attack caused has passed.
  trips.push(probe.roundTrip());
  const probeMs = Math.max(...(await Promise.all(trips)));
  return { loopMs: loop.stop(), probeMs };
}
