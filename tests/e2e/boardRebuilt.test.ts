import { describe, expect, it } from 'vitest';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import { nestedMapsBomb } from '../helpers/boardAttacks.ts';
import { enterAsCreator, joinRoom, openDevice, phones } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';
import { rawBoard } from '../helpers/rawBoard.ts';

/** The update check switched off, so a nested-maps bomb reaches Yjs and the server rebuilds the board. */
const suite = browserSuite({ board: { validate: () => ({ ok: true, newStructs: 0 }) } });

describe('a board the server rebuilt', () => {
  it('[BD8] the writer’s open row writes again once the page has the rebuilt board', async () => {
    const response = await fetch(`${suite.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        templateId: 'short-30',
        purpose: 'Rebuilt',
        admission: 'open',
        agenda: [{ kind: 'commitments', title: 'Commitments', durationMs: 300_000 }],
      }),
    });
    const { roomId, secret } = (await response.json()) as { roomId: string; secret: string };
    const fran = await openDevice(suite.browser, 'Fran');
    await enterAsCreator(fran, suite.server.url, roomId, secret);
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    await joinRoom(ana, `${suite.server.url}/#/r/${roomId}`);
    await fran.page.getByRole('button', { name: 'Start session' }).click();
    const anaBoard = ana.page.getByRole('region', { name: 'Commitment board' });
    const field = fran.page.getByRole('textbox', { name: "This time's commitment for Ana" });
    await fran.page.getByRole('button', { name: 'Write Ana’s row' }).click();
    await field.fill('Walk at lunch');
    await anaBoard.getByText('Walk at lunch').waitFor();

    const attacker = await rawBoard(suite.server.url, roomId, secret);
    attacker.sendUpdate(nestedMapsBomb(2_500));
    expect(await attacker.closed).toBe(BoardClose.reset);

    // Both pages reconnect to the rebuilt board on their own; the row's field writes to it.
    await field.fill('Walk at lunch, twice a week');
    await anaBoard.getByText('Walk at lunch, twice a week').waitFor();
    await Promise.all([fran.context.close(), ana.context.close()]);
  });
});
