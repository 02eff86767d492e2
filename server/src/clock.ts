/** The server's only source of time. Tests inject a manual clock; nothing else reads Date.now(). */
export interface Clock {
  now(): number;
  /** Runs `run` once after `delayMs`; returns a function that cancels it. */
  schedule(run: () => void, delayMs: number): () => void;
}

/** setTimeout holds at most 2^31-1 ms; longer waits are re-armed in steps. */
const MAX_TIMEOUT_MS = 2_147_483_647;

function arm(slot: { handle?: ReturnType<typeof setTimeout> }, run: () => void, remaining: number): void {
  slot.handle = setTimeout(
    () => (remaining > MAX_TIMEOUT_MS ? arm(slot, run, remaining - MAX_TIMEOUT_MS) : run()),
    Math.min(remaining, MAX_TIMEOUT_MS),
  );
  slot.handle.unref?.();
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(run, delayMs) {
    // No named closure per call: rooms and sockets hold these for hours, and under tsx a named
    // closure carries a dictionary of properties for its name.
    const slot: { handle?: ReturnType<typeof setTimeout> } = {};
    arm(slot, run, Math.max(0, delayMs));
    return () => clearTimeout(slot.handle);
  },
};
