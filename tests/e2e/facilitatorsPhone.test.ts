import { describe, expect, it } from 'vitest';
import { enterAsCreator, joinRoom, openDevice, phones, type Device } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';
import { expectAtFirstGlance } from '../helpers/firstGlance.ts';

const suite = browserSuite();

async function roomOnPhones(body: object, names: string[], admission: 'open' | 'knock' = 'open') {
  const response = await fetch(`${suite.server.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ purpose: 'Phones', admission, ...body }),
  });
  const { roomId, secret } = (await response.json()) as { roomId: string; secret: string };
  const fran = await openDevice(suite.browser, 'Fran', { viewport: phones.small });
  await enterAsCreator(fran, suite.server.url, roomId, secret);
  const members: Device[] = [];
  for (const name of names) {
    const device = await openDevice(suite.browser, name, { viewport: phones.small });
    await joinRoom(device, `${suite.server.url}/#/r/${roomId}`, admission === 'knock' ? fran : undefined);
    members.push(device);
  }
  return { roomId, fran, members, everyone: [fran, ...members] };
}

const button = (d: Device, name: string) => d.page.getByRole('button', { name, exact: true });
const heading = (d: Device, name: string) => d.page.getByRole('heading', { level: 1, name });

describe('the facilitator’s phone in the moment', () => {
  it('[AG7][AG2] an Open circle runs end to end: arrival round, a free open floor, a closing round', async () => {
    const { fran, members, everyone } = await roomOnPhones({ templateId: 'open-circle' }, ['Ana', 'Ben']);
    const [ana] = members as [Device];
    await ana.page.getByText("You're in. The facilitator starts the session when everyone is here.").waitFor();
    expect(await ana.page.getByText('Waiting for the facilitator').count()).toBe(0);
    await button(fran, 'Start session').click();
    for (const d of everyone) await heading(d, 'Arrival round').waitFor();
    // Everyone takes their turn in the arrival round, whoever's it is.
    for (let turn = 0; turn < 3; turn++) {
      const speaker = await Promise.race(
        everyone.map((d) =>
          button(d, 'End my turn')
            .waitFor()
            .then(() => d),
        ),
      );
      await button(speaker, 'End my turn').click();
      await speaker.page.waitForTimeout(100);
    }
    await button(fran, 'Next phase').click();
    for (const d of everyone) await heading(d, 'Open floor').waitFor();
    await ana.page.getByText('Anyone may speak: raise your hand only to be sure of a turn.').waitFor();
    expect(await ana.page.getByText(/talk tokens? left/).count()).toBe(0);
    await button(ana, 'Raise hand').click();
    await expectAtFirstGlance(fran, { next: fran.page.getByText('Next up: Ana', { exact: false }) });
    await button(fran, 'Call next speaker').click();
    await ana.page.getByText('You have the floor').waitFor();
    await button(ana, 'End my turn').click();
    await button(fran, 'Next phase').click();
    for (const d of everyone) await heading(d, 'Closing round').waitFor();
    // The closing round gives everyone a turn, like any round; no talk tokens where none are spent.
    expect(await ana.page.getByText(/talk tokens? left/).count()).toBe(0);
    await button(fran, 'Next phase').click();
    for (const d of everyone) await heading(d, 'Session complete').waitFor();
  }, 150_000);

  it('[RL3][RL5] when the facilitator’s phone dies, every phone says so at once, and the scribe takes the role there and then', async () => {
    const { fran, members } = await roomOnPhones({ templateId: 'weekly-45' }, ['Ana', 'Ben']);
    const [ana, ben] = members as [Device, Device];
    await fran.page.getByRole('tab', { name: 'More' }).click();
    await fran.page.getByLabel('Scribe').selectOption({ label: 'Ana' });
    await button(fran, 'Start session').click();
    await fran.context.close();
    for (const d of [ana, ben]) await d.page.getByText('Fran, the facilitator, is away.').waitFor();
    expect(await button(ben, 'Take the facilitator role').count()).toBe(0);
    await button(ana, 'Take the facilitator role').click();
    await expectAtFirstGlance(ana, { next: button(ana, 'Next phase') });
  }, 120_000);

  it('[AG3] a member whose turn went by while away is offered it on return, and it comes next', async () => {
    const { fran, members } = await roomOnPhones({ templateId: 'weekly-45' }, ['Ana', 'Ben']);
    const [ana, ben] = members as [Device, Device];
    await button(fran, 'Start session').click();
    await button(fran, 'Next phase').click(); // the round-robin: Ana, Ben, Fran
    await heading(ben, 'Round-robin check-in').waitFor();
    ben.expectConsole(/ERR_INTERNET_DISCONNECTED/);
    await ben.context.setOffline(true);
    await button(ana, 'End my turn').click();
    await ana.page.getByText('Now speaking:', { exact: false }).getByText('Fran').first().waitFor();
    await ben.context.setOffline(false);
    await button(ben, 'Take my turn now').click();
    await button(fran, 'End my turn').click();
    await ben.page.getByText('Your turn', { exact: true }).waitFor();
  }, 120_000);

  it('[AG5][HQ3] Next step sits apart from Next phase, and Back a step brings the step back with its raised hands', async () => {
    const { fran, members } = await roomOnPhones({ templateId: 'short-30' }, ['Ana', 'Ben']);
    const [ana, ben] = members as [Device, Device];
    await button(fran, 'Start session').click();
    await button(fran, 'Next phase').click();
    await button(fran, 'Next phase').click();
    await fran.page.getByLabel('Who takes the hot seat').selectOption({ label: 'Ana' });
    await button(fran, 'Pick for hot seat').click();
    // The seat's own prompt replaces "who needs space": the seat is taken.
    await ben.page.getByText('Listen. No questions yet.').waitFor();
    expect(await ben.page.getByText('Who has something they really need space for today?').count()).toBe(0);
    await button(fran, 'Next step').click();
    await button(ben, 'Raise hand').click();
    await fran.page.getByText('Next up: Ben', { exact: false }).waitFor();
    const [step, phase] = [button(fran, 'Next step'), button(fran, 'Next phase')];
    const [a, b] = await Promise.all([step.boundingBox(), phase.boundingBox()]);
    expect(Math.abs((a?.y ?? 0) - (b?.y ?? 0))).toBeGreaterThan(40);
    await step.click(); // the slip
    await ana.page.getByText('Reflections & options', { exact: false }).first().waitFor();
    await button(fran, 'Back a step').click();
    await fran.page.getByText('Next up: Ben', { exact: false }).waitFor();
    await button(ben, 'Lower hand').waitFor();
    // On to "Close the loop", then one slip too far frees the seat: Back a step is still in reach.
    await button(fran, 'Next step').click();
    await ana.page.getByText('Reflections & options', { exact: false }).first().waitFor();
    await button(fran, 'Next step').click();
    await ana.page.getByText('Close the loop', { exact: false }).first().waitFor();
    await button(fran, 'Next step').click();
    await fran.page.getByLabel('Who takes the hot seat').waitFor();
    await button(fran, 'Back a step').click();
    await ana.page.getByText('Close the loop', { exact: false }).first().waitFor();
  }, 120_000);

  it('[RM6] “Admit all” lets everyone waiting in, each still named', async () => {
    const { fran, roomId } = await roomOnPhones({ templateId: 'weekly-45' }, [], 'knock');
    const knockers: Device[] = [];
    for (const name of ['Ana', 'Ben', 'Cy']) {
      const d = await openDevice(suite.browser, name, { viewport: phones.small });
      await d.page.goto(`${suite.server.url}/#/r/${roomId}`);
      await d.page.getByLabel('Your name').fill(name);
      await d.page.getByLabel('I agree to the ground rules').check();
      await button(d, 'Join room').click();
      await d.page.getByText('Waiting for the facilitator').first().waitFor();
      knockers.push(d);
    }
    for (const name of ['Ana', 'Ben', 'Cy']) await button(fran, `Admit ${name}`).waitFor();
    await button(fran, 'Admit all').click();
    for (const d of knockers) await d.page.locator('h1#phase-heading').waitFor();
  }, 120_000);
});
