import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { routeKeyOf } from '../../shared/src/crypto/routeKey.ts';
import {
  createRoom,
  type Device,
  expectInStep,
  expectQueue,
  joinRoom,
  launchBrowser,
  openDevice,
  phones,
  takeConsoleProblems,
  timerSeconds,
} from '../helpers/browser.ts';
import { oldBoardExport } from '../helpers/boardExportFile.ts';
import { type Cluster, startCluster } from '../helpers/cluster.ts';

let cluster: Cluster;
let browser: Browser;

beforeAll(async () => {
  [cluster, browser] = await Promise.all([startCluster({ nodes: 3 }), launchBrowser()]);
});

afterEach(async () => {
  const problems = takeConsoleProblems();
  await Promise.all(browser.contexts().map((context) => context.close()));
  expect(problems, 'console warnings and errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await cluster?.stop();
});

/** When each page's phase timer next shows a new second, by the one clock every page here shares. */
async function nextFlips(devices: Device[], count: number): Promise<{ text: string; at: number }[][]> {
  return Promise.all(
    devices.map((d) =>
      d.page.getByRole('timer', { name: 'Phase timer' }).evaluate(
        (timer, wanted) =>
          new Promise<{ text: string; at: number }[]>((resolve) => {
            const flips: { text: string; at: number }[] = [];
            const observer = new MutationObserver(() => {
              flips.push({ text: timer.textContent?.trim() ?? '', at: performance.timeOrigin + performance.now() });
              if (flips.length < wanted) return;
              observer.disconnect();
              resolve(flips);
            });
            observer.observe(timer, { childList: true, characterData: true, subtree: true });
          }),
        count,
      ),
    ),
  );
}

describe('[RS1] a room outlives its process, in real browsers behind HAProxy', () => {
  it('five phones in a hot seat: the process is killed, the room continues, every timer shows the same second', async () => {
    const fac = await openDevice(browser, 'Fran', { viewport: phones.large });
    const invite = await createRoom(fac, cluster.url, { purpose: 'A group that moves', agenda: 'weekly-45' });
    const roomId = invite.split('/').at(-1)!;
    const others: Device[] = [];
    for (const name of ['Ana', 'Ben', 'Chen', 'Dee']) {
      const phone = await openDevice(browser, name, { viewport: phones.small });
      await joinRoom(phone, invite, fac);
      others.push(phone);
    }
    const everyone = [fac, ...others];
    const [ana, , chen] = others as [Device, Device, Device, Device];
    await fac.page.getByRole('button', { name: 'Start session' }).click();
    for (let i = 0; i < 2; i++) await fac.page.getByRole('button', { name: 'Next phase' }).click();
    await expectInStep(everyone, 'Hot seats');
    await fac.page.getByRole('combobox', { name: 'Who takes the hot seat' }).selectOption({ label: 'Chen' });
    await fac.page.getByRole('button', { name: 'Pick for hot seat' }).click();
    await fac.page.getByRole('button', { name: 'Next step' }).click();
    await chen.page.getByText('You are in the hot seat').first().waitFor();
    await ana.page.getByRole('button', { name: 'Raise hand' }).click();
    await expectQueue(everyone, ['Ana']);

    const key = await routeKeyOf(roomId);
    const home = (await cluster.routes()).get(key)!;
    const before = await timerSeconds(fac.page);
    const killedAt = Date.now();
    // The pages' sockets fail while the node is gone: Chromium says so on the console.
    for (const d of everyone) d.expectConsole(/WebSocket/);
    await cluster.kill(home, 'SIGKILL');

    for (const d of everyone) {
      await d.page.getByText('The room moved to a new server').first().waitFor({ state: 'attached' });
    }
    const movedIn = Date.now() - killedAt;
    const now = (await cluster.routes()).get(key);
    expect(now).toBeDefined();
    expect(now).not.toBe(home);
    // The same hot seat, the same queue, and a clock that kept running through the move.
    await expectInStep(everyone, 'Hot seats');
    await expectQueue(everyone, ['Ana']);
    const after = await timerSeconds(fac.page);
    const elapsed = (Date.now() - killedAt) / 1000;
    expect(Math.abs(before - elapsed - after)).toBeLessThanOrEqual(2);

    // Every phone shows each new second within 50 ms of the others (the median of three seconds).
    const flips = await nextFlips(everyone, 3);
    const spreads = [0, 1, 2].map((i) => {
      const times = flips.map((f) => f[i]!.at);
      expect(new Set(flips.map((f) => f[i]!.text)).size).toBe(1);
      return Math.max(...times) - Math.min(...times);
    });
    const median = [...spreads].sort((a, b) => a - b)[1]!;
    console.log(
      `moved in ${movedIn} ms; timers' spread across five phones after the move: ${spreads.map((s) => s.toFixed(0)).join(', ')} ms`,
    );
    expect(median).toBeLessThanOrEqual(50);

    // The room goes on: the next speaker is called.
    await fac.page.getByRole('button', { name: 'Call next speaker' }).click();
    await ana.page.getByRole('button', { name: 'End my turn' }).waitFor();
  });

  it('[RS3] the board comes back from the writers’ devices at its own key epoch: a late phone reads it, new writes reach everyone', async () => {
    const fran = await openDevice(browser, 'Fran');
    const invite = await createRoom(fran, cluster.url, { purpose: 'A board that moves', agenda: 'weekly-45' });
    const roomId = invite.split('/').at(-1)!;
    const ana = await openDevice(browser, 'Ana', { viewport: phones.small });
    await joinRoom(ana, invite, fran);
    await fran.page.getByRole('button', { name: 'Start session' }).click();
    for (let i = 0; i < 3; i++) await fran.page.getByRole('button', { name: 'Next phase' }).click();
    const field = fran.page.getByRole('textbox', { name: "This time's commitment for Ana" });
    await fran.page.getByRole('button', { name: 'Write Ana’s row' }).click();
    await field.fill('Walk at lunch');
    const anaBoard = ana.page.getByRole('region', { name: 'Commitment board' });
    await anaBoard.getByText('Walk at lunch').waitFor();
    // Last week's board, imported: the group's history, shared with the room sealed [HF9].
    const lastWeek = await oldBoardExport('moving-board', Date.now() - 7 * 86_400_000, [
      { name: 'Ana', commitment: 'Sleep by 11' },
    ]);
    const franBoard = fran.page.getByRole('region', { name: 'Commitment board' });
    await franBoard.getByLabel('Import history file').setInputFiles(lastWeek);
    await franBoard.getByText(/Last session’s board is open here/).waitFor();

    const key = await routeKeyOf(roomId);
    const home = (await cluster.routes()).get(key)!;
    for (const d of [fran, ana]) d.expectConsole(/WebSocket/);
    await cluster.kill(home, 'SIGKILL');
    for (const d of [fran, ana]) {
      await d.page.getByText('The room moved to a new server').first().waitFor({ state: 'attached' });
    }

    // A phone that was never in the room can only read the board from the new process's relay.
    const ben = await openDevice(browser, 'Ben', { viewport: phones.small });
    await joinRoom(ben, invite, fran);
    const benBoard = ben.page.getByRole('region', { name: 'Commitment board' });
    await benBoard.getByText('Walk at lunch').waitFor();
    await field.fill('Walk at lunch, twice a week');
    await anaBoard.getByText('Walk at lunch, twice a week').waitFor();
    await benBoard.getByText('Walk at lunch, twice a week').waitFor();
    // Once, not twice: the writers' copies merged into one board.
    expect(await benBoard.getByText('Walk at lunch, twice a week').count()).toBe(1);
    // The history Fran's device shared with the old process, shared again with the new one.
    await ben.page
      .getByRole('region', { name: 'Group patterns' })
      .getByText(/This is meeting 2/)
      .waitFor();
  });
});
