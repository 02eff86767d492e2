import type { Locator } from 'playwright-core';
import type { Device } from './browser.ts';

/**
 * What a glance at a phone sees: each locator's element lies wholly inside the first screen, with
 * the page scrolled to its top, not cut off at either side, and nothing (the facilitator's pinned bar, say) covers its middle.
 * Throws naming what is not in view.
 */
export async function expectAtFirstGlance(device: Device, things: Record<string, Locator>): Promise<void> {
  const { page } = device;
  await page.evaluate(() => window.scrollTo(0, 0));
  const height = page.viewportSize()?.height ?? 0;
  for (const [what, locator] of Object.entries(things)) {
    await locator.waitFor();
    const seen = await locator.evaluate((el, viewport) => {
      const box = el.getBoundingClientRect();
      // What can be seen: the screen, narrowed by every ancestor that clips (a scrolling tab row).
      const seeable = { left: 0, right: window.innerWidth, top: 0, bottom: viewport };
      for (let up = el.parentElement; up; up = up.parentElement) {
        if (getComputedStyle(up).overflowX === 'visible' && getComputedStyle(up).overflowY === 'visible') continue;
        const clip = up.getBoundingClientRect();
        seeable.left = Math.max(seeable.left, clip.left + up.clientLeft);
        seeable.right = Math.min(seeable.right, clip.left + up.clientLeft + up.clientWidth);
        if (up !== document.documentElement && up !== document.body) {
          seeable.top = Math.max(seeable.top, clip.top + up.clientTop);
          seeable.bottom = Math.min(seeable.bottom, clip.top + up.clientTop + up.clientHeight);
        }
      }
      const slack = 0.5;
      const inside =
        box.height > 0 &&
        box.top >= seeable.top - slack &&
        box.bottom <= seeable.bottom + slack &&
        box.left >= seeable.left - slack &&
        box.right <= seeable.right + slack;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const uncovered = hit !== null && (hit === el || el.contains(hit) || hit.contains(el));
      const [top, bottom, left, right] = [box.top, box.bottom, box.left, box.right].map(Math.round);
      return { inside, uncovered, top, bottom, left, right };
    }, height);
    if (!seen.inside || !seen.uncovered) {
      const where = seen.inside
        ? 'covered by something else'
        : `at ${seen.top}–${seen.bottom} px down of ${height}, ${seen.left}–${seen.right} px across, or clipped`;
      throw new Error(`${device.name}: ${what} is not at first glance (${where})`);
    }
  }
}
