/**
 * A late device's board on a 4× throttled phone: a room of 12 whose scribe has filled every row,
 * then a twelfth member opens the room link in Chromium with the CPU slowed four times. Prints the
 * medians of: board opened -> key opened (the key sealed and relayed to it), key opened -> board
 * readable (verifying, decrypting and checking the snapshot and tail, building the mirror and the
 * page's document), and from opening the link to the last row's words on screen.
 *
 *   npx vite build && npx tsx bench/lateBoard.ts [runs]
 */
import { defaultBoardLimits } from '../server/src/board/limits.ts';
import { replaceText, setStatus } from '../shared/src/board/model.ts';
import { openBoard, untilDoc } from '../tests/helpers/board.ts';
import type { BoardDevice } from '../tests/helpers/boardDevice.ts';
import { clientDir, joinRoom, launchBrowser, openDevice, phones } from '../tests/helpers/browser.ts';
import type { TestMember } from '../tests/helpers/member.ts';
import { roomWith } from '../tests/helpers/room.ts';
import { startServer } from '../tests/helpers/server.ts';

const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const words = (i: number, what: string) => `${what} ${i}: ${'a sentence of a commitment, '.repeat(6)}`;

const server = await startServer({
  config: {
    clientDir,
    ...(process.env.TAIL ? { board: { ...defaultBoardLimits, tailSnapshotFrames: Number(process.env.TAIL) } } : {}),
  },
});
const browser = await launchBrowser();
const figures = { keyed: [] as number[], readable: [] as number[], onScreen: [] as number[], rows: 0 };
try {
  for (let run = 0; run < runs; run++) {
    const room = await roomWith(
      server,
      Array.from({ length: 10 }, (_, i) => `Member ${i + 1}`),
      { admission: 'open', agenda: [{ kind: 'commitments', title: 'Commitments', durationMs: 600_000 }] },
    );
    const scribe = room.members[0] as TestMember;
    await room.facilitator.do({ type: 'role:scribe', memberId: scribe.id });
    // The facilitator's device makes the board's key; then the scribe's opens.
    const others = [await openBoard(room.facilitator)];
    const board: BoardDevice = await openBoard(scribe);
    for (const [i, m] of room.everyone.entries()) {
      replaceText(board.doc, m.id, 'commitment', words(i, 'This time'));
      replaceText(board.doc, m.id, 'lastCommitment', words(i, 'Last time'));
      replaceText(board.doc, m.id, 'note', words(i, 'Note'));
      setStatus(board.doc, m.id, 'kept');
    }
    const last = room.everyone.at(-1)!.id;
    await untilDoc(others[0]!.doc, () => others[0]!.doc.getMap('rows').size > 0 && board.doc.getMap('rows').size > 0);
    const phone = await openDevice(browser, 'Late', { viewport: phones.small });
    const cdp = await phone.context.newCDPSession(phone.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const started = Date.now();
    await joinRoom(phone, `${server.url}/#/r/${room.roomId}`);
    await phone.page
      .getByRole('tab', { name: 'Board' })
      .click()
      .catch(() => {});
    await phone.page
      .getByText(
        words(room.everyone.length - 1, 'Note')
          .trim()
          .slice(0, 40),
      )
      .first()
      .waitFor();
    figures.onScreen.push(Date.now() - started);
    const marks = await phone.page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
    );
    figures.keyed.push(marks['holdspace:board-keyed']! - marks['holdspace:board-open']!);
    figures.readable.push(marks['holdspace:board-live']! - marks['holdspace:board-keyed']!);
    figures.rows = room.everyone.length + 1;
    void last;
    await phone.context.close();
    board.destroy();
    for (const o of others) o.destroy();
    for (const m of room.everyone) m.close();
  }
  console.log(`late device, ${figures.rows} rows of three ~190-character fields, 4× throttled phone, ${runs} runs`);
  console.log(`board opened -> key opened:   median ${median(figures.keyed).toFixed(1)} ms`);
  console.log(`key opened -> board readable: median ${median(figures.readable).toFixed(1)} ms`);
  console.log(`link opened -> last row shown: median ${median(figures.onScreen)} ms`);
} finally {
  await browser.close();
  await server.close();
}
