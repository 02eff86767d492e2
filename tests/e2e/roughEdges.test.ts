import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enterAsCreator, joinRoom, apiRoom as madeThroughApi, openDevice, phones } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';
import { TestMember } from '../helpers/member.ts';

const suite = browserSuite();
const MIN = 60_000;

/** A room made through the API: its id, its creator's secret and its link. */
function apiRoom(body: object): Promise<{ roomId: string; secret: string; link: string }> {
  return madeThroughApi(suite.server.url, {
    templateId: 'short-30',
    purpose: 'Rough edges',
    admission: 'open',
    ...body,
  });
}

describe('rough edges a real group hits', () => {
  it('[BD5] importing last time twice never resets a reported status, and a late joiner’s row fills by itself', async () => {
    const { roomId, secret, link } = await apiRoom({
      agenda: [{ kind: 'commitments', title: 'Commitments', durationMs: 5 * MIN }],
    });
    const fran = await openDevice(suite.browser, 'Fran');
    await enterAsCreator(fran, suite.server.url, roomId, secret);
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    await joinRoom(ana, link);
    await fran.page.getByRole('button', { name: 'Start session' }).click();
    const lastTime = {
      format: 'holdspace-board',
      version: 1,
      exportedAt: new Date().toISOString(),
      purpose: 'p',
      rows: [
        { name: 'Ana', commitment: 'Walk at lunch', lastCommitment: '', lastStatus: 'not-reported', note: '' },
        { name: 'Ben', commitment: 'Call my sister', lastCommitment: '', lastStatus: 'not-reported', note: '' },
      ],
    };
    const file = join(tmpdir(), `holdspace-board-${process.pid}.json`);
    await writeFile(file, JSON.stringify(lastTime));
    // Last session's board export imports through the history's import, with no passphrase [HF2].
    const importFile = fran.page.getByLabel('Import history file');
    await importFile.setInputFiles(file);
    await fran.page.getByText('Filled “last time” for 1 row.').waitFor();
    await fran.page.getByRole('button', { name: 'Write Ana’s row' }).click();
    await fran.page
      .getByRole('combobox', { name: "Status of last time's commitment for Ana" })
      .selectOption({ label: 'Kept' });
    await ana.page.getByRole('region', { name: 'Commitment board' }).getByText('Kept').first().waitFor();

    // Ben joins late; the import made earlier on this device fills his row at once.
    const ben = await TestMember.join(suite.server.url, roomId, 'Ben');
    await ana.page.getByRole('region', { name: 'Commitment board' }).getByText('Call my sister').waitFor();
    // The fill happens once: a wrong match cleared by the writer stays clear.
    await fran.page.getByRole('button', { name: 'Write Ben’s row' }).click();
    await fran.page.getByRole('textbox', { name: "Last time's commitment for Ben" }).fill('');
    await fran.page.getByRole('textbox', { name: 'Note for Ben' }).fill('new to the group');
    const benRow = ana.page.getByRole('listitem').filter({ hasText: 'new to the group' });
    await benRow.waitFor();
    expect(await benRow.getByText('Nothing from last time').count()).toBe(1);
    // Importing again to be sure: Ana's reported status stays.
    await importFile.setInputFiles(file);
    await fran.page.getByText(/Left as they were \(already filled\): Ana\./).waitFor();
    await fran.page.getByRole('button', { name: 'Write Ana’s row' }).click();
    const ana_status = fran.page.getByRole('combobox', { name: "Status of last time's commitment for Ana" });
    expect(await ana_status.inputValue()).toBe('kept');
    ben.close();
    await Promise.all([fran.context.close(), ana.context.close()]);
  });

  it('[RM7][PR6] a removed member’s page keeps nothing of the room, not even the board to export; focus stays put', async () => {
    const { roomId, secret, link } = await apiRoom({
      agenda: [{ kind: 'commitments', title: 'Commitments', durationMs: 5 * MIN }],
    });
    const fran = await openDevice(suite.browser, 'Fran');
    await enterAsCreator(fran, suite.server.url, roomId, secret);
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    await joinRoom(ana, link);
    await fran.page.getByRole('button', { name: 'Start session' }).click();
    const words = 'Ana-board-canary-7f3';
    await fran.page.getByRole('button', { name: 'Write Ana’s row' }).click();
    await fran.page.getByRole('textbox', { name: "This time's commitment for Ana" }).fill(words);
    await ana.page.getByRole('region', { name: 'Commitment board' }).getByText(words).waitFor();
    await fran.page.getByRole('combobox', { name: 'Scribe' }).selectOption({ label: 'Ana' });
    const given = 'You are the scribe now';
    await ana.page.getByText(given).first().waitFor();

    const focused = (device: typeof fran) => device.page.evaluate(() => document.activeElement?.textContent?.trim());
    await fran.page.getByRole('button', { name: 'Remove Ana from the room' }).click();
    expect(await focused(fran)).toBe('Cancel');
    await fran.page.getByRole('button', { name: 'Cancel' }).click();
    expect(await focused(fran)).toBe('Remove');
    await fran.page.getByRole('button', { name: 'Remove Ana from the room' }).click();
    await fran.page.getByRole('button', { name: 'Yes, remove Ana' }).click();
    expect(await focused(fran)).toMatch(/^People/);

    await ana.page.getByRole('heading', { name: 'You are no longer in this room' }).waitFor();
    expect(await ana.page.getByRole('button', { name: 'Export board' }).count()).toBe(0);
    expect(await ana.page.getByText(words).count()).toBe(0);
    expect(await ana.page.getByText(given).count(), 'a notice from the room outlived it').toBe(0);
    await Promise.all([fran.context.close(), ana.context.close()]);
  });

  it('[UX6] a full room closes its join form and says so once', async () => {
    const { roomId, link } = await apiRoom({});
    // Eleven strangers fill every place but the creator's, which is kept for them.
    const members = await Promise.all(
      Array.from({ length: 11 }, (_, i) => TestMember.join(suite.server.url, roomId, `Member ${i + 1}`)),
    );
    const late = await openDevice(suite.browser, 'Late', { viewport: phones.small });
    await late.page.goto(link);
    await late.page.getByText('This room is full (12 people).').waitFor();
    expect(await late.page.getByText(/This room is full/).count()).toBe(1);
    expect(await late.page.getByLabel('Your name').isDisabled()).toBe(true);
    expect(await late.page.getByRole('button', { name: 'Join room' }).isDisabled()).toBe(true);
    for (const m of members) m.close();
    await late.context.close();
  });

  it('[UX5] a link that lost part of its id says it looks broken; punctuation after a whole one is forgiven', async () => {
    const { roomId, link } = await apiRoom({});
    const phone = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    await phone.page.goto(`${link.slice(0, -3)}`);
    await phone.page.getByRole('heading', { name: 'This link looks broken' }).waitFor();
    await phone.page.goto(`${suite.server.url}/#/r/${roomId}).`);
    await phone.page.getByRole('heading', { name: 'Join the room' }).waitFor();
    await phone.context.close();
  });

  it('[UX4][AG3][PR6] joining lands on the phase heading; the title tells the time and the kind of phase; a turn that runs out is said and felt', async () => {
    const { roomId, secret, link } = await apiRoom({
      agenda: [{ kind: 'round', title: 'Quick round', durationMs: MIN, turnMs: 10_000 }],
    });
    const fran = await openDevice(suite.browser, 'Fran');
    await enterAsCreator(fran, suite.server.url, roomId, secret);
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    await ana.context.addInitScript(() => {
      const w = window as unknown as { vibrations: number };
      w.vibrations = 0;
      Object.defineProperty(navigator, 'vibrate', {
        value: () => {
          w.vibrations += 1;
          return true;
        },
        configurable: true,
      });
    });
    await joinRoom(ana, link);
    expect(await ana.page.evaluate(() => document.activeElement?.id)).toBe('phase-heading');
    expect(await ana.page.evaluate(() => window.scrollY)).toBe(0);
    // Ana speaks first: Fran passes.
    await fran.page.getByRole('button', { name: 'Start session' }).click();
    await fran.page.getByRole('button', { name: 'Pass' }).click();
    await ana.page.getByRole('button', { name: 'End my turn' }).waitFor();
    await expect.poll(() => ana.page.title()).toMatch(/^0:\d\d · Round · Holdspace$/);
    await ana.page
      .locator('[aria-live="polite"]')
      .filter({ hasText: 'Your time is up.' })
      .waitFor({ state: 'attached', timeout: 30_000 });
    expect(await ana.page.evaluate(() => (window as unknown as { vibrations: number }).vibrations)).toBeGreaterThan(0);
    await Promise.all([fran.context.close(), ana.context.close()]);
  });

  it('[AG3][HQ9][UX4] the round order shows who is away and skips them; a dropped phone says it is reconnecting', async () => {
    const { roomId, secret, link } = await apiRoom({
      agenda: [{ kind: 'round', title: 'Check-in', durationMs: 5 * MIN, turnMs: MIN }],
    });
    const fran = await openDevice(suite.browser, 'Fran');
    await enterAsCreator(fran, suite.server.url, roomId, secret);
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    const ben = await openDevice(suite.browser, 'Ben', { viewport: phones.small });
    await joinRoom(ana, link);
    await joinRoom(ben, link);
    await fran.page.getByRole('button', { name: 'Start session' }).click();
    await ana.context.setOffline(true);
    await ana.page.getByText('Reconnecting…').waitFor();
    const order = fran.page.getByRole('region', { name: 'Round' });
    await order.getByText('away', { exact: true }).waitFor();
    await fran.page.getByRole('button', { name: 'End my turn' }).click();
    await order.getByText('away: skipped').waitFor();
    await ben.page.getByRole('button', { name: 'End my turn' }).waitFor();
    await ben.page.getByRole('button', { name: 'End my turn' }).click();
    // Everyone here has spoken: the People list counts their round turns.
    await fran.page
      .getByRole('region', { name: /People/ })
      .getByText('1 turn this phase')
      .first()
      .waitFor();
    await ana.context.setOffline(false);
    await ana.page.getByText('Reconnecting…').waitFor({ state: 'detached' });
    await Promise.all([fran.context.close(), ana.context.close(), ben.context.close()]);
  });

  it('[TK1][AG6] talk tokens are not shown where no phase spends them; the agenda editor warns when turns do not fit', async () => {
    const { roomId, secret, link } = await apiRoom({});
    const fran = await openDevice(suite.browser, 'Fran');
    await enterAsCreator(fran, suite.server.url, roomId, secret);
    const ana = await openDevice(suite.browser, 'Ana');
    await joinRoom(ana, link);
    await fran.page.getByRole('heading', { name: 'Start when everyone is here' }).waitFor();
    expect(await fran.page.getByText(/talk tokens? left/).count()).toBe(0);
    expect(await fran.page.getByText(/tokens? left/).count()).toBe(0);
    // The Short 30's round-robin: 10 minutes, 2-minute turns. Ten-minute turns cannot fit two people.
    await fran.page.getByLabel('Turn seconds for Round-robin (phase 2)').fill('600');
    await fran.page.getByLabel('Turn seconds for Round-robin (phase 2)').press('Enter');
    await fran.page.getByText('Check: 2 turns of 10 min need 20 min: longer than the phase (10 min).').waitFor();
    // A hot seat's steps are editable, and say when they no longer fit.
    await fran.page.getByLabel('Minutes for Story in Hot seat (phase 3)').fill('9');
    await fran.page.getByLabel('Minutes for Story in Hot seat (phase 3)').press('Enter');
    await fran.page.getByText('Check: The steps take 16 min: longer than the phase (10 min).').waitFor();
    await Promise.all([fran.context.close(), ana.context.close()]);
  });
});
