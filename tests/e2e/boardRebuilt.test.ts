import { describe, expect, it, vi } from 'vitest';
import { enterAsCreator, joinRoom, openDevice, phones } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browserSuite.ts';
import { TestMember } from '../helpers/member.ts';

const suite = browserSuite();

describe('a board under a new key', () => {
  it('[BD8][BD9] after a removal the board carries over under a new key; the writer’s open row writes again', async () => {
    const response = await fetch(`${suite.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        templateId: 'short-30',
        purpose: 'Rekeyed',
        admission: 'open',
        agenda: [{ kind: 'commitments', title: 'Commitments', durationMs: 300_000 }],
      }),
    });
    const { roomId, secret } = (await response.json()) as { roomId: string; secret: string };
    const fran = await openDevice(suite.browser, 'Fran');
    await enterAsCreator(fran, suite.server.url, roomId, secret);
    const ana = await openDevice(suite.browser, 'Ana', { viewport: phones.small });
    await joinRoom(ana, `${suite.server.url}/#/r/${roomId}`);
    const sam = await TestMember.join(suite.server.url, roomId, 'Sam');
    await fran.page.getByRole('button', { name: 'Start session' }).click();
    const anaBoard = ana.page.getByRole('region', { name: 'Commitment board' });
    const field = fran.page.getByRole('textbox', { name: "This time's commitment for Ana" });
    await fran.page.getByRole('button', { name: 'Write Ana’s row' }).click();
    await field.fill('Walk at lunch');
    await anaBoard.getByText('Walk at lunch').waitFor();

    // The facilitator removes Sam: Fran's page makes a new key for Fran and Ana and carries the
    // board over; both pages open the board again under it.
    const relay = suite.server.boards.get(roomId)!;
    const epoch = relay.epoch;
    await fran.page.getByRole('button', { name: 'Remove Sam from the room' }).click();
    await fran.page.getByRole('button', { name: 'Yes, remove Sam' }).click();
    await sam.until(() => sam.removed, 'Sam removed');
    await vi.waitFor(() => expect(relay.epoch).toBeGreaterThan(epoch), { timeout: 15_000 });
    await anaBoard.getByText('Walk at lunch').waitFor();
    await field.fill('Walk at lunch, twice a week');
    await anaBoard.getByText('Walk at lunch, twice a week').waitFor();
    sam.close();
    await Promise.all([fran.context.close(), ana.context.close()]);
  });
});
