import type { Locator } from 'playwright-core';
import type { Device } from './browser.ts';

/**
 * What a glance at a phone sees: each locator's element lies wholly inside the first screen, with
 * the page scrolled to its top, and nothing (the facilitator's pinned bar, say) covers its middle.
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
      const inside = box.top >= 0 && box.bottom <= viewport && box.height > 0;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const uncovered = hit !== null && (hit === el || el.contains(hit) || hit.contains(el));
      return { inside, uncovered, top: Math.round(box.top), bottom: Math.round(box.bottom) };
    }, height);
    if (!seen.inside || !seen.uncovered) {
      const where = seen.inside ? 'covered by something else' : `at ${seen.top}–${seen.bottom} px of ${height}`;
      throw new Error(`${device.name}: ${what} is not at first glance (${where})`);
    }
  }
}
