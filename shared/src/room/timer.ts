/**
 * A countdown kept as data in server time, never as a tick [TM1].
 *
 * `startedAt` is when the timer last began running; `elapsedBeforePause` is what had elapsed
 * before that; `pausedAt` is set while paused. Every device renders the same remaining time from
 * these four numbers and its estimate of the server clock.
 */
export interface Timer {
  startedAt: number;
  durationMs: number;
  pausedAt: number | null;
  elapsedBeforePause: number;
}

export function startTimer(durationMs: number, now: number): Timer {
  return { startedAt: now, durationMs, pausedAt: null, elapsedBeforePause: 0 };
}

export function elapsedMs(timer: Timer, now: number): number {
  const runningUntil = timer.pausedAt ?? now;
  return timer.elapsedBeforePause + Math.max(0, runningUntil - timer.startedAt);
}

/** Remaining time; negative in overtime [TM4]. */
export function remainingMs(timer: Timer, now: number): number {
  return timer.durationMs - elapsedMs(timer, now);
}

export function isPaused(timer: Timer): boolean {
  return timer.pausedAt !== null;
}

export function pauseTimer(timer: Timer, now: number): Timer {
  if (timer.pausedAt !== null) return timer;
  return { ...timer, pausedAt: Math.max(now, timer.startedAt) };
}

export function resumeTimer(timer: Timer, now: number): Timer {
  if (timer.pausedAt === null) return timer;
  return {
    startedAt: now,
    durationMs: timer.durationMs,
    pausedAt: null,
    elapsedBeforePause: elapsedMs(timer, now),
  };
}

export function extendTimer(timer: Timer, extraMs: number): Timer {
  return { ...timer, durationMs: timer.durationMs + extraMs };
}

/**
 * Formats remaining time as m:ss, counting down in whole seconds the way a kitchen timer does
 * (59.2 s left shows 1:00), and overtime as "-m:ss" once a whole second has passed zero [TM4].
 *
 * formatRemaining(61_000) === '1:01'; formatRemaining(-4_500) === '-0:04'
 */
export function formatRemaining(ms: number): string {
  const overtime = ms <= -1000;
  const seconds = overtime ? Math.floor(-ms / 1000) : Math.max(0, Math.ceil(ms / 1000));
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return overtime ? `-${text}` : text;
}
