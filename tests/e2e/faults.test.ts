import { describe, expect, it } from 'vitest';
import { createRoom, expectQueue, joinRoom, openDevice, phones, stepTimeoutMs } from '../helpers/browser.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { browserSuite } from '../helpers/browserSuite.ts';

const clock = new ManualClock(Date.now());
const suite = browserSuite({ clock });

/** The server's heartbeat (ping every 10 s, 8 s to answer) notices a silent phone within 18 s. */
const silentSocketNoticedMs = 18_000;

const memberIdOf = (roomId: string, name: string) =>
  suite.server.registry.get(roomId)!.state.members.find((m) => m.name === name)!.id;

describe('faults in real browsers', () => {
  it('[RM5] a reload keeps the same member; the page comes back into the room', async () => {
    const fac = await openDevice(suite.browser, 'Fran');
    const invite = await createRoom(fac, suite.server.url, { purpose: 'Reload test', agenda: 'short-30' });
    const roomId = invite.split('/').at(-1)!;
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    await joinRoom(ana, invite, fac);
    const id = memberIdOf(roomId, 'Ana');
    await ana.page.reload();
    await ana.page.getByText('You’re in: the session starts soon').waitFor();
    expect(suite.server.registry.get(roomId)!.state.members.map((m) => m.id)).toEqual([memberIdOf(roomId, 'Fran'), id]);
    await fac.page.getByRole('button', { name: 'End room' }).click();
    await fac.page.getByRole('button', { name: /Yes, end the room/ }).click();
    await ana.page.getByRole('heading', { name: 'This room has ended' }).waitFor();
    await Promise.all([fac.context.close(), ana.context.close()]);
  });

  it('[HQ9][RM5] a phone offline for 20 s comes back as the same member, with its tokens and its place in the queue', async () => {
    const fac = await openDevice(suite.browser, 'Fran');
    const invite = await createRoom(fac, suite.server.url, {
      purpose: 'Offline test',
      agenda: 'biweekly-60',
      tokens: 2,
    });
    const roomId = invite.split('/').at(-1)!;
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    const ben = await openDevice(suite.browser, 'Ben');
    await joinRoom(ana, invite, fac);
    await joinRoom(ben, invite, fac);
    await fac.page.getByRole('button', { name: 'Start session' }).click();
    for (let i = 0; i < 2; i++) await fac.page.getByRole('button', { name: 'Next phase' }).click();
    await ana.page.getByRole('heading', { level: 1, name: 'Collective brainstorm' }).waitFor();
    await ana.page.getByRole('button', { name: 'Raise hand' }).click();
    await ana.page.getByRole('button', { name: 'Lower hand' }).waitFor();
    await ben.page.getByRole('button', { name: 'Raise hand' }).click();
    await expectQueue([fac, ana, ben], ['Ana', 'Ben']);
    const id = memberIdOf(roomId, 'Ana');

    await ana.context.setOffline(true);
    await fac.page.getByText('(2 here of 3)').waitFor({ timeout: silentSocketNoticedMs + stepTimeoutMs });
    clock.advance(20_000);
    await ana.context.setOffline(false);
    await fac.page.getByText('(3 here of 3)').waitFor();
    await ana.page.getByText('Reconnecting…').waitFor({ state: 'hidden' });
    await expectQueue([fac, ana, ben], ['Ana', 'Ben']);
    await ana.page.getByText('2 talk tokens left').waitFor();
    const host = suite.server.registry.get(roomId)!;
    expect(host.state.members.find((m) => m.name === 'Ana')).toMatchObject({ id, connected: true, tokens: 2 });
    expect(host.state.members).toHaveLength(3);
    await Promise.all([fac.context.close(), ana.context.close(), ben.context.close()]);
  });

  it('[RL3] the facilitator closes their page; after the grace period the role passes and the controls move', async () => {
    const fac = await openDevice(suite.browser, 'Fran');
    const invite = await createRoom(fac, suite.server.url, { purpose: 'Failover test', agenda: 'weekly-45' });
    const roomId = invite.split('/').at(-1)!;
    const ana = await openDevice(suite.browser, 'Ana');
    const ben = await openDevice(suite.browser, 'Ben', { viewport: phones.large });
    await joinRoom(ana, invite, fac);
    await joinRoom(ben, invite, fac);
    await fac.page.getByRole('button', { name: 'Start session' }).click();
    await ana.page.getByRole('timer', { name: 'Phase timer' }).waitFor();
    await fac.context.close();
    const host = suite.server.registry.get(roomId)!;
    await ana.page.getByText(/away/i).first().waitFor();
    clock.advance(59_000);
    expect(host.state.facilitatorId).toBe(memberIdOf(roomId, 'Fran'));
    clock.advance(1_000);
    expect(host.state.facilitatorId).toBe(memberIdOf(roomId, 'Ana'));
    await ana.page.getByRole('button', { name: 'Next phase' }).waitFor();
    await ben.page
      .getByText(/Ana now facilitates/)
      .first()
      .waitFor();
    expect(await ben.page.getByRole('button', { name: 'Next phase' }).count()).toBe(0);
    await ana.page.getByRole('button', { name: 'Next phase' }).click();
    await ben.page.getByRole('heading', { level: 1, name: 'Round-robin check-in' }).waitFor();
    await Promise.all([ana.context.close(), ben.context.close()]);
  });

  it('[PR4] a hostile display name and purpose show as literal text and open no dialog', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const fac = await openDevice(suite.browser, 'Fran');
    let dialogs = 0;
    const invite = await createRoom(fac, suite.server.url, { purpose: `Purpose ${hostile}`, agenda: 'short-30' });
    const evil = await openDevice(suite.browser, hostile);
    for (const d of [fac, evil]) d.page.on('dialog', () => (dialogs += 1));
    await joinRoom(evil, invite, fac);
    await fac.page.getByText(hostile).first().waitFor();
    await fac.page.getByRole('button', { name: `Write ${hostile}’s row` }).click();
    await fac.page.getByRole('textbox', { name: `Note for ${hostile}` }).fill(`Board ${hostile}`);
    await evil.page.getByRole('region', { name: 'Commitment board' }).getByText(`Board ${hostile}`).waitFor();
    await evil.page.getByText(`Purpose ${hostile}`).first().waitFor();
    expect(await fac.page.locator('img[src="x"]').count()).toBe(0);
    expect(await evil.page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toBe(0);
    await Promise.all([fac.context.close(), evil.context.close()]);
  });
});
