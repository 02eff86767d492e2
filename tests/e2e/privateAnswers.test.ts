import { oldBoardExport } from '../helpers/boardExportFile.ts';
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../shared/src/history/passphrase.ts';
import { type Device, roomOnPhones } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';
import { seriousAxeFindings } from '../helpers/pageChecks.ts';

const suite = browserSuite();

/** A room made through the API at a group's first meeting, Fran and the members each on a phone. */
async function firstMeetingOnPhones(templateId: string, names: string[], purpose = 'Nights on ward 7') {
  const body = { templateId, purpose, admission: 'open', meeting: 'first' };
  const room = await roomOnPhones(suite.browser, suite.server.url, body, 'Fran', names);
  return { fran: room.creator, members: room.members, everyone: room.everyone };
}

const button = (d: Device, name: string) => d.page.getByRole('button', { name, exact: true });
const answersOf = (d: Device) => d.page.getByRole('region', { name: 'Room answers' });

/** The next file this page saves, read as text. */
async function nextDownload(d: Device, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const saved = new Promise<Download>((resolve) => d.page.once('download', resolve));
  await click();
  const download = await saved;
  return { name: download.suggestedFilename(), text: await readFile((await download.path()) as string, 'utf8') };
}

async function answerStress(d: Device, value: string) {
  const group = d.page.getByRole('radiogroup', { name: 'Stress today, 1 to 5' });
  await group.getByRole('radio', { name: value, exact: true }).check();
  await button(d, 'Send my answer').click();
}

