import { describe, it } from 'vitest';
import { enterAsCreator, joinRoom, openDevice, phones, type Device } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';
import { expectAtFirstGlance } from '../helpers/firstGlance.ts';

const suite = browserSuite();
const MIN = 60_000;

/** One phase of each kind, short, through the API: the create page is not what this is about. */
const agenda = [
  { kind: 'rules', title: 'Ground rules', durationMs: 2 * MIN },
  { kind: 'round', title: 'Check-in', durationMs: 3 * MIN, turnMs: 30_000 },
  {
    kind: 'hotseat',
    title: 'Hot seat',
    durationMs: 8 * MIN,
    turnMs: 30_000,
    spendsTokens: true,
    steps: ['story', 'questions', 'reflections', 'close'].map((step) => ({ step, durationMs: MIN })),
  },
  { kind: 'open', title: 'Open floor', durationMs: 5 * MIN, turnMs: MIN, spendsTokens: true },
  { kind: 'commitments', title: 'Commitments', durationMs: 5 * MIN },
  { kind: 'check', title: 'Meta check', durationMs: 2 * MIN },
];

describe('the room on a phone, at a glance', () => {
  it('[UX1][UX2] in every phase kind and role, the timer and this person’s one action are on the first screen; the facilitator’s controls stay in reach', async () => {
    const response = await fetch(`${suite.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        templateId: 'short-30',
        purpose: 'Phones',
        tokensPerMember: 2,
        admission: 'open',
        agenda,
      }),
    });
    const { roomId, secret } = (await response.json()) as { roomId: string; secret: string };
    const fran = await openDevice(suite.browser, 'Fran', { viewport: phones.large });
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    const ben = await openDevice(suite.browser, 'Ben', { viewport: phones.large });
    const cy = await openDevice(suite.browser, 'Cy', { viewport: phones.small });
    await enterAsCreator(fran, suite.server.url, roomId, secret);
    for (const d of [ana, ben, cy]) await joinRoom(d, `${suite.server.url}/#/r/${roomId}`);
    const everyone = [fran, ana, ben, cy];
    const timer = (d: Device) => d.page.getByRole('timer', { name: 'Phase timer' });
    const button = (d: Device, name: string) => d.page.getByRole('button', { name, exact: true });
    const text = (d: Device, value: string) => d.page.getByText(value, { exact: true });
    const heading = (d: Device, name: string) => d.page.getByRole('heading', { level: 1, name });
    const inPhase = async (title: string) => {
      for (const d of everyone) await heading(d, title).waitFor();
    };

    // The lobby: the facilitator's start, everyone's heading.
    await expectAtFirstGlance(fran, {
      heading: heading(fran, 'Start when everyone is here'),
      start: button(fran, 'Start session'),
    });
    await expectAtFirstGlance(ana, { heading: heading(ana, 'You’re in: the session starts soon') });
    // All five tabs fit across a 360 px phone.
    const tabs = ['Phase', 'Board', 'People', 'Agenda', 'More'].map((name) => ana.page.getByRole('tab', { name }));
    await expectAtFirstGlance(ana, Object.fromEntries(tabs.map((tab, i) => [`tab ${i + 1}`, tab])));

    // Ground rules: the timer everywhere, Next phase in reach.
    await button(fran, 'Start session').click();
    await inPhase('Ground rules');
    for (const d of everyone) await expectAtFirstGlance(d, { timer: timer(d) });
    await expectAtFirstGlance(fran, { next: button(fran, 'Next phase'), pause: button(fran, 'Pause timer') });

    // A round: the speaker's End my turn, the next person's "You're next", everyone's turn timer.
    await button(fran, 'Next phase').click();
    await inPhase('Check-in');
    await expectAtFirstGlance(fran, {
      timer: timer(fran),
      end: button(fran, 'End my turn'),
      pass: button(fran, 'Pass'),
    });
    await expectAtFirstGlance(ana, { timer: timer(ana), next: text(ana, "You're next. Get ready to speak.") });
    await expectAtFirstGlance(ben, {
      timer: timer(ben),
      speaker: ben.page.getByText('Now speaking: Fran'),
      turn: ben.page.getByRole('timer', { name: 'Turn timer' }),
    });
    await button(fran, 'End my turn').click();
    await expectAtFirstGlance(ana, { end: button(ana, 'End my turn') });
    for (const d of [ana, ben, cy]) {
      await button(d, 'End my turn').click();
      await button(d, 'End my turn').waitFor({ state: 'detached' });
    }

    // A hot seat: the facilitator picks; the seat's person, the steps, the queue, the choice.
    await button(fran, 'Next phase').click();
    await inPhase('Hot seat');
    await expectAtFirstGlance(fran, {
      who: fran.page.getByRole('combobox', { name: 'Who takes the hot seat' }),
      pick: button(fran, 'Pick for hot seat'),
    });
    await fran.page.getByRole('combobox', { name: 'Who takes the hot seat' }).selectOption({ label: 'Ben' });
    await button(fran, 'Pick for hot seat').click();
    await expectAtFirstGlance(ben, {
      timer: timer(ben),
      seat: ben.page.getByRole('region', { name: 'Now' }).getByText('You are in the hot seat', { exact: true }),
      step: ben.page.getByRole('timer', { name: 'Step timer' }),
    });
    await expectAtFirstGlance(fran, { nextStep: button(fran, 'Next step'), next: button(fran, 'Next phase') });
    await button(fran, 'Next step').click();
    await expectAtFirstGlance(ana, {
      timer: timer(ana),
      raise: button(ana, 'Raise hand'),
      tokens: text(ana, '2 talk tokens left'),
    });
    await expectAtFirstGlance(ben, {
      seat: ben.page.getByRole('region', { name: 'Now' }).getByText(/the group raises hands to speak to you/),
    });
    await button(ana, 'Raise hand').click();
    await expectAtFirstGlance(ana, { lower: button(ana, 'Lower hand') });
    await expectAtFirstGlance(fran, { call: button(fran, 'Call next speaker') });
    await button(fran, 'Call next speaker').click();
    await expectAtFirstGlance(ana, {
      end: button(ana, 'End my turn'),
      turn: ana.page.getByRole('timer', { name: 'Turn timer' }),
    });
    await button(ana, 'End my turn').click();
    await button(fran, 'Next step').click();
    await expectAtFirstGlance(ben, { ideas: button(ben, 'Ideas'), space: button(ben, 'Just space') });

    // An open floor: the hand with its tokens, the floor's End my turn, "You're next".
    await button(fran, 'Next phase').click();
    await inPhase('Open floor');
    await expectAtFirstGlance(cy, {
      timer: timer(cy),
      raise: button(cy, 'Raise hand'),
      tokens: text(cy, '2 talk tokens left'),
    });
    await button(cy, 'Raise hand').click();
    await button(cy, 'Lower hand').waitFor();
    await button(fran, 'Call next speaker').click();
    await expectAtFirstGlance(cy, { end: button(cy, 'End my turn') });
    await button(ana, 'Raise hand').click();
    await expectAtFirstGlance(ana, {
      next: text(ana, "You're next. Get ready to speak."),
      lower: button(ana, 'Lower hand'),
    });

    // Commitments: the scribe's row in focus; the board for everyone else.
    await fran.page.getByRole('tab', { name: 'More' }).click();
    await fran.page.getByRole('combobox', { name: 'Scribe' }).selectOption({ label: 'Cy' });
    await button(fran, 'Next phase').click();
    await inPhase('Commitments');
    await expectAtFirstGlance(cy, {
      timer: timer(cy),
      row: cy.page.getByRole('textbox', { name: "Last time's commitment for Fran" }),
    });
    // The row the board opened by itself stays open while it is written, though it is now reported.
    const status = cy.page.getByRole('combobox', { name: "Status of last time's commitment for Fran" });
    await status.focus();
    await status.selectOption({ label: 'Kept' });
    await cy.page.getByRole('textbox', { name: "This time's commitment for Fran" }).fill('One walk a week');
    await expectAtFirstGlance(ana, {
      timer: timer(ana),
      board: ana.page.getByRole('heading', { name: 'Commitment board' }),
    });
    await ana.page.getByRole('region', { name: 'Commitment board' }).getByText('One walk a week').waitFor();
    await expectAtFirstGlance(fran, { next: button(fran, 'Next phase') });

    // The closing check: the timer, and the way on.
    await button(fran, 'Next phase').click();
    await inPhase('Meta check');
    for (const d of everyone) await expectAtFirstGlance(d, { timer: timer(d) });
    await expectAtFirstGlance(fran, { next: button(fran, 'Next phase') });
    for (const d of everyone) await d.context.close();
  }, 240_000);
});
