/** One NTP-style round trip: device time sent, server time read, device time received. */
export interface ClockSample {
  sentAt: number;
  serverAt: number;
  receivedAt: number;
}

export interface ClockEstimate {
  /** Add to the device clock to get server time. */
  offsetMs: number;
  /** Round trip of the best sample; the offset is good to about half of it. */
  rttMs: number;
}

/**
 * Estimates the server clock's offset from round trips [TM2]. Assumes the reply spent half the
 * round trip in flight, so the samples with the shortest round trips are the most trustworthy:
 * keep the best third (at least one) and take the median of their offsets.
 *
 * estimateOffset([{ sentAt: 0, serverAt: 420_050, receivedAt: 100 }]) // { offsetMs: 420_000, rttMs: 100 }
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate | null {
  const valid = samples.filter((s) => s.receivedAt >= s.sentAt);
  if (valid.length === 0) return null;
  const byRtt = [...valid].sort((a, b) => a.receivedAt - a.sentAt - (b.receivedAt - b.sentAt));
  const best = byRtt.slice(0, Math.max(1, Math.ceil(byRtt.length / 3)));
  const offsets = best.map((s) => s.serverAt - (s.sentAt + s.receivedAt) / 2).sort((a, b) => a - b);
  const mid = Math.floor(offsets.length / 2);
  const at = (i: number) => offsets[i] ?? 0;
  const offsetMs = offsets.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  const [first] = byRtt;
  return first ? { offsetMs, rttMs: first.receivedAt - first.sentAt } : null;
}

/** One round trip to the server; resolves with the server's time when it answered. */
export type Ping = () => Promise<number>;

/**
 * Takes `count` NTP-style samples one after another and estimates the offset [TM2].
 * Stops early (with what it has) if a ping fails.
 */
export async function measureOffset(
  ping: Ping,
  count = 8,
  deviceNow: () => number = Date.now,
): Promise<ClockEstimate | null> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < count; i++) {
    const sentAt = deviceNow();
    let serverAt: number;
    try {
      serverAt = await ping();
    } catch {
      break;
    }
    samples.push({ sentAt, serverAt, receivedAt: deviceNow() });
  }
  return estimateOffset(samples);
}
