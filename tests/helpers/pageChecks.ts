import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeFinding {
  id: string;
  impact: string | null;
  nodes: number;
  help: string;
  /** Where: the first few elements' selectors. */
  targets: string[];
}

/**
 * Runs axe-core in the page and returns the serious and critical findings of the WCAG 2.1 A/AA
 * rules, and any finding of `landmark-unique` (two regions with one name leave a screen reader
 * unable to tell them apart; axe rates it moderate, the room treats it as a defect).
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  // Once per document: a single-page app keeps it loaded across the room's screens.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            o: object,
          ): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: string[] }[]; help: string }[];
          }>;
        };
      }
    ).axe;
    const wcag = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    const landmarks = await axe.run(document, { runOnly: { type: 'rule', values: ['landmark-unique'] } });
    return [...wcag.violations, ...landmarks.violations].map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'landmark-unique');
}

/** Whether the page scrolls sideways (it must not, even at 360 px). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 0.5);
}

/** Visible controls smaller than 44 × 44 CSS px (a checkbox counts with its label). */
export function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>('button, select, textarea, a[href], input, summary');
    for (const el of controls) {
      const target =
        el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')
          ? (el.closest('label') ?? el.parentElement ?? el)
          : el;
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(el);
      const hidden = box.width === 0 || style.visibility === 'hidden' || style.display === 'none';
      const inline = el.tagName === 'A' && style.display === 'inline';
      if (hidden || inline) continue;
      if (box.height < 43.5 || box.width < 43.5)
        small.push(
          `${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
    }
    return small;
  });
}

/**
 * The checks every page passes: no serious axe finding, and on a phone no sideways scroll and no
 * tap target too small. `what` names the page in a failure.
 */
export async function checkPage(device: { page: Page }, what: string): Promise<void> {
  expect(await seriousAxeFindings(device.page), `axe on ${what}`).toEqual([]);
  if ((device.page.viewportSize()?.width ?? 1000) <= 400) {
    expect(await scrollsSideways(device.page), `sideways scroll on ${what}`).toBe(false);
    expect(await smallTapTargets(device.page), `tap targets on ${what}`).toEqual([]);
  }
}
