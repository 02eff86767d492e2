import { describe, expect, it } from 'vitest';
import { cards } from '../../shared/src/room/cards.ts';
import { supportWords } from '../../shared/src/room/guide.ts';
import { type Device, roomOnPhones } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';
import { expectAtFirstGlance } from '../helpers/firstGlance.ts';
import { seriousAxeFindings } from '../helpers/pageChecks.ts';

const suite = browserSuite();

/** A Weekly 45 with the facilitator's group's own resource, made through the API, everyone on a phone. */
async function weeklyOnPhones(names: string[]) {
  const body = {
    templateId: 'weekly-45',
    purpose: 'Phones',
    admission: 'open',
    resources: [{ name: 'Our EAP line', contact: '0800 123 456' }],
  };
  const room = await roomOnPhones(suite.browser, suite.server.url, body, 'Fran', names);
  return { fran: room.creator, members: room.members, everyone: room.everyone };
}

const button = (d: Device, name: string) => d.page.getByRole('button', { name, exact: true });

describe('the guide in the room, on phones', () => {
  it('[GD1][GD2][UX1] the words for now are on the facilitator’s first screen; a card reaches every screen, announced, and goes', async () => {
    const { fran, members, everyone } = await weeklyOnPhones(['Ana', 'Ben']);
    await button(fran, 'Start session').click();
    const script = fran.page.getByRole('region', { name: 'What to say' });
    await expectAtFirstGlance(fran, { script, timer: fran.page.getByRole('timer', { name: 'Phase timer' }) });
    await expect.poll(() => script.textContent()).toContain('one word or short phrase');
    expect(await script.textContent()).toContain('Round-robin check-in');
    for (const d of members) expect(await d.page.getByRole('region', { name: 'What to say' }).count()).toBe(0);

    // The card: on every screen, in a polite live region, without taking anyone's focus.
    await fran.page.getByText('Cards', { exact: true }).click();
    await button(fran, 'Show card: No minimizing').click();
    for (const d of everyone) {
      const card = d.page.getByRole('region', { name: 'Card from the facilitator' });
      await card.getByText(cards['no-minimizing'].text).waitFor();
      expect(await card.evaluate((el) => el.parentElement?.getAttribute('aria-live'))).toBe('polite');
    }
    const ana = members[0]!;
    await button(ana, 'Dismiss card').click();
    await ana.page.getByRole('region', { name: 'Card from the facilitator' }).waitFor({ state: 'detached' });
    await fran.page.getByRole('region', { name: 'Card from the facilitator' }).waitFor();
    for (const d of everyone) expect(await seriousAxeFindings(d.page)).toEqual([]);
  }, 120_000);

  it('[SF1][SF2][SF3] Pause for support from the facilitator’s bar shows Support on every phone; Resume session continues where it was', async () => {
    const { fran, members, everyone } = await weeklyOnPhones(['Ana', 'Ben']);
    await button(fran, 'Start session').click();
    const timer = (d: Device) => d.page.getByRole('timer', { name: 'Phase timer' });
    await expectAtFirstGlance(fran, { pause: button(fran, 'Pause for support') });
    await button(fran, 'Pause for support').click();
    for (const d of everyone) {
      const support = d.page.getByRole('region', { name: 'Support' });
      await support.getByText(supportWords[0]).waitFor();
      await support.getByText('Our EAP line').waitFor();
      await expectAtFirstGlance(d, { support: support.getByRole('heading', { name: 'Paused for support' }) });
    }
    const held = await timer(fran).textContent();
    expect(await button(fran, 'Next phase').count()).toBe(0);
    for (const d of everyone) expect(await seriousAxeFindings(d.page)).toEqual([]);
    await fran.page.waitForTimeout(1_500);
    expect(await timer(members[0]!).textContent()).toBe(held);
    await button(fran, 'Resume session').click();
    for (const d of everyone) await d.page.getByRole('region', { name: 'Support' }).waitFor({ state: 'detached' });
    await expect.poll(() => timer(fran).textContent(), { timeout: 5_000 }).not.toBe(held);

    // The red-flag steps: the facilitator's alone, one tap away; the support panel, one tap for anyone.
    await button(fran, 'Red flag steps').click();
    await fran.page.getByRole('region', { name: 'Red flag steps' }).getByText('Name it.').waitFor();
    expect(await button(members[0]!, 'Red flag steps').count()).toBe(0);
    await expectAtFirstGlance(members[0]!, { support: button(members[0]!, 'Support') });
    await button(members[0]!, 'Support').click();
    await members[0]!.page.getByText('Our EAP line').waitFor();
  }, 120_000);

  it("[PS1][UX3] “I'd like to talk after” reaches the facilitator’s phone only, says who sees it, and can be taken back", async () => {
    const { fran, members } = await weeklyOnPhones(['Ana', 'Ben']);
    const [ana, ben] = members as [Device, Device];
    const talk = button(ana, "I'd like to talk after");
    await expect.poll(() => talk.getAttribute('aria-pressed')).toBe('false');
    await ana.page.getByText('Only Fran (facilitating) sees these.').waitFor();
    await talk.click();
    await expect.poll(() => talk.getAttribute('aria-pressed')).toBe('true');
    const signal = fran.page.getByRole('listitem').filter({ hasText: 'Ana would like to talk after' });
    await signal.waitFor();
    await ben.page.waitForTimeout(500);
    expect(await ben.page.getByText('would like to talk after').count()).toBe(0);
    expect(await ben.page.content()).not.toContain('talk after</li>');
    await talk.click();
    await signal.waitFor({ state: 'detached' });
  }, 120_000);

  it('[RB1] the report-back round walks the rows: each in focus on every screen, last time first, then this time', async () => {
    const { fran, members, everyone } = await weeklyOnPhones(['Ana']);
    const ana = members[0]!;
    await button(fran, 'Start session').click();
    for (let i = 0; i < 3; i++) await button(fran, 'Next phase').click();
    await fran.page.getByRole('heading', { level: 1, name: 'Micro-commitments' }).waitFor();
    // Fran's row has no "last time": straight to this time. The scribe writes Ana's last time.
    await fran.page.getByText('You: this time’s commitment. One tiny, specific step.').waitFor();
    await fran.page.getByRole('textbox', { name: "Last time's commitment for Ana" }).waitFor({ state: 'detached' });
    await button(fran, 'Next person').click();
    const focused = (d: Device) => d.page.locator('li[aria-current="true"] h3').textContent();
    await expect.poll(() => focused(fran)).toContain('Ana');
    await expect.poll(() => focused(ana)).toContain('Ana');
    const field = fran.page.getByRole('textbox', { name: "Last time's commitment for Ana" });
    await field.fill('Leave by 7:30 twice');
    await ana.page.getByText('You: last time’s commitment.', { exact: false }).waitFor();
    await button(ana, 'On to this time').click();
    for (const d of everyone)
      await d.page
        .getByText(/this time’s commitment/)
        .first()
        .waitFor();
    await button(fran, 'Finish the report-back').click();
    for (const d of everyone) await d.page.getByText('Everyone has reported back.').waitFor();
  }, 120_000);
});
