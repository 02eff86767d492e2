import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import {
  clientDir,
  createRoom,
  joinRoom,
  launchBrowser,
  openDevice,
  phones,
  type Device,
} from '../tests/helpers/browser.ts';
import { startServer } from '../tests/helpers/server.ts';

/**
 * `npm run screenshots`: the PNGs the README's "Screens" table shows, taken in Debian's Chromium
 * from the real server serving the built client (`npm run build` first; the npm script does).
 */
const docs = fileURLToPath(new URL('../docs/', import.meta.url));
const purpose = 'We are residents who meet weekly to debrief hard cases.';

async function takeScreens(browser: Browser, baseUrl: string): Promise<string[]> {
  const written: string[] = [];
  const shoot = async (device: Device, file: string, fullPage = true) => {
    await device.page.screenshot({ path: join(docs, file), fullPage, animations: 'disabled' });
    written.push(file);
  };

  const fran = await openDevice(browser, 'Fran');
  await fran.page.goto(baseUrl);
  await fran.page.getByLabel('Group purpose').fill(purpose);
  await shoot(fran, 'create.png', false);

  const invite = await createRoom(fran, baseUrl, { purpose, agenda: 'weekly-45' });
  const ana = await openDevice(browser, 'Ana', { viewport: phones.small });
  await ana.page.goto(invite);
  await ana.page.getByLabel('Your name').waitFor();
  await shoot(ana, 'join-phone.png');

  await joinRoom(ana, undefined, fran);
  await fran.page.getByRole('button', { name: 'Start session' }).click();
  await ana.page.getByRole('timer', { name: 'Phase timer' }).waitFor();
  await shoot(fran, 'room-facilitator-laptop.png');
  await shoot(ana, 'room-member-phone.png');

  // The board in the Micro-commitments phase, after a hot seat with Ben in it and Ana's hand up.
  const ben = await openDevice(browser, 'Ben', { viewport: phones.large, colorScheme: 'dark' });
  await joinRoom(ben, invite, fran);
  await fran.page.getByRole('button', { name: 'Next phase' }).click();
  await fran.page.getByRole('button', { name: 'Next phase' }).click();
  await fran.page.getByRole('combobox', { name: 'Hot seat', exact: true }).selectOption({ label: 'Ben' });
  await fran.page.getByRole('button', { name: 'Pick for hot seat' }).click();
  await fran.page.getByRole('button', { name: 'Next step' }).click();
  await ana.page.getByRole('button', { name: 'Raise hand' }).click();
  await ana.page.getByRole('button', { name: 'Lower hand' }).waitFor();
  await fran.page.getByRole('button', { name: 'Next phase' }).click();
  await ana.page.getByRole('heading', { level: 1, name: 'Micro-commitments' }).waitFor();
  await ana.page.getByRole('region', { name: 'Commitment board' }).getByText('Ben').first().waitFor();
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
