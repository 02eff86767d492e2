/** The server's only source of time. Tests inject a manual clock; nothing else reads Date.now(). */
export interface Clock {
  now(): number;
  /** Runs `run` once after `delayMs`; returns a function that cancels it. */
  schedule(run: () => void, delayMs: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(run, delayMs) {
    // setTimeout holds at most 2^31-1 ms; longer waits are re-armed in steps.
    const MAX = 2_147_483_647;
    let handle: ReturnType<typeof setTimeout>;
    const arm = (remaining: number) => {
      handle = setTimeout(() => (remaining > MAX ? arm(remaining - MAX) : run()), Math.min(remaining, MAX));
      handle.unref?.();
    };
    arm(Math.max(0, delayMs));
    return () => clearTimeout(handle);
  },
};
