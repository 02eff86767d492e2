import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../../tests/helpers/browser.ts';
import { type BenchContext, interleaved, waitForQuiet, sleep } from '../lib/context.ts';
import { loadAverage } from '../lib/procStats.ts';
import { type RunningServer, startServer } from '../lib/serverProcess.ts';
import type { Target } from '../lib/targets.ts';
import { repoRoot, testMemberOf } from '../lib/trees.ts';
import { createRoom } from '../load/drivers.ts';

/** A mid-range phone as Lighthouse models one: CPU 4× slower, 150 ms round trips, 1.6 Mbps down. */
const PHONE_CPU_SLOWDOWN = 4;
const PHONE_NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

export interface PageRun {
  target: string;
  rep: number;
  /** Bytes over the wire (headers included) of the JS index.html loads, and of all JS the room page loaded. */
  initialJsBytes: number;
  allJsBytes: number;
  totalBytes: number;
  /** Content-Encoding of the initial JS as Chromium received it. */
  initialJsEncoding: string;
  /** The initial JS fetched with one encoding each: br, gzip, none (body bytes). */
  initialJsByEncoding: Record<string, number>;
  /** Phone: first contentful paint, join form shown, join tap to room shown, reopen to room shown (ms). */
  fcpMs: number;
  formMs: number;
  joinMs: number;
  reopenMs: number;
  /** Main-thread busy time per second of an idle room page with its timer running: phone, and unthrottled. */
  idleCpuPhone: number;
  idleCpuDesktop: number;
  cspViolations: number;
  load1: number;
}

/**
 * Marks, in page time, when the join form, the room's timer and a tap on "Join room" first happen.
 * A string, not a function: the TypeScript loader would wrap a function's inner names in a helper
 * the page does not have.
 */
const markScript = `
  const marks = {};
  window.__marks = marks;
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  const check = () => {
    if ([...document.querySelectorAll('label')].some((l) => l.textContent.includes('Your name'))) mark('form');
    if (document.querySelector('[role=timer]')) mark('room');
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && button.textContent.includes('Join room')) marks.joinClick = performance.now();
  }, true);
`;

async function marks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
}

async function untilMark(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => n in (window as unknown as { __marks: Record<string, number> }).__marks, name, {
    timeout: 60_000,
  });
  return (await marks(page))[name]!;
}

/** Main-thread task time per second of wall time, over `ms`. */
async function busyPerSecond(cdp: CDPSession, ms: number): Promise<number> {
  const read = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  };
  const t0 = performance.now();
  const before = await read();
  await sleep(ms);
  const after = await read();
  return (after - before) / ((performance.now() - t0) / 1000);
}

async function initialScripts(url: string): Promise<string[]> {
  const html = await (await fetch(url)).text();
  return [...html.matchAll(/<script[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map(
    (m) => new URL(m[1] ?? m[2]!, url).href,
  );
}

async function bytesByEncoding(url: string): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const encoding of ['br', 'gzip', 'identity']) {
    // Node's fetch would decode the body: ask over plain HTTP and count what arrives.
    const { request } = await import('node:http');
    sizes[encoding] = await new Promise<number>((resolve, reject) => {
      request(url, { headers: { 'accept-encoding': encoding } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve(bytes));
      })
        .on('error', reject)
        .end();
    });
  }
  return sizes;
}

async function measure(browser: Browser, server: RunningServer, target: Target, rep: number): Promise<PageRun> {
  const load1 = loadAverage();
  const { roomId, secret } = await createRoom(server.url, 'open');
  const TestMember = await testMemberOf(target.dir ?? repoRoot);
  const facilitator = await TestMember.join(server.url, roomId, 'Facilitator', secret);
  await facilitator.do({ type: 'session:start' });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  try {
    await context.addInitScript({ content: markScript });
    const page = await context.newPage();
    let cspViolations = 0;
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations += 1;
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    await cdp.send('Network.emulateNetworkConditions', PHONE_NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN });
    const responses = new Map<string, { url: string; type: string; encoding: string }>();
    const transferred = new Map<string, number>();
    cdp.on('Network.responseReceived', (e) => {
      const headers = e.response.headers as Record<string, string>;
      responses.set(e.requestId, {
        url: e.response.url,
        type: e.type,
        encoding: headers['content-encoding'] ?? headers['Content-Encoding'] ?? 'none',
      });
    });
    cdp.on('Network.loadingFinished', (e) => transferred.set(e.requestId, e.encodedDataLength));

    await page.goto(`${server.url}/#/r/${roomId}`);
    const formMs = await untilMark(page, 'form');
    const fcpMs = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    await page.getByLabel('Your name').fill('Phone');
    await page.getByLabel('I agree to the ground rules').check();
    await page.getByRole('button', { name: 'Join room' }).click();
    const roomAt = await untilMark(page, 'room');
    const joinMs = roomAt - (await marks(page)).joinClick!;

    await sleep(2_000);
    const idleCpuPhone = await busyPerSecond(cdp, 10_000);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const idleCpuDesktop = await busyPerSecond(cdp, 10_000);

    // By now the page has loaded everything a member's room needs (the board comes after joining).
    const initial = new Set(await initialScripts(server.url));
    let initialJsBytes = 0;
    let allJsBytes = 0;
    let totalBytes = 0;
    let initialJsEncoding = 'none';
    for (const [id, bytes] of transferred) {
      const response = responses.get(id);
      totalBytes += bytes;
      if (response?.type !== 'Script') continue;
      allJsBytes += bytes;
      if (initial.has(response.url)) {
        initialJsBytes += bytes;
        initialJsEncoding = response.encoding;
      }
    }

    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN });
    await page.reload();
    const reopenMs = await untilMark(page, 'room');

    const [firstScript] = initial;
    return {
      target: target.label,
      rep,
      initialJsBytes,
      allJsBytes,
      totalBytes,
      initialJsEncoding,
      initialJsByEncoding: firstScript ? await bytesByEncoding(firstScript) : {},
      fcpMs,
      formMs,
      joinMs,
      reopenMs,
      idleCpuPhone,
      idleCpuDesktop,
      cspViolations,
      load1,
    };
  } finally {
    await context.close();
    await facilitator.send({ type: 'room:end' });
    facilitator.close();
  }
}

/**
 * The page in Debian's Chromium on a phone: bytes over the wire, time to the join form and into
 * the room with the CPU 4× slower and a mobile network, and the CPU an idle room page uses.
 */
export async function pageSuite(context: BenchContext): Promise<PageRun[]> {
  const runs: PageRun[] = [];
  const holdspaces = context.targets.filter((t) => t.kind === 'holdspace');
  for (const [rep, target] of interleaved(context, holdspaces)) {
    await waitForQuiet(context);
    const server = await startServer(target);
    const browser = await launchBrowser();
    try {
      const run = await measure(browser, server, target, rep);
      runs.push(run);
      context.log(
        `page ${target.label} rep ${rep + 1}: initial JS ${(run.initialJsBytes / 1000).toFixed(1)} kB (${run.initialJsEncoding}), all JS ${(run.allJsBytes / 1000).toFixed(1)} kB, FCP ${run.fcpMs.toFixed(0)} ms, form ${run.formMs.toFixed(0)} ms, join ${run.joinMs.toFixed(0)} ms, reopen ${run.reopenMs.toFixed(0)} ms; idle CPU ${(run.idleCpuPhone * 1000).toFixed(0)} ms/s phone, ${(run.idleCpuDesktop * 1000).toFixed(0)} ms/s unthrottled; CSP violations ${run.cspViolations}`,
      );
    } finally {
      await browser.close();
      await server.stop();
    }
  }
  return runs;
}
