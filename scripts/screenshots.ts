import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import {
  clientDir,
  createRoom,
  joinRoom,
  laptop,
  launchBrowser,
  openDevice,
  phones,
  type Device,
} from '../tests/helpers/browser.ts';
import { startServer } from '../tests/helpers/server.ts';

/**
 * `npm run screenshots`: the PNGs the README's "Screens" tables show, taken in Debian's Chromium
 * from the real server serving the built client (`npm run build` first; the npm script does).
 * Phone screens are the first screen only: what a glance at the phone shows.
 */
const docs = fileURLToPath(new URL('../docs/', import.meta.url));
const purpose = 'We are residents who meet weekly to debrief hard cases.';

async function takeScreens(browser: Browser, baseUrl: string): Promise<string[]> {
  const written: string[] = [];
  const shoot = async (device: Device, file: string, fullPage = false) => {
    await device.page.evaluate(() => window.scrollTo(0, 0));
    await device.page.screenshot({ path: join(docs, file), fullPage, animations: 'disabled' });
    written.push(file);
  };
  const button = (device: Device, name: string) => device.page.getByRole('button', { name, exact: true });
  const inPhase = async (title: string, devices: Device[]) => {
    for (const d of devices) await d.page.getByRole('heading', { level: 1, name: title }).waitFor();
  };

  const fran = await openDevice(browser, 'Fran');
  await fran.page.goto(baseUrl);
  await fran.page.getByLabel('Group purpose').fill(purpose);
  await shoot(fran, 'create.png', true);

  const invite = await createRoom(fran, baseUrl, { purpose, agenda: 'weekly-45' });
  const ana = await openDevice(browser, 'Ana', { viewport: phones.small });
  await ana.page.goto(invite);
  await ana.page.getByLabel('Your name').waitFor();
  await shoot(ana, 'join-phone.png');
  await joinRoom(ana, undefined, fran);
  const ben = await openDevice(browser, 'Ben', { viewport: phones.large, colorScheme: 'dark' });
  await joinRoom(ben, invite, fran);
  const cy = await openDevice(browser, 'Cy', { viewport: phones.small });
  await joinRoom(cy, invite, fran);
  const everyone = [fran, ana, ben, cy];

  // The second round starts one place on: Ana speaks first, Ben is next.
  await button(fran, 'Start session').click();
  await inPhase('One-word check-in', everyone);
  await button(fran, 'Next phase').click();
  await inPhase('Round-robin check-in', everyone);
  await button(ana, 'End my turn').waitFor();
  await ben.page.getByText("You're next. Get ready to speak.", { exact: true }).waitFor();
  await shoot(fran, 'room-facilitator-laptop.png', true);
  await shoot(ana, 'round-member-phone.png');
  await fran.page.setViewportSize(phones.large);
  await shoot(fran, 'round-facilitator-phone.png');
  await fran.page.setViewportSize(laptop);

  // A hot seat: Ben in the seat, questions open, Ana's hand up with her tokens.
  await button(fran, 'Next phase').click();
  await inPhase('Hot seats', everyone);
  await fran.page.getByRole('combobox', { name: 'Who takes the hot seat' }).selectOption({ label: 'Ben' });
  await button(fran, 'Pick for hot seat').click();
  await button(fran, 'Next step').click();
  await button(ana, 'Raise hand').click();
  await button(ana, 'Lower hand').waitFor();
  await ben.page
    .getByText(/the group raises hands to speak to you/)
    .first()
    .waitFor();
  await shoot(ben, 'hotseat-seat-phone.png');
  await shoot(ana, 'hotseat-member-phone.png');

  // Micro-commitments: Cy writes as scribe, Ana sees the board.
  await fran.page.getByRole('combobox', { name: 'Scribe' }).selectOption({ label: 'Cy' });
  await button(fran, 'Next phase').click();
  await inPhase('Micro-commitments', everyone);
  const franRow = cy.page.getByRole('textbox', { name: "Last time's commitment for Fran" });
  await franRow.fill('Asked for help with night handover');
  await ana.page.getByRole('region', { name: 'Commitment board' }).getByText('Asked for help').first().waitFor();
  await shoot(cy, 'board-scribe-phone.png');
  await shoot(ana, 'board-member-phone.png');
  return written;
}

if (!existsSync(join(clientDir, 'index.html'))) {
  console.error(`No built client in ${clientDir}: run \`npm run build\` first.`);
  process.exit(1);
}
const [browser, server] = await Promise.all([launchBrowser(), startServer({ config: { clientDir } })]);
try {
  const written = await takeScreens(browser, server.url);
  console.log(`Wrote ${written.map((file) => `docs/${file}`).join(', ')}`);
} finally {
  await browser.close();
  await server.close();
}
