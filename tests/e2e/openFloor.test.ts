import { describe, expect, it } from 'vitest';
import { createRoom, expectInStep, expectQueue, joinRoom, openDevice, phones } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';

const suite = browserSuite();

describe('the open floor of a Bi-weekly 60 room in real browsers', () => {
  it('[E2E2][HQ2][TK3] hands go up, the fair order is the same on every page, tokens go down, and an empty hand cannot queue', async () => {
    const facilitator = await openDevice(suite.browser, 'Fran');
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    const ben = await openDevice(suite.browser, 'Ben', { viewport: phones.large, clockAheadMs: 7 * 60_000 });
    const cy = await openDevice(suite.browser, 'Cy');
    const everyone = [facilitator, ana, ben, cy];
    const invite = await createRoom(facilitator, suite.server.url, {
      purpose: 'Residents managing stress',
      agenda: 'biweekly-60',
      tokens: 2,
    });
    for (const m of [ana, ben, cy]) await joinRoom(m, invite, facilitator);

    const fac = facilitator.page;
    await fac.getByRole('button', { name: 'Start session' }).click();
    await expectInStep(everyone, 'Mood check-in');
    await fac.getByRole('button', { name: 'Next phase' }).click();
    await expectInStep(everyone, 'Topic spotlight');
    await fac.getByRole('button', { name: 'Next phase' }).click();
    await expectInStep(everyone, 'Collective brainstorm');

    for (const m of [ana, ben, cy]) await m.page.getByText('2 talk tokens left', { exact: true }).waitFor();
    for (const m of [ana, ben, cy]) {
      await m.page.getByRole('button', { name: 'Raise hand' }).click();
      await m.page.getByRole('button', { name: 'Lower hand' }).waitFor();
    }
    await expectQueue(everyone, ['Ana', 'Ben', 'Cy']);

    await fac.getByRole('button', { name: 'Call next speaker' }).click();
    await ana.page.getByText('You have the floor').waitFor();
    await ana.page.getByText('1 talk token left', { exact: true }).waitFor();
    await expectQueue(everyone, ['Ben', 'Cy']);
    await ben.page.getByText("You're next").waitFor();
    await ana.page.getByRole('button', { name: 'End my turn' }).click();
    await ana.page.getByRole('button', { name: 'Raise hand' }).click();
    // Fair order: Ana has spoken once in this phase, so she queues behind those who have not.
    await expectQueue(everyone, ['Ben', 'Cy', 'Ana']);
    await expectInStep(everyone, 'Collective brainstorm');

    await fac.getByRole('button', { name: 'Call Ana' }).click();
    await ana.page.getByText('0 talk tokens left', { exact: true }).waitFor();
    await fac.getByRole('button', { name: /End Ana.s turn/ }).click();
    await ana.page.getByText('You have no talk tokens left. The facilitator can grant you one.').waitFor();
    const raise = ana.page.getByRole('button', { name: 'Raise hand' });
    expect(await raise.getAttribute('aria-disabled')).toBe('true');
    await raise.click({ force: true });
    await expectQueue(everyone, ['Ben', 'Cy']);
    const host = suite.server.registry.get(invite.split('/').at(-1)!)!;
    expect(host.state.members.map((m) => [m.name, m.tokens])).toEqual([
      ['Fran', 2],
      ['Ana', 0],
      ['Ben', 2],
      ['Cy', 2],
    ]);

    // The notice about having no token stays only while its cause does: a grant clears it, and
    // the grant itself is shown [UX3].
    await ana.page.getByText('No talk tokens left to raise your hand with').waitFor();
    await fac.getByRole('button', { name: 'Grant a token to Ana' }).click();
    await ana.page.getByText('The facilitator gave you a talk token: 1 talk token left.').waitFor();
    await ana.page.getByText('1 talk token left', { exact: true }).waitFor();
    expect(await ana.page.getByText('No talk tokens left to raise your hand with').count()).toBe(0);
    await ana.page.getByRole('button', { name: 'Raise hand' }).click();
    await expectQueue(everyone, ['Ben', 'Cy', 'Ana']);
    for (const d of everyone) await d.context.close();
  });
});
