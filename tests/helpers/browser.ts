import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser; the flags keep it off the network. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Headless Chromium preloads omnibox popups (two extra renderers) for every context's window,
  // which no test shows; without them a context opens at about half the CPU.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
];

/** The built client the browser tests load (npm test builds it first). */
export const clientDir =
  process.env.HOLDSPACE_E2E_CLIENT_DIR ?? fileURLToPath(new URL('../../client/dist', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export const phones = {
  small: { width: 360, height: 740 },
  large: { width: 390, height: 844 },
} as const;
export const laptop = { width: 1280, height: 800 };

/** How long one step (a click, a wait for text) may take before it fails. */
export const stepTimeoutMs = 25_000;

export interface Device {
  context: BrowserContext;
  page: Page;
  name: string;
  /** What the page's Content-Security-Policy refused, as the console reported it [PR5]. */
  cspViolations: string[];
  /** Every warning and error the page's console printed, and every uncaught error: none is expected. */
  problems: string[];
  /** Lets a test that causes a console message on purpose say so; it is not counted as a problem. */
  expectConsole(pattern: RegExp): void;
}

/** The devices opened since the last `takeConsoleProblems`, so a suite can check them after each test. */
const opened: Device[] = [];

/** Every console warning or error of the devices opened since the last call, but those a test expected. */
export function takeConsoleProblems(): string[] {
  const problems = opened.flatMap((d) => d.problems.map((p) => `${d.name}: ${p}`));
  opened.length = 0;
  return problems;
}

/**
 * One person's device: its own browser context (own storage, own clock). `clockAheadMs` moves
 * the device's clock, as a phone with a wrong clock would have it.
 */
export async function openDevice(
  browser: Browser,
  name: string,
  options: {
    viewport?: { width: number; height: number };
    clockAheadMs?: number;
    reducedMotion?: 'reduce';
    colorScheme?: 'light' | 'dark';
    /** Lets a test inject axe-core; the page's own CSP would block the script otherwise. */
    bypassCSP?: boolean;
  } = {},
): Promise<Device> {
  const phone = options.viewport !== undefined && options.viewport.width < 500;
  const context = await browser.newContext({
    viewport: options.viewport ?? laptop,
    isMobile: phone,
    hasTouch: phone,
    reducedMotion: options.reducedMotion ?? 'no-preference',
    colorScheme: options.colorScheme ?? 'light',
    bypassCSP: options.bypassCSP ?? false,
  });
  // Room for a busy machine, yet well under the test's own timeout, so a failing step names itself.
  context.setDefaultTimeout(stepTimeoutMs);
  if (options.clockAheadMs) await context.clock.install({ time: Date.now() + options.clockAheadMs });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  const cspViolations: string[] = [];
  const problems: string[] = [];
  const expected: RegExp[] = [];
  const problem = (text: string) => {
    if (!expected.some((e) => e.test(text))) problems.push(text);
  };
  page.on('console', (message) => {
    const type = message.type();
    if (type === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    if (type === 'error' || type === 'warning') problem(`console ${type}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problem(`uncaught: ${error.message}`));
  if (process.env.PAGE_LOG) page.on('console', (m) => console.log(name, m.type(), m.text()));
  const device = { context, page, name, cspViolations, problems, expectConsole: (p: RegExp) => void expected.push(p) };
  opened.push(device);
  return device;
}

/**
 * The facilitator creates a room on the create page, giving their name and agreeing to the ground
 * rules there; the room opens with them in it. Returns the invite link.
 */
export async function createRoom(
  device: Device,
  baseUrl: string,
  room: { purpose: string; agenda: string; tokens?: number },
): Promise<string> {
  const { page, name } = device;
  await page.goto(baseUrl);
  await page.getByLabel('Group purpose').fill(room.purpose);
  await page.getByLabel('Agenda', { exact: true }).selectOption(room.agenda);
  if (room.tokens !== undefined)
    await page.getByRole('spinbutton', { name: 'Talk tokens per member' }).fill(String(room.tokens));
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('I agree to the ground rules').check();
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.locator('h1#phase-heading').waitFor();
  return page.getByLabel('Invite link').inputValue();
}

/** Joins from the join form the page shows, agreeing to the ground rules. */
export async function joinRoom(device: Device, inviteUrl?: string, admittedBy?: Device): Promise<void> {
  const { page, name } = device;
  if (inviteUrl) await page.goto(inviteUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('I agree to the ground rules').check();
  await page.getByRole('button', { name: 'Join room' }).click();
  if (admittedBy) {
    // A link is not a key: the newcomer knocks and waits until the facilitator lets them in [RM6].
    await page.getByText('Waiting for the facilitator').first().waitFor();
    await admittedBy.page.getByRole('button', { name: `Admit ${name}` }).click();
  }
  // In the room: its heading names the phase, or the lobby.
  await page.locator('h1#phase-heading').waitFor();
}

/** Seconds a page's timer shows: "12:34" -> 754, "-0:05" -> -5. */
export async function timerSeconds(page: Page, name = 'Phase timer'): Promise<number> {
  const text = (await page.getByRole('timer', { name }).textContent())?.trim() ?? '';
  const match = /^(-?)(\d+):(\d{2})$/.exec(text);
  if (!match) throw new Error(`unexpected timer text "${text}"`);
  const seconds = Number(match[2]) * 60 + Number(match[3]);
  return match[1] ? -seconds : seconds;
}

/** Every page shows the same phase heading and a phase timer within a second of the others. */
export async function expectInStep(devices: Device[], heading: string): Promise<number[]> {
  for (const d of devices) await d.page.getByRole('heading', { level: 1, name: heading }).waitFor();
  const seconds = await Promise.all(devices.map((d) => timerSeconds(d.page)));
  const spread = Math.max(...seconds) - Math.min(...seconds);
  if (spread > 1) throw new Error(`timers disagree on "${heading}": ${seconds.join(', ')}`);
  return seconds;
}

/** The hand queue as a page shows it: names in order. */
export function queueShown(page: Page): Promise<string[]> {
  return page.getByRole('region', { name: 'Hand queue' }).getByRole('listitem').locator('.name').allTextContents();
}

/** Waits until every page shows this queue order (Playwright re-checks in the page on each frame). */
export async function expectQueue(devices: Device[], names: string[]): Promise<void> {
  for (const d of devices) {
    await d.page
      .waitForFunction((expected) => {
        const region = [...document.querySelectorAll('section')].find(
          (s) => s.querySelector('h2')?.textContent === 'Hand queue',
        );
        const shown = [...(region?.querySelectorAll('li .name') ?? [])].map((n) => n.textContent);
        return JSON.stringify(shown) === JSON.stringify(expected);
      }, names)
      .catch(async () => {
        throw new Error(`${d.name} shows [${(await queueShown(d.page)).join(', ')}], not [${names.join(', ')}]`);
      });
  }
}

/** The creator's device enters a room made through the API, as if it had made it on the create page. */
export async function enterAsCreator(device: Device, baseUrl: string, roomId: string, secret: string): Promise<void> {
  await device.page.goto(baseUrl);
  await device.page.evaluate(([id, s]) => localStorage.setItem(`holdspace.secret.${id}`, s ?? ''), [roomId, secret]);
  await joinRoom(device, `${baseUrl}/#/r/${roomId}`);
}

/** A room made through the API, as the create page would make it: its id, its creator's secret and its link. */
export async function apiRoom(
  baseUrl: string,
  body: object,
): Promise<{ roomId: string; secret: string; link: string }> {
  const response = await fetch(`${baseUrl}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  const { roomId, secret } = (await response.json()) as { roomId: string; secret: string };
  return { roomId, secret, link: `${baseUrl}/#/r/${roomId}` };
}

/**
 * A room made through the API, its creator and then each member joined on a small phone (axe-core
 * may be injected: the pages' CSP is bypassed).
 */
export async function roomOnPhones(browser: Browser, baseUrl: string, body: object, creator: string, names: string[]) {
  const { roomId, secret, link } = await apiRoom(baseUrl, body);
  const first = await openDevice(browser, creator, { viewport: phones.small, bypassCSP: true });
  await enterAsCreator(first, baseUrl, roomId, secret);
  const members: Device[] = [];
  for (const name of names) {
    const device = await openDevice(browser, name, { viewport: phones.small, bypassCSP: true });
    await joinRoom(device, link);
    members.push(device);
  }
  return { roomId, creator: first, members, everyone: [first, ...members] };
}
