import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { msUntilShownChange } from '../../client/src/lib/nextSecond.ts';
import { formatRemaining } from '../../shared/src/room/timer.ts';

describe('when a countdown shows its next second', () => {
  it('[TM4] the text changes exactly that many ms later, and not before', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (remaining) => {
        const wait = msUntilShownChange(remaining);
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(1000);
        const shown = formatRemaining(remaining);
        expect(formatRemaining(remaining - (wait - 1))).toBe(shown);
        expect(formatRemaining(remaining - wait)).not.toBe(shown);
      }),
    );
  });

  it('[TM4] examples', () => {
    expect(msUntilShownChange(2_500)).toBe(500);
    expect(msUntilShownChange(3_000)).toBe(1_000);
    expect(msUntilShownChange(1)).toBe(1);
    expect(msUntilShownChange(0)).toBe(1_000);
    expect(msUntilShownChange(-1_200)).toBe(800);
  });
});
