import { mkdirSync, writeFileSync } from 'node:fs';
import { launch } from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/helpers/browser.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** One Lighthouse run's figures: category scores 0–100, and the metrics the scores come from. */
export interface LighthouseFigures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  /** Cumulative layout shift (unitless), total blocking time and paints (ms), as simulated. */
  cls: number;
  tbtMs: number;
  lcpMs: number;
  fcpMs: number;
  /** Audits of the accessibility, best-practices and SEO categories that did not pass, by id. */
  failing: string[];
  /** What Lighthouse itself warned about the run (a page that did not settle, say). */
  warnings: string[];
}

export interface AuditOptions {
  /** localStorage entries the page finds on its origin, e.g. a member's secret for a room. */
  storage?: Record<string, string>;
  /** Writes the full report here as `<name>.json` (the Lighthouse viewer opens it) and `.html`. */
  saveAs?: { dir: string; name: string };
}

function figures(lhr: Result): LighthouseFigures {
  const score = (id: (typeof CATEGORIES)[number]) => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100);
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const failing = CATEGORIES.filter((id) => id !== 'performance').flatMap((id) =>
    (lhr.categories[id]?.auditRefs ?? [])
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 1)
      .map((audit) => audit!.id),
  );
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    cls: metric('cumulative-layout-shift'),
    tbtMs: metric('total-blocking-time'),
    lcpMs: metric('largest-contentful-paint'),
    fcpMs: metric('first-contentful-paint'),
    failing,
    warnings: lhr.runWarnings.map(String),
  };
}

/** Puts entries into localStorage on `url`'s origin, through the browser's default context. */
async function seedStorage(port: number, url: string, storage: Record<string, string>): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = await browser.contexts()[0]!.newPage();
  // Any address on the origin will do; this one loads no script of the app.
  await page.goto(new URL('/api/config', url).href);
  await page.evaluate((entries) => {
    for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
  }, storage);
  await page.close();
}

/**
 * Lighthouse 12 with its mobile defaults (a simulated mid-range phone on slow 4G) on one URL, in a
 * fresh Debian Chromium. Lighthouse empties the HTTP cache before loading the page, but not
 * localStorage, so a seeded member secret is there when the page opens.
 */
export async function audit(url: string, options: AuditOptions = {}): Promise<LighthouseFigures> {
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent' });
  try {
    if (options.storage) await seedStorage(chrome.port, url, options.storage);
    const result = await lighthouse(url, {
      port: chrome.port,
      logLevel: 'error',
      output: ['json', 'html'],
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (options.saveAs) {
      const { dir, name } = options.saveAs;
      mkdirSync(dir, { recursive: true });
      const [json, html] = result.report as string[];
      writeFileSync(`${dir}/${name}.json`, json!);
      writeFileSync(`${dir}/${name}.html`, html!);
    }
    return figures(result.lhr);
  } finally {
    chrome.kill();
  }
}