describe('private answers and the group’s history, on phones', () => {
  it('[PA1][PA3][HF3][HF5] a Bi-weekly 60: stress answers and a poll, saved as a sealed history, imported next time with its patterns', async () => {
    const { fran, members, everyone } = await firstMeetingOnPhones('biweekly-60', ['Ana', 'Ben', 'Cy']);
    const [ana, ben, cy] = members as [Device, Device, Device];
    await button(fran, 'Start session').click();

    // The mood check-in asks stress of everyone here; each answers on their own phone.
    for (const d of everyone) {
      await answersOf(d).getByText('If everyone gives the same answer, everyone can see it.').waitFor();
    }
    await answerStress(fran, '2');
    await answerStress(ana, '4');
    await answerStress(ben, '4');
    await cy.page
      .getByRole('radiogroup', { name: 'Stress today, 1 to 5' })
      .getByRole('radio', { name: 'Prefer not to say' })
      .check();
    await button(cy, 'Send my answer').click();
    for (const d of everyone) await answersOf(d).getByText('3 answers from 4 people. Average 3.5.').waitFor();
    for (const d of everyone) expect(await seriousAxeFindings(d.page)).toEqual([]);

    // A poll, its words typed on the facilitator's phone (under "More"); thumbs on everyone's.
    await fran.page.getByRole('tab', { name: 'More' }).click();
    await button(fran, 'Open poll').click();
    await fran.page.getByRole('textbox', { name: 'Poll question' }).fill('Shall we keep Tuesday evenings?');
    await button(fran, 'Start poll').click();
    for (const d of everyone)
      await answersOf(d).getByRole('heading', { name: 'Shall we keep Tuesday evenings?' }).waitFor();
    await button(fran, 'Thumbs up').click();
    await button(ana, 'Thumbs up').click();
    await button(ben, 'Thumbs down').click();
    await button(cy, 'Thumbs up').click();
    for (const d of everyone) await answersOf(d).getByText('4 answers from 4 people.').waitFor();
    expect(await answersOf(ana).getByRole('listitem').filter({ hasText: 'Thumbs up' }).textContent()).toContain('3');

    // Ana types the group's passphrase on the board's tab; the board then moves into her "now"
    // panel at the commitments phase, and what she typed moves with it.
    await ana.page.getByRole('tab', { name: 'Board' }).click();
    await ana.page.getByRole('textbox', { name: 'History passphrase' }).fill('blue heron at dawn');

    // Last session's commitments, written by the facilitator at the commitments phase.
    for (let i = 0; i < 3; i++) await button(fran, 'Next phase').click();
    await fran.page.getByRole('heading', { level: 1, name: 'Action commitment' }).waitFor();
    for (const [who, words] of [
      ['Ana', 'Walk at lunch twice'],
      ['Ben', 'Leave by 7:30'],
    ] as const) {
      await button(fran, `Write ${who}’s row`).click();
      await fran.page.getByRole('textbox', { name: `This time's commitment for ${who}` }).fill(words);
    }
    await ana.page.getByRole('region', { name: 'Commitment board' }).getByText('Leave by 7:30').waitFor();

    // Ana, not the facilitator, leaves with the sealed history file.
    const board = ana.page.getByRole('region', { name: 'Commitment board' });
    expect(await board.getByRole('textbox', { name: 'History passphrase' }).inputValue()).toBe('blue heron at dawn');
    await board.getByRole('textbox', { name: 'History passphrase' }).fill('short');
    await board.getByRole('button', { name: 'Save history file' }).click();
    await board.getByText(/at least 8 characters/).waitFor();
    await board.getByRole('textbox', { name: 'History passphrase' }).fill('blue heron at dawn');
    const file = await nextDownload(ana, () => board.getByRole('button', { name: 'Save history file' }).click());
    expect(file.name).toMatch(/^holdspace-history-\d{4}-\d{2}-\d{2}\.json$/);
    // Quoted, or with a space: base64url never holds either, so a match is plain text, not chance.
    for (const words of ['Walk at lunch', '"Ana"', 'Tuesday evenings', 'Nights on ward']) {
      expect(file.text).not.toContain(words);
    }
    const opened = await openHistory(file.text, 'blue heron at dawn');
    if (!opened.ok) throw new Error(opened.message);
    const [session] = opened.history.sessions;
    expect(session).toMatchObject({
      agenda: 'Bi-weekly 60',
      facilitator: 'Fran',
      attendees: ['Fran', 'Ana', 'Ben', 'Cy'],
    });
    expect(session?.aggregates.map((a) => [a.kind, a.answers, a.average])).toEqual([
      ['stress', 3, 3.5],
      ['poll', 4, null],
    ]);
    expect(session?.commitments.find((c) => c.name === 'Ben')?.commitment).toBe('Leave by 7:30');

    // The next dates, as a calendar file a real parser reads.
    const calendar = await nextDownload(ana, () =>
      board.getByRole('button', { name: 'Save next sessions to calendar' }).click(),
    );
    const events = new ICAL.Component(ICAL.parse(calendar.text)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(3);
    const starts = events.map((e) => new ICAL.Event(e).startDate.toJSDate().getTime());
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(13 * 86_400_000);
    await Promise.all(everyone.map((d) => d.context.close()));

    // The next session: the facilitator imports it; a wrong passphrase changes nothing.
    const next = await firstMeetingOnPhones('biweekly-60', ['Ana', 'Ben']);
    const fran2 = next.fran;
    const ana2 = next.members[0]!;
    const path = `${(await import('node:os')).tmpdir()}/holdspace-history-${process.pid}.json`;
    await (await import('node:fs/promises')).writeFile(path, file.text);
    await fran2.page.getByRole('tab', { name: 'Board' }).click();
    const board2 = fran2.page.getByRole('region', { name: 'Commitment board' });
    await board2.getByRole('textbox', { name: 'History passphrase' }).fill('blue heron at dusk');
    await board2.getByLabel('Import history file').setInputFiles(path);
    await board2.getByText('That passphrase does not open this file. Nothing was changed.').waitFor();
    await board2.getByRole('textbox', { name: 'History passphrase' }).fill('blue heron at dawn');
    await board2.getByLabel('Import history file').setInputFiles(path);
    await board2.getByText(/Filled “last time” for 2 rows\./).waitFor();
    // Shared with the room, sealed: Ana's phone shows the patterns and the stress chart too.
    await ana2.page.getByRole('tab', { name: 'Board' }).click();
    const patterns = ana2.page.getByRole('region', { name: 'Group patterns' });
    await patterns.getByText('This is meeting 2, after 1 recorded session.').waitFor();
    await patterns.getByText('Stress, average of the room (1 to 5)').waitFor();
    await ana2.page.getByRole('region', { name: 'Commitment board' }).getByText('Walk at lunch twice').waitFor();
    for (const d of next.everyone) expect(await seriousAxeFindings(d.page)).toEqual([]);
    await Promise.all(next.everyone.map((d) => d.context.close()));
  }, 240_000);
});

describe('the group’s history, its patterns and its people, on phones', () => {
  it('[HF2][HF5][HF6][HF8] an old board export and a sealed history import; patterns, rotation and the review poll; a renamed member matched; everyone leaves with the file', async () => {
    const { sixWeeks, weekly, DAY } = await import('../unit/history/fixture.ts');
    const { recordSession, withSession } = await import('../../shared/src/history/record.ts');
    const { sealHistory } = await import('../../shared/src/history/passphrase.ts');
    const six = sixWeeks();
    const seventh = recordSession({
      startedAt: weekly(6),
      agenda: 'Weekly 45',
      meeting: 7,
      attendees: ['Ana', 'Ben', 'Dev', 'Tom B.'],
      facilitator: 'Ana',
      scribe: 'Ben',
      hotSeats: ['Ben'],
      rows: [
        {
          name: 'Ana',
          commitment: 'Walk 20 minutes after lunch',
          lastCommitment: 'Walk 20 minutes, after lunch!',
          lastStatus: 'kept',
        },
        {
          name: 'Tom B.',
          commitment: 'Sleep by 11 on work nights',
          lastCommitment: 'Sleep by 11',
          lastStatus: 'failed',
        },
      ],
      aggregates: [
        { kind: 'valuable', question: 'How valuable?', respondents: 4, counts: [0, 0, 0, 0, 0, 0, 1, 2, 1, 0] },
      ],
    });
    const history = withSession(six, seventh, six.purpose, weekly(6) + DAY);
    const { tmpdir } = await import('node:os');
    const { writeFile } = await import('node:fs/promises');
    const sealedPath = `${tmpdir()}/holdspace-seven-${process.pid}.json`;
    await writeFile(sealedPath, await sealHistory(history, 'kettle on at six'));
    const boardPath = await oldBoardExport('old-board', weekly(5), [{ name: 'Dev', commitment: 'Say no once' }]);

    // Ana facilitates today; Tom comes as "Thomas".
    const body = { templateId: 'weekly-45', purpose: 'Night shifts', admission: 'open' };
    const room = await roomOnPhones(suite.browser, suite.server.url, body, 'Ana', ['Ben', 'Dev', 'Thomas']);
    const { creator: ana, members, everyone } = room;
    const [ben, dev] = members as [Device, Device, Device];
    await button(ana, 'Start session').click();
    await ana.page.getByRole('tab', { name: 'Board' }).click();
    const board = ana.page.getByRole('region', { name: 'Commitment board' });

    // An old board export still imports, with no passphrase.
    await board.getByLabel('Import history file').setInputFiles(boardPath);
    await board.getByText(/Last session’s board is open here .* Filled “last time” for 1 row\./).waitFor();

    // The sealed history: "Tom B." is no one here until the facilitator says who he is now.
    await board.getByRole('textbox', { name: 'History passphrase' }).fill('kettle on at six');
    await board.getByLabel('Import history file').setInputFiles(sealedPath);
    await board.getByText(/The history \(7 sessions\) is open here/).waitFor();
    await board.getByText(/No one here is called Tom B\./).waitFor();
    await board.getByRole('combobox', { name: 'Who is Tom B. now?' }).selectOption({ label: 'Thomas' });
    await board.getByRole('button', { name: 'Match Tom B.' }).click();
    await board.getByText('Filled “last time” for 1 row.').waitFor();
    await dev.page.getByRole('tab', { name: 'Board' }).click();
    await dev.page.getByRole('region', { name: 'Commitment board' }).getByText('Sleep by 11 on work nights').waitFor();

    // Every phone shows the patterns, shared sealed through the room.
    await ben.page.getByRole('tab', { name: 'Board' }).click();
    const patterns = ben.page.getByRole('region', { name: 'Group patterns' });
    await patterns.getByText('This is meeting 8, after 7 recorded sessions.').waitFor();
    await patterns.getByText(/Four-week review\./).waitFor();
    await patterns.getByText(/Ana: “Walk 20 minutes after lunch”, 4 sessions in a row\./).waitFor();
    await patterns.getByText(/^Facilitator next time: (Ben|Dev|Thomas)\./).waitFor();
    await patterns.getByText('How valuable, average of the room (1 to 10)').waitFor();
    await patterns.getByText('Thomas: Kept it 1 · Half-kept it 1 · Failed it 1').waitFor();
    // How it went, without alarm colours: the outcomes read in the page's own text colour.
    const colours = await patterns.evaluate((el) => {
      const text = getComputedStyle(el).color;
      return [...el.querySelectorAll('li')].filter((li) => getComputedStyle(li).color !== text).length;
    });
    expect(colours).toBe(0);
    expect(await seriousAxeFindings(ben.page)).toEqual([]);

    // The review's question, asked as a poll from the patterns.
    const review = ana.page.getByRole('region', { name: 'Group patterns' });
    await review.getByRole('button', { name: 'Ask as a poll: Do we want to continue?' }).click();
    for (const d of everyone) await answersOf(d).getByRole('heading', { name: 'Do we want to continue?' }).waitFor();

    // The room ends; a member who never wrote the board leaves with the updated, sealed file.
    await ana.page.getByRole('tab', { name: 'More' }).click();
    await button(ana, 'End room').click();
    await ana.page.getByRole('button', { name: /Yes, end the room/ }).click();
    await ben.page.getByRole('heading', { name: 'This room has ended' }).waitFor();
    await ben.page.getByRole('textbox', { name: 'History passphrase' }).fill('kettle on at six');
    const saved = await nextDownload(ben, () => button(ben, 'Save history file').click());
    const reopened = await openHistory(saved.text, 'kettle on at six');
    if (!reopened.ok) throw new Error(reopened.message);
    expect(reopened.history.sessions).toHaveLength(8);
    expect(reopened.history.aliases).toMatchObject({ 'Tom B.': 'Thomas' });
    expect(reopened.history.sessions.at(-1)).toMatchObject({
      facilitator: 'Ana',
      attendees: ['Ana', 'Ben', 'Dev', 'Thomas'],
    });
    const markdown = await nextDownload(ben, () => button(ben, 'Save a plain Markdown copy').click());
    expect(markdown.name).toMatch(/\.md$/);
    expect(markdown.text).toContain('Kept it');
    await Promise.all(everyone.map((d) => d.context.close()));
  }, 240_000);
});
