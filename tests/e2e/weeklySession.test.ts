import { readFile } from 'node:fs/promises';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  createRoom,
  expectInStep,
  expectQueue,
  joinRoom,
  openDevice,
  phones,
  type Device,
} from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';

const suite = browserSuite();

/** Who this page says has the floor in the round: itself ("Your turn") or "Now speaking: NAME". */
async function speakerShownOn(viewer: Device, devices: Device[]): Promise<Device> {
  const line = viewer.page.getByRole('region', { name: 'Now' }).getByText(/^(Your turn|Now speaking: .+)$/);
  const shown = (await line.textContent())?.trim() ?? '';
  if (shown === 'Your turn') return viewer;
  const speaker = devices.find((d) => shown === `Now speaking: ${d.name}`);
  if (!speaker) throw new Error(`${viewer.name} shows "${shown}", not a speaker of this room`);
  return speaker;
}

/**
 * The speaker a page names ends their turn on their own page; that page, which has seen the turn
 * end, names the next speaker. A round walks through every speaker this way.
 */
async function endTurnsInOrder(devices: Device[], turns: number): Promise<string[]> {
  const speakers: string[] = [];
  let viewer = devices[0]!;
  for (let t = 0; t < turns; t++) {
    const speaker = await speakerShownOn(viewer, devices);
    speakers.push(speaker.name);
    const endTurn = speaker.page.getByRole('button', { name: 'End my turn' });
    await endTurn.click();
    await endTurn.waitFor({ state: 'detached' });
    viewer = speaker;
  }
  return speakers;
}

