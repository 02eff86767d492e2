import type { Clock } from '../clock.ts';

/**
 * A token bucket for one connection's messages: `burst` at once, refilled at `perSecond`. A person
 * clicking never comes near it; a script flooding the room does, and is refused (RATE_LIMITED on
 * Socket.IO, close code 4429 on the board) instead of taking the server's time from everyone else.
 */
export function tokenBucket(clock: Clock, burst = 100, perSecond = 20): () => boolean {
  let tokens = burst;
  let last = clock.now();
  return () => {
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
