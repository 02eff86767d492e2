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

/** A run's figures and its full report, as JSON (the Lighthouse viewer opens it) and as HTML. */
export interface Audit {
  figures: LighthouseFigures;
  json: string;
  html: string;
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
 * localStorage, so entries in `storage` (a member's secret for a room, say) are there when the
 * page opens.
 */
export async function audit(url: string, storage: Record<string, string> = {}): Promise<Audit> {
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent' });
  try {
    if (Object.keys(storage).length > 0) await seedStorage(chrome.port, url, storage);
    const result = await lighthouse(url, {
      port: chrome.port,
      logLevel: 'error',
      output: ['json', 'html'],
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const [json, html] = result.report as string[];
    return { figures: figures(result.lhr), json: json!, html: html! };
  } finally {
    chrome.kill();
  }
}

/** Writes a run's full report into `dir` as `<name>.json` and `<name>.html`. */
export function saveReport({ json, html }: Audit, dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${name}.json`, json);
  writeFileSync(`${dir}/${name}.html`, html);
}
