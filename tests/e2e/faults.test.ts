import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, createRoom, joinRoom, launchBrowser, openDevice, phones } from '../helpers/browser.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let browser: Browser;
let server: TestServer;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer({ clock, config: { clientDir } })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const memberIdOf = (roomId: string, name: string) => server.registry.get(roomId)!.state.members.find((m) => m.name === name)!.id;

describe('faults in real browsers', () => {
  it('[RM5] a reload keeps the same member; the page comes back into the room', async () => {
    const fac = await openDevice(browser, 'Fran');
    const invite = await createRoom(fac, server.url, { purpose: 'Reload test', agenda: 'short-30' });
    const roomId = invite.split('/').at(-1)!;
    const ana = await openDevice(browser, 'Ana', { viewport: phones.small });
    await joinRoom(ana, invite);
    const id = memberIdOf(roomId, 'Ana');
    await ana.page.reload();
    await ana.page.getByText('Waiting for the facilitator to start').waitFor();
    expect(server.registry.get(roomId)!.state.members.map((m) => m.id)).toEqual([memberIdOf(roomId, 'Fran'), id]);
    await fac.page.getByRole('button', { name: 'End room' }).click();
    await fac.page.getByRole('button', { name: /Yes, end the room/ }).click();
    await ana.page.getByRole('heading', { name: 'This room has ended' }).waitFor();
    await Promise.all([fac.context.close(), ana.context.close()]);
  });

  it('[RL3] the facilitator closes their page; after the grace period the role passes and the controls move', async () => {
    const fac = await openDevice(browser, 'Fran');
    const invite = await createRoom(fac, server.url, { purpose: 'Failover test', agenda: 'weekly-45' });
    const roomId = invite.split('/').at(-1)!;
    const ana = await openDevice(browser, 'Ana');
    const ben = await openDevice(browser, 'Ben', { viewport: phones.large });
    await joinRoom(ana, invite);
    await joinRoom(ben, invite);
    await fac.page.getByRole('button', { name: 'Start session' }).click();
    await ana.page.getByRole('timer', { name: 'Phase timer' }).waitFor();
    await fac.context.close();
    const host = server.registry.get(roomId)!;
    await ana.page.getByText(/away/i).first().waitFor();
    clock.advance(59_000);
    expect(host.state.facilitatorId).toBe(memberIdOf(roomId, 'Fran'));
    clock.advance(1_000);
    expect(host.state.facilitatorId).toBe(memberIdOf(roomId, 'Ana'));
    await ana.page.getByRole('button', { name: 'Next phase' }).waitFor();
    await ben.page.getByText(/Ana now facilitates/).first().waitFor();
    expect(await ben.page.getByRole('button', { name: 'Next phase' }).count()).toBe(0);
    await ana.page.getByRole('button', { name: 'Next phase' }).click();
    await ben.page.getByRole('heading', { level: 1, name: 'Round-robin check-in' }).waitFor();
    await Promise.all([ana.context.close(), ben.context.close()]);
  });

  it('[PR4] a hostile display name and purpose show as literal text and open no dialog', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const fac = await openDevice(browser, 'Fran');
    let dialogs = 0;
    const invite = await createRoom(fac, server.url, { purpose: `Purpose ${hostile}`, agenda: 'short-30' });
    const evil = await openDevice(browser, hostile);
    for (const d of [fac, evil]) d.page.on('dialog', () => (dialogs += 1));
    await joinRoom(evil, invite);
    await fac.page.getByText(hostile).first().waitFor();
    await evil.page.getByText(`Purpose ${hostile}`).first().waitFor();
    expect(await fac.page.locator('img[src="x"]').count()).toBe(0);
    expect(await evil.page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toBe(0);
    await Promise.all([fac.context.close(), evil.context.close()]);
  });
});
