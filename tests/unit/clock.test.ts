import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateOffset } from '../../shared/src/clock.ts';

describe('server clock estimation', () => {
  it('[TM2] recovers a 7-minute offset from symmetric round trips', () => {
    const offset = 7 * 60_000;
    const samples = [0, 1, 2, 3].map((i) => ({
      sentAt: i * 1_000,
      serverAt: i * 1_000 + 20 + offset,
      receivedAt: i * 1_000 + 40,
    }));
    expect(estimateOffset(samples)).toEqual({ offsetMs: offset, rttMs: 40 });
  });

  it('[TM2] trusts the fastest round trips over slow, skewed ones', () => {
    const fast = { sentAt: 0, serverAt: 1_010, receivedAt: 20 };
    const slow = { sentAt: 100, serverAt: 1_600, receivedAt: 900 };
    expect(estimateOffset([slow, fast, slow, fast, slow, slow])!.offsetMs).toBe(1_000);
  });

  it('[TM2] gives nothing without a valid sample', () => {
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ sentAt: 10, serverAt: 5, receivedAt: 0 }])).toBeNull();
  });

  it('[TM2] the error is never more than half the best round trip, whatever the device clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3_600_000, max: 3_600_000 }),
        fc.array(fc.record({ up: fc.integer({ min: 1, max: 400 }), down: fc.integer({ min: 1, max: 400 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        (offset, trips) => {
          let t = 0;
          const samples = trips.map(({ up, down }) => {
            const s = { sentAt: t, serverAt: t + up + offset, receivedAt: t + up + down };
            t += 1_000;
            return s;
          });
          const estimate = estimateOffset(samples)!;
          const worst = Math.max(...trips.map(({ up, down }) => Math.abs(up - down) / 2));
          expect(Math.abs(estimate.offsetMs - offset)).toBeLessThanOrEqual(worst);
        },
      ),
    );
  });
});
