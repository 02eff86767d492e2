import { describe, expect, it } from 'vitest';
import { createRoom, type Device, joinRoom, openDevice, phones } from '../helpers/browser.ts';
import { browserSuite, serverRoomOf } from '../helpers/browserSuite.ts';

const suite = browserSuite();
const serverRoom = (device: Device) => serverRoomOf(suite.server, device);

describe('the facilitator’s settings', () => {
  it('[HQ10][SF2] the facilitator counts turns over the whole session, sees each person’s turns so far, and changes the room’s resources', async () => {
    const fran = await openDevice(suite.browser, 'Fran');
    const invite = await createRoom(fran, suite.server.url, { purpose: 'Quiet first', agenda: 'short-30' });
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    await joinRoom(ana, invite, fran);
    const { page } = fran;
    const quiet = page.getByRole('switch', { name: 'Quiet first across the session' });
    expect(await quiet.getAttribute('aria-checked')).toBe('false');
    await quiet.click();
    await expect.poll(() => quiet.getAttribute('aria-checked')).toBe('true');
    expect(serverRoom(fran).fairScope).toBe('session');

    await page.getByRole('button', { name: 'Start session' }).click();
    const people = page.getByRole('region', { name: /People/ });
    await people.getByText('0 turns so far').first().waitFor();
    // The round's first speaker ends their turn: it counts for the session.
    const endTurn = async (d: Device) => {
      const button = d.page.getByRole('button', { name: 'End my turn' });
      if ((await button.count()) === 0) return false;
      await button.click();
      return true;
    };
    if (!(await endTurn(fran))) await endTurn(ana);
    await people.getByText('1 turn so far').waitFor();
    expect(await ana.page.getByText(/turns? so far/).count()).toBe(0);

    await page.getByRole('button', { name: 'Add a support resource' }).click();
    await page.getByRole('textbox', { name: 'Resource name' }).fill('Peer line');
    await page.getByRole('textbox', { name: 'Resource contact' }).fill('https://peers.example.org');
    await page.getByRole('button', { name: 'Save support resources' }).click();
    await expect
      .poll(() => serverRoom(fran).resources)
      .toEqual([{ name: 'Peer line', contact: 'https://peers.example.org' }]);
    await page.getByText('Saved: everyone’s support panel shows them.').waitFor();
    await Promise.all([fran.context.close(), ana.context.close()]);
  });
});
