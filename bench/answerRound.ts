/**
 * A round of 12 private answers, timed on a 4× throttled phone: eleven members (Node devices with
 * the page's own code) have answered "how valuable, 1 to 10"; the twelfth, a phone in Chromium with
 * its CPU slowed four times, sends its answer. Timed on the phone, from the tap on "Send my answer"
 * to the room's answer on its screen: its eleven X25519 key agreements and masks, sealing, the
 * server's round trip, opening and adding up the twelve vectors, and rendering. Prints the median.
 *
 *   npx vite build && npx tsx bench/answerRound.ts [runs]
 */
import { pageAnswer } from '../tests/helpers/answering.ts';
import { openBoard } from '../tests/helpers/board.ts';
import type { BoardDevice } from '../tests/helpers/boardDevice.ts';
import { clientDir, joinRoom, launchBrowser, openDevice, phones } from '../tests/helpers/browser.ts';
import type { TestMember } from '../tests/helpers/member.ts';
import { converge, roomWith } from '../tests/helpers/room.ts';
import { startServer } from '../tests/helpers/server.ts';

const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const server = await startServer({ config: { clientDir } });
const browser = await launchBrowser();
const onPhone: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const room = await roomWith(
      server,
      Array.from({ length: 10 }, (_, i) => `Member ${i + 1}`),
      {
        admission: 'open',
        agenda: [{ kind: 'open', title: 'Open', durationMs: 600_000, turnMs: 60_000, spendsTokens: false }],
      },
    );
    const boards: BoardDevice[] = [];
    for (const m of room.everyone) boards.push(await openBoard(m));
    const phone = await openDevice(browser, 'Phone', { viewport: phones.small });
    await joinRoom(phone, `${server.url}/#/r/${room.roomId}`);
    await room.facilitator.do({ type: 'session:start' });
    await room.facilitator.until(() => room.facilitator.state!.members.length === 12, 'the phone in the roster');
    await room.facilitator.do({
      type: 'answers:ask',
      questionId: `bench-question-${run}`,
      kind: 'valuable',
      prompt: null,
    });
    await converge(room.facilitator, room.everyone);
    for (const [i, m] of room.everyone.entries()) await answer(m, boards[i]!, (i % 10) + 1);
    const group = phone.page.getByRole('radiogroup', { name: 'How valuable was this session, 1 to 10' });
    await group.getByRole('radio', { name: '7', exact: true }).check();
    const cdp = await phone.context.newCDPSession(phone.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const elapsed = await phone.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const button = [...document.querySelectorAll('button')].find(
            (b) => b.textContent?.trim() === 'Send my answer',
          );
          const started = performance.now();
          const seen = new MutationObserver(() => {
            if (!document.body.textContent?.includes('12 answers from 12 people')) return;
            seen.disconnect();
            resolve(performance.now() - started);
          });
          seen.observe(document.body, { subtree: true, childList: true, characterData: true });
          button?.click();
        }),
    );
    onPhone.push(elapsed);
    await phone.context.close();
    for (const b of boards) b.destroy();
    for (const m of room.everyone) m.close();
  }
  console.log(`a round of 12 answers, the twelfth on a 4× throttled phone (Chromium), ${runs} runs`);
  console.log(`tap on "Send my answer" -> the room's answer on screen: median ${median(onPhone).toFixed(0)} ms`);
  console.log(`all runs: ${onPhone.map((ms) => ms.toFixed(0)).join(', ')} ms`);
} finally {
  await browser.close();
  await server.close();
}

/** A Node device answers with the page's own code and its own board key. */
async function answer(member: TestMember, board: BoardDevice, value: number) {
  const key = board.link.boardKey();
  if (!key) throw new Error('no board key');
  const reply = await member.send(await pageAnswer(member, key, value));
  if (!reply.ok) throw new Error(reply.message);
}
