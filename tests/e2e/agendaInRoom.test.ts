import { describe, expect, it } from 'vitest';
import { createRoom, type Device, joinRoom, openDevice, phones } from '../helpers/browser.ts';
import { browserSuite, serverRoomOf } from '../helpers/browserSuite.ts';
import { checkPage } from '../helpers/pageChecks.ts';

const suite = browserSuite();
const serverRoom = (device: Device) => serverRoomOf(suite.server, device);

const titles = (device: Device) => serverRoom(device).agenda.map((p) => p.title);

describe('the agenda once the session runs', () => {
  it('[AG1][GD1][GD4][A11Y1] the facilitator moves and rewords phases still to come while the check-in runs; the running one stays', async () => {
    const fran = await openDevice(suite.browser, 'Fran', { bypassCSP: true });
    const invite = await createRoom(fran, suite.server.url, { purpose: 'Changing course', agenda: 'weekly-45' });
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small, bypassCSP: true });
    await joinRoom(ana, invite, fran);
    const { page } = fran;
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByRole('heading', { level: 1, name: 'One-word check-in' }).waitFor();

    // The running phase shows, with nothing to change it by.
    const editor = page.getByRole('group', { name: /^Phases/ });
    await editor.getByText('Now', { exact: true }).waitFor();
    expect(await editor.getByRole('spinbutton', { name: 'Minutes for One-word check-in (phase 1)' }).count()).toBe(0);
    expect(await editor.getByRole('button', { name: 'Move One-word check-in down' }).count()).toBe(0);
    expect(await editor.getByRole('button', { name: 'Remove One-word check-in' }).count()).toBe(0);
    // The next phase cannot move above it.
    expect(await editor.getByRole('button', { name: 'Move Round-robin check-in up' }).isDisabled()).toBe(true);
    await page.getByText(/^Planned end \d{1,2}:\d{2}/).waitFor();
    await page.getByText(/^Projected end \d{1,2}:\d{2}/).waitFor();
    await checkPage(fran, 'agenda while running (facilitator, laptop)');

    await editor.getByRole('button', { name: 'Move Micro-commitments up' }).click();
    await expect
      .poll(() => titles(fran))
      .toEqual(['One-word check-in', 'Round-robin check-in', 'Micro-commitments', 'Hot seats', 'Meta check']);
    // Ana's agenda follows.
    await ana.page.getByRole('tab', { name: 'Agenda' }).click();
    const anaAgenda = ana.page.getByRole('region', { name: 'Agenda' }).getByRole('listitem');
    await expect.poll(() => anaAgenda.nth(2).textContent()).toContain('Micro-commitments');
    await checkPage(ana, 'agenda while running (member, phone)');

    // The guide's words of a phase still to come change for everyone.
    await editor.getByText('Words for this phase: Hot seats (phase 4)').click();
    const say = editor.getByRole('textbox', { name: 'Say for Hot seats (phase 4)' });
    await say.fill('Who needs the space most today?');
    await say.press('Tab');
    await expect.poll(() => serverRoom(fran).agenda[3]?.say).toBe('Who needs the space most today?');

    // On a phone, the agenda tab: the same editor, its fixed phase shown as done once the room moves on.
    await page.setViewportSize(phones.small);
    await page.getByRole('button', { name: 'Next phase' }).click();
    await page.getByRole('heading', { level: 1, name: 'Round-robin check-in' }).waitFor();
    await page.getByRole('tab', { name: 'Agenda' }).click();
    await editor.getByText('Done', { exact: true }).waitFor();
    expect(await editor.getByRole('spinbutton', { name: /Round-robin check-in/ }).count()).toBe(0);
    await checkPage(fran, 'agenda while running (facilitator, phone)');
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await checkPage(fran, 'agenda while running (facilitator, phone, dark)');
    await Promise.all([fran.context.close(), ana.context.close()]);
  });
});