describe('a whole Weekly 45 session in real browsers', () => {
  it('[E2E1] a facilitator and four members on laptops and phones run every phase, then the room ends everywhere', async () => {
    const facilitator = await openDevice(suite.browser, 'Fran');
    const members = [
      await openDevice(suite.browser, 'Ana', { viewport: phones.small }),
      await openDevice(suite.browser, 'Ben', { viewport: phones.large, clockAheadMs: 7 * 60_000 }),
      await openDevice(suite.browser, 'Chen'),
      await openDevice(suite.browser, 'Dee', { viewport: phones.small }),
    ];
    const everyone = [facilitator, ...members];
    const invite = await createRoom(facilitator, suite.server.url, {
      purpose: 'Interns debriefing hard weeks',
      agenda: 'weekly-45',
    });
    expect(invite).toMatch(/#\/r\/[A-Za-z0-9_-]{24}$/);
    for (const m of members) await joinRoom(m, invite, facilitator);

    const fac = facilitator.page;
    await fac.getByRole('button', { name: 'Start session' }).click();
    await expectInStep(everyone, 'One-word check-in');
    const order = await endTurnsInOrder(everyone, 5);
    expect(new Set(order).size).toBe(5);

    await fac.getByRole('button', { name: 'Next phase' }).click();
    await expectInStep(everyone, 'Round-robin check-in');
    const secondOrder = await endTurnsInOrder(everyone, 5);
    expect(secondOrder[0]).not.toBe(order[0]);

    await fac.getByRole('button', { name: 'Pause timer' }).click();
    for (const d of everyone) await d.page.getByText('Paused', { exact: false }).first().waitFor();
    await fac.getByRole('button', { name: 'Add 1 minute' }).click();
    await fac.getByRole('button', { name: 'Resume timer' }).click();

    await fac.getByRole('button', { name: 'Next phase' }).click();
    await expectInStep(everyone, 'Hot seats');
    await fac.getByRole('combobox', { name: 'Who takes the hot seat' }).selectOption({ label: 'Chen' });
    await fac.getByRole('button', { name: 'Pick for hot seat' }).click();
    const [ana, , chen, dee] = members as [Device, Device, Device, Device];
    await fac.getByRole('button', { name: 'Next step' }).click();
    for (const d of everyone) await d.page.getByRole('region', { name: 'Hand queue' }).waitFor();
    // Clarifying questions: members queue to ask the person in the seat, who does not queue.
    await chen.page.getByText('You are in the hot seat').first().waitFor();
    await ana.page.getByRole('button', { name: 'Raise hand' }).click();
    await ana.page.getByRole('button', { name: 'Lower hand' }).waitFor();
    await dee.page.getByRole('button', { name: 'Raise hand' }).click();
    await expectQueue(everyone, ['Ana', 'Dee']);
    await fac.getByRole('button', { name: 'Call next speaker' }).click();
    await ana.page.getByText('You have the floor').waitFor();
    await ana.page.getByRole('timer', { name: 'Turn timer' }).waitFor();
    await ana.page.getByRole('button', { name: 'End my turn' }).click();
    // In the Weekly 45 a question in the hot seat spends a talk token: it is where one voice dominates.
    const tokens = suite.server.registry.get(invite.split('/').at(-1)!)!.state.members.map((m) => [m.name, m.tokens]);
    expect(tokens).toEqual([
      ['Fran', 3],
      ['Ana', 2],
      ['Ben', 3],
      ['Chen', 3],
      ['Dee', 3],
    ]);
    await ana.page.getByText('2 talk tokens left', { exact: true }).waitFor();

    await fac.getByRole('button', { name: 'Next step' }).click();
    await chen.page.getByRole('button', { name: 'Just space' }).click();
    for (const d of everyone)
      await d.page
        .getByText(/Just space/)
        .first()
        .waitFor();
    await fac.getByRole('button', { name: 'Next step' }).click();
    for (const d of everyone) await d.page.getByText('Close the loop').first().waitFor();
    await fac.getByRole('button', { name: 'Next step' }).click();
    await fac.getByRole('combobox', { name: 'Scribe' }).selectOption({ label: 'Dee' });

    await fac.getByRole('button', { name: 'Next phase' }).click();
    await expectInStep(everyone, 'Micro-commitments');
    // The scribe fills the board; everyone sees it live; a member cannot edit it.
    const commitment = 'Leave by 7:30 twice, no charting from home';
    // The row in focus is the first not yet reported; the scribe opens Ana's.
    await dee.page.getByRole('button', { name: 'Write Ana’s row' }).click();
    await dee.page.getByRole('textbox', { name: "This time's commitment for Ana" }).fill(commitment);
    await dee.page
      .getByRole('combobox', { name: "Status of last time's commitment for Ana" })
      .selectOption({ label: 'Half-kept' });
    for (const reader of [ana, members[1]!, chen]) {
      await reader.page.getByRole('region', { name: 'Commitment board' }).getByText(commitment).waitFor();
    }
    // The facilitator also writes: any row opens as a form on that page.
    await fac.getByRole('region', { name: 'Commitment board' }).getByText(commitment).waitFor();
    await fac.getByRole('button', { name: 'Write Ana’s row' }).click();
    await fac.waitForFunction(
      (text) => [...document.querySelectorAll('textarea, input')].some((el) => (el as HTMLInputElement).value === text),
      commitment,
    );
    expect(await ana.page.getByRole('textbox', { name: "This time's commitment for Ana" }).count()).toBe(0);
    const downloads: Download[] = [];
    const both = new Promise<void>((resolve) =>
      ana.page.on('download', (d) => {
        downloads.push(d);
        if (downloads.length === 2) resolve();
      }),
    );
    await ana.page.getByRole('button', { name: 'Export board' }).click();
    await both;
    expect(downloads.map((d) => d.suggestedFilename().replace(/\d{4}-\d{2}-\d{2}/, 'DATE')).sort()).toEqual([
      'holdspace-board-DATE.json',
      'holdspace-board-DATE.md',
    ]);
    const json = JSON.parse(
      await readFile((await downloads.find((d) => d.suggestedFilename().endsWith('.json'))!.path())!, 'utf8'),
    );
    expect(json.rows.find((r: { name: string }) => r.name === 'Ana')).toMatchObject({
      commitment,
      lastStatus: 'half-kept',
    });

    await fac.getByRole('button', { name: 'Next phase' }).click();
    const [first] = await expectInStep(everyone, 'Meta check');
    expect(first).toBeGreaterThan(170);
    await fac.getByRole('button', { name: 'Next phase' }).click();
    for (const d of everyone) await d.page.getByRole('heading', { name: 'Session complete' }).waitFor();

    await fac.getByRole('button', { name: 'End room' }).click();
    await fac.getByRole('button', { name: /Yes, end the room/ }).click();
    for (const d of everyone) await d.page.getByRole('heading', { name: 'This room has ended' }).waitFor();
    // Every page ran under the strict policy (no inline script or style) without a refusal [PR5].
    expect(everyone.flatMap((d) => d.cspViolations)).toEqual([]);
    // Positive control: an inline style is refused, and the refusal is seen.
    facilitator.expectConsole(/Content Security Policy/);
    await facilitator.page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red }';
      document.head.append(style);
    });
    await expect.poll(() => facilitator.cspViolations.length).toBe(1);
    expect(suite.server.registry.size).toBe(0);
    for (const d of everyone) await d.context.close();
    // A whole agenda on five devices: 40-60 s on a shared 2-core machine, 153 s with two busy loops
    // added. Each step still fails on its own after stepTimeoutMs.
  }, 300_000);
});
