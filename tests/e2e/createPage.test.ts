import { describe, expect, it } from 'vitest';
import { checkInPrompts } from '../../shared/src/room/guide.ts';
import { type Device, openDevice, phones } from '../helpers/browser.ts';
import { browserSuite, serverRoomOf } from '../helpers/browserSuite.ts';
import { checkPage } from '../helpers/pageChecks.ts';
import { fromBase64Url, toBase64Url } from '../../shared/src/crypto/bytes.ts';
import { memberKeysFrom } from '../../shared/src/crypto/memberKeys.ts';

const suite = browserSuite();
const serverRoom = (device: Device) => serverRoomOf(suite.server, device);

describe('the create page', () => {
  it('[GD3][SF2][GD4][A11Y1] on a phone: a first meeting, a resource checked as typed, the creator’s name once; the room opens with the facilitator in it', async () => {
    const fran = await openDevice(suite.browser, 'Fran', { viewport: phones.small, bypassCSP: true });
    const { page } = fran;
    await page.goto(suite.server.url);
    await page.getByRole('textbox', { name: 'Group purpose' }).fill('We are residents who meet weekly to debrief.');
    expect(await page.getByRole('combobox', { name: 'Agenda', exact: true }).textContent()).toContain('Open circle');
    await page.getByRole('combobox', { name: 'Meeting number' }).selectOption({ label: 'First meeting' });
    expect(await page.getByRole('checkbox', { name: /Start with the ground rules/ }).isChecked()).toBe(true);
    // The check-in's prompt is the guide's starter prompt, in the phase's words.
    await page.getByText('Words for this phase: Round-robin check-in (phase 2)').click();
    const prompt = page.getByRole('textbox', { name: 'Prompt for Round-robin check-in (phase 2)' });
    expect(await prompt.inputValue()).toBe(checkInPrompts.first.prompt);
    // The group's own words stay when the meeting changes; the template's own follow it.
    const roundSay = page.getByRole('textbox', { name: 'Say for Round-robin check-in (phase 2)' });
    await prompt.fill('Our own prompt for this group.');
    await prompt.blur();
    await page.getByRole('combobox', { name: 'Meeting number' }).selectOption({ label: 'Fourth or later' });
    expect(await prompt.inputValue()).toBe('Our own prompt for this group.');
    expect(await roundSay.inputValue()).toBe(checkInPrompts.later.say);
    expect(await page.getByRole('checkbox', { name: /Start with the ground rules/ }).isChecked()).toBe(false);
    await page.getByRole('combobox', { name: 'Meeting number' }).selectOption({ label: 'First meeting' });
    await prompt.fill(checkInPrompts.first.prompt);
    await prompt.blur();
    await page.getByText(/^Ends around \d{1,2}:\d{2}( [AP]M)? if you start now\.$/).waitFor();

    await page.getByRole('button', { name: 'Add a support resource' }).click();
    // The new row's name field has focus.
    await page.keyboard.type('Physician support line');
    const contact = page.getByRole('textbox', { name: 'Resource contact' });
    await contact.fill('call me');
    await contact.press('Tab');
    await page.getByText('This is neither a phone number nor a web link', { exact: false }).waitFor();
    expect(await contact.getAttribute('aria-invalid')).toBe('true');
    await checkPage(fran, 'create page with a wrong contact (phone)');
    await contact.fill('+1 888 409 0141');
    await page.getByText('A phone number', { exact: true }).waitFor();
    expect(await contact.getAttribute('aria-invalid')).toBeNull();

    await page.getByRole('textbox', { name: 'Your name' }).fill('Fran');
    await page.getByRole('checkbox', { name: 'I agree to the ground rules' }).check();
    await checkPage(fran, 'create page, filled in (phone)');
    await page.getByRole('button', { name: 'Create room' }).click();

    // In the room as its facilitator at once: no join form on the way.
    await page.locator('h1#phase-heading').waitFor();
    await page.getByRole('button', { name: 'Start session' }).waitFor();
    expect(await page.getByRole('button', { name: 'Join room' }).count()).toBe(0);
    const room = serverRoom(fran);
    expect(room.meeting).toBe('first');
    expect(room.resources).toEqual([{ name: 'Physician support line', contact: '+1 888 409 0141' }]);
    expect(room.agenda.map((p) => p.title).slice(0, 3)).toEqual([
      'Ground rules',
      'One-word check-in',
      'Round-robin check-in',
    ]);
    expect(room.agenda[2]?.prompt).toBe(checkInPrompts.first.prompt);
    expect(room.members.map((m) => m.name)).toEqual(['Fran']);
    expect(room.facilitatorId).toBe(room.members[0]?.id);
    // Nothing typed reached the device's storage or the address: only the member secret and the
    // key seed, each 32 random bytes, and the member's public id in the room [PR6, RS1].
    const stored = await page.evaluate(() => ({ ...localStorage, ...sessionStorage }));
    const roomId = new URL(page.url()).hash.split('/').at(-1);
    expect(Object.keys(stored).sort()).toEqual([
      `holdspace.keys.${roomId}`,
      `holdspace.member.${roomId}`,
      `holdspace.secret.${roomId}`,
    ]);
    expect(stored[`holdspace.member.${roomId}`]).toBe(room.members[0]?.id);
    expect(/^[A-Za-z0-9_-]{43}$/.test(stored[`holdspace.keys.${roomId}`] ?? '')).toBe(true);
    expect(/^[A-Za-z0-9_-]{43}$/.test(stored[`holdspace.secret.${roomId}`] ?? '')).toBe(true);
    // The roster holds the public keys of that seed, which never left the page.
    const keys = await memberKeysFrom(fromBase64Url(stored[`holdspace.keys.${roomId}`] ?? '')!);
    expect(room.members[0]?.keys).toEqual({ sign: toBase64Url(keys.signPublic), box: toBase64Url(keys.boxPublic) });
    expect(JSON.stringify(stored) + page.url()).not.toContain('Fran');

    // The facilitator finds the resource in the room's settings, one tap away.
    await page.getByRole('tab', { name: 'More' }).click();
    expect(await page.getByRole('textbox', { name: 'Resource name' }).inputValue()).toBe('Physician support line');
    await fran.context.close();
  });

  it('[SF2][A11Y1] on a laptop: at most five resources, each removable by name; the creator’s name and agreement are asked for', async () => {
    const cy = await openDevice(suite.browser, 'Cy', { bypassCSP: true });
    const { page } = cy;
    await page.goto(suite.server.url);
    await page.getByRole('textbox', { name: 'Group purpose' }).fill('Students on placement, every other week.');
    const add = page.getByRole('button', { name: 'Add a support resource' });
    for (let i = 1; i <= 5; i++) {
      await add.click();
      await page
        .getByRole('textbox', { name: 'Resource name' })
        .nth(i - 1)
        .fill(`Line ${i}`);
      await page
        .getByRole('textbox', { name: 'Resource contact' })
        .nth(i - 1)
        .fill(`0800 000 00${i}`);
    }
    expect(await add.isDisabled()).toBe(true);
    await page.getByText('That is the most a room can list (5).').waitFor();
    await page.getByRole('button', { name: 'Remove resource Line 3' }).click();
    expect(await add.isDisabled()).toBe(false);
    expect(await page.getByRole('textbox', { name: 'Resource name' }).count()).toBe(4);
    // Focus stays in the list, on the row that took its place.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Line 4');

    await page.getByRole('button', { name: 'Create room' }).click();
    await page.getByText('Write the name the group knows you by', { exact: false }).waitFor();
    await page.getByText('Agree to the ground rules to create the room.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      await page.getByRole('textbox', { name: 'Your name' }).getAttribute('id'),
    );
    await checkPage(cy, 'create page with errors (laptop)');
    await page.getByRole('textbox', { name: 'Your name' }).fill('Cy');
    await page.getByRole('checkbox', { name: 'I agree to the ground rules' }).check();
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('button', { name: 'Start session' }).waitFor();
    expect(serverRoom(cy).resources.map((r) => r.name)).toEqual(['Line 1', 'Line 2', 'Line 4', 'Line 5']);
    // A reload forgets the name it came with; the creator's place is still theirs.
    await page.reload();
    await page.getByRole('button', { name: 'Start session' }).waitFor();
    await cy.context.close();
  });
});
