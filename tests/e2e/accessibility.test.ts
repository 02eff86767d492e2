import { describe, expect, it } from 'vitest';
import { createRoom, joinRoom, openDevice, phones, stepTimeoutMs, timerSeconds } from '../helpers/browser.ts';
import { checkPage } from '../helpers/pageChecks.ts';
import { browserSuite } from '../helpers/browserSuite.ts';

const suite = browserSuite();

describe('accessibility and the phone layout', () => {
  it('[A11Y1] create, join and room pages (facilitator on a laptop, member on a phone) have no serious axe finding', async () => {
    const fac = await openDevice(suite.browser, 'Fran', { bypassCSP: true });
    await fac.page.goto(suite.server.url);
    await fac.page.getByLabel('Group purpose').fill('We are residents who meet weekly to debrief hard cases.');
    await checkPage(fac, 'create page (laptop)');
    const phoneCreate = await openDevice(suite.browser, 'Phone', { viewport: phones.small, bypassCSP: true });
    await phoneCreate.page.goto(suite.server.url);
    await checkPage(phoneCreate, 'create page (phone)');
    await phoneCreate.context.close();

    const invite = await createRoom(fac, suite.server.url, {
      purpose: 'We are residents who meet weekly to debrief hard cases.',
      agenda: 'weekly-45',
    });
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small, bypassCSP: true });
    await ana.page.goto(invite);
    await ana.page.getByLabel('Your name').waitFor();
    await checkPage(ana, 'join page (phone)');
    // Knocking: the news sits by the button just pressed, and focus moves to it.
    await ana.page.getByLabel('Your name').fill('Ana');
    await ana.page.getByLabel('I agree to the ground rules').check();
    await ana.page.getByRole('button', { name: 'Join room' }).click();
    await ana.page.getByRole('status').filter({ hasText: 'Waiting for the facilitator' }).waitFor();
    await ana.page.waitForFunction(() => document.activeElement?.textContent?.includes('Waiting for the facilitator'));
    await checkPage(ana, 'knocking (phone)');
    await fac.page.getByRole('button', { name: 'Admit Ana' }).click();
    await ana.page.locator('h1#phase-heading').waitFor();
    await checkPage(fac, 'lobby (facilitator)');
    await checkPage(ana, 'lobby (member, phone)');

    await fac.page.getByRole('button', { name: 'Start session' }).click();
    await ana.page.getByRole('timer', { name: 'Phase timer' }).waitFor();
    await checkPage(fac, 'room (facilitator)');
    await checkPage(ana, 'room (member, phone)');

    const dark = await openDevice(suite.browser, 'Ben', {
      viewport: phones.large,
      colorScheme: 'dark',
      bypassCSP: true,
    });
    await joinRoom(dark, invite, fac);
    await checkPage(dark, 'room (member, phone, dark)');

    // A hot seat's question step (the hand queue) and the commitments phase (the board).
    await fac.page.getByRole('button', { name: 'Next phase' }).click();
    await fac.page.getByRole('button', { name: 'Next phase' }).click();
    await fac.page.getByRole('combobox', { name: 'Who takes the hot seat' }).selectOption({ label: 'Ben' });
    await fac.page.getByRole('button', { name: 'Pick for hot seat' }).click();
    await fac.page.getByRole('button', { name: 'Next step' }).click();
    await ana.page.getByRole('button', { name: 'Raise hand' }).click();
    await ana.page.getByRole('button', { name: 'Lower hand' }).waitFor();
    await checkPage(fac, 'hot seat queue (facilitator)');
    await checkPage(ana, 'hot seat queue (member, phone)');
    await checkPage(dark, 'hot seat (in the seat, phone, dark)');
    await fac.page.getByRole('button', { name: 'Next phase' }).click();
    await ana.page.getByRole('heading', { level: 1, name: 'Micro-commitments' }).waitFor();
    await ana.page.getByRole('region', { name: 'Commitment board' }).getByText('Ben').first().waitFor();
    await checkPage(fac, 'board (facilitator, editable)');
    await checkPage(ana, 'board (member, phone, read-only)');
    // The facilitator on a phone, light and dark: the pinned controls and the tabs.
    await fac.page.setViewportSize(phones.small);
    await fac.page.getByRole('tab', { name: 'More' }).waitFor();
    await checkPage(fac, 'board (facilitator, phone)');
    // Without motion: a colour transition caught half-way would read as poor contrast.
    await fac.page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await fac.page.getByRole('tab', { name: 'More' }).click();
    await checkPage(fac, 'settings (facilitator, phone, dark)');
    await Promise.all([fac.context.close(), ana.context.close(), dark.context.close()]);
  });

  it('[A11Y2] the timer is silent to screen readers; milestones go to a polite live region', async () => {
    const fac = await openDevice(suite.browser, 'Fran');
    await fac.context.clock.install();
    await createRoom(fac, suite.server.url, { purpose: 'Announcements', agenda: 'short-30' });
    await fac.page.getByRole('button', { name: 'Start session' }).click();
    const timer = fac.page.getByRole('timer', { name: 'Phase timer' });
    expect(await timer.getAttribute('aria-live')).toBe('off');
    const live = fac.page.locator('[aria-live="polite"]').filter({ hasText: /One-word check-in/ });
    await live.first().waitFor({ state: 'attached' });
    const before = await fac.page.locator('[aria-live="polite"]').allTextContents();
    const shownBefore = await timer.textContent();
    await fac.page.clock.runFor(5_000);
    expect(await timer.textContent()).not.toBe(shownBefore);
    expect(await fac.page.locator('[aria-live="polite"]').allTextContents()).toEqual(before);

    await fac.context.close();
  });

  it('[A11Y2] "time is up" and "one minute left" are announced as they happen', async () => {
    // Short phases made through the API, so real time crosses the milestones within seconds.
    const response = await fetch(`${suite.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        templateId: 'short-30',
        purpose: 'Milestones',
        agenda: [
          { kind: 'check', title: 'Ten seconds', durationMs: 10_000 },
          { kind: 'check', title: 'Just over a minute', durationMs: 61_500 },
        ],
      }),
    });
    const { roomId, secret } = (await response.json()) as { roomId: string; secret: string };
    const fac = await openDevice(suite.browser, 'Fran');
    await fac.page.goto(suite.server.url);
    await fac.page.evaluate(([id, s]) => localStorage.setItem(`holdspace.secret.${id}`, s!), [roomId, secret]);
    await joinRoom(fac, `${suite.server.url}/#/r/${roomId}`);
    await fac.page.getByRole('button', { name: 'Start session' }).click();
    const live = fac.page.locator('[aria-live="polite"]');
    await live
      .filter({ hasText: 'Time is up for this phase.' })
      .waitFor({ state: 'attached', timeout: 10_000 + stepTimeoutMs });
    expect(await fac.page.getByRole('timer', { name: 'Phase timer' }).textContent()).toMatch(/^(0:00|-0:0\d)$/);
    await fac.page.getByRole('button', { name: 'Next phase' }).click();
    await live.filter({ hasText: 'One minute left.' }).waitFor({ state: 'attached' });
    // Announced at the minute: not when the phase starts (1:02), nor long after.
    const shownWhenAnnounced = await timerSeconds(fac.page);
    expect(shownWhenAnnounced).toBeLessThanOrEqual(60);
    expect(shownWhenAnnounced).toBeGreaterThan(30);
    await fac.context.close();
  });

  it('[A11Y4] the screen is kept awake while a session runs; motion respects the reduced-motion setting', async () => {
    const fac = await openDevice(suite.browser, 'Fran', { reducedMotion: 'reduce' });
    // Count wake-lock requests; headless Chromium may refuse them, which the page must tolerate.
    await fac.context.addInitScript(() => {
      const w = window as unknown as { wakeLockRequests: number };
      w.wakeLockRequests = 0;
      const fake = {
        request: async () => {
          w.wakeLockRequests += 1;
          return { release: async () => {} };
        },
      };
      Object.defineProperty(navigator, 'wakeLock', { value: fake, configurable: true });
    });
    await createRoom(fac, suite.server.url, { purpose: 'Wake lock', agenda: 'short-30' });
    const requests = () =>
      fac.page.evaluate(() => (window as unknown as { wakeLockRequests: number }).wakeLockRequests);
    expect(await requests()).toBe(0);
    await fac.page.getByRole('button', { name: 'Start session' }).click();
    await fac.page.waitForFunction(() => (window as unknown as { wakeLockRequests: number }).wakeLockRequests > 0);
    const timer = fac.page.getByRole('timer', { name: 'Phase timer' });
    expect(await timer.evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0s');
    await fac.context.close();
  });

  it('[A11Y3] every facilitator control works from the keyboard, and the shortcuts do what they say', async () => {
    const fac = await openDevice(suite.browser, 'Fran');
    await createRoom(fac, suite.server.url, { purpose: 'Keyboard', agenda: 'short-30' });
    const { page } = fac;
    await page.getByRole('button', { name: 'Start session' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'One-word check-in' }).waitFor();
    await page.getByRole('button', { name: 'Next phase' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Round-robin' }).waitFor();
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: 'One-word check-in' }).waitFor();
    await page.keyboard.press('n');
    await page.getByRole('heading', { level: 1, name: 'Round-robin' }).waitFor();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Resume timer' }).waitFor();
    await page.keyboard.press('+');
    await page
      .getByRole('timer', { name: 'Phase timer' })
      .filter({ hasText: /^1[01]:\d\d$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Resume timer' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Pause timer' }).waitFor();
    await page.getByRole('button', { name: 'Add 1 minute' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Previous phase' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'One-word check-in' }).waitFor();
    await page.getByRole('button', { name: 'End room' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'This room has ended' }).waitFor();
    await fac.context.close();
  });
});
