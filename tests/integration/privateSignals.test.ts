import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { PrivateView } from '../../shared/src/protocol/socket.ts';
import { rawBoardSocket } from '../helpers/board.ts';
import { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const open: { close(): void }[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

/** A board connection that keeps every byte the server sends it. */
function recordingBoard(member: TestMember): { frames: Buffer[] } {
  const ws: WebSocket = rawBoardSocket(server.url, member.roomId, member.secret!);
  const frames: Buffer[] = [];
  ws.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
  open.push({ close: () => ws.terminate() });
  return { frames };
}

/** The private views a device was sent. */
const privateViews = (m: TestMember) =>
  m.frames.filter((f) => f.event === 'room:private').map((f) => f.args[0] as PrivateView);

describe('private signals reach the facilitator and no one else', () => {
  it('[PS1] through a whole session of signals, handovers, reconnects and snapshots, only the facilitator’s frames (and the member’s own) hold a signal', async () => {
    server = await startServer();
    const { facilitator: fran, members, everyone } = await roomWith(server, ['Ana', 'Ben', 'Cy']);
    open.push(...everyone);
    const [ana, ben, cy] = members as [TestMember, TestMember, TestMember];
    const boards = new Map(everyone.map((m) => [m, recordingBoard(m)]));

    await fran.do({ type: 'session:start' });
    expect(await ana.send({ type: 'signal:set', signal: 'space', on: true })).toMatchObject({ ok: true });
    expect(await ben.send({ type: 'signal:set', signal: 'talkAfter', on: true })).toMatchObject({ ok: true });
    await fran.until(() => (fran.private?.signals.length ?? 0) === 2, 'both signals');

    // The role moves: Cy hears the signals, Fran no longer does.
    await fran.do({ type: 'role:facilitator', memberId: cy.id });
    await cy.until(() => (cy.private?.signals.length ?? 0) === 2, 'the new facilitator hears');
    await fran.until(() => fran.private?.signals.length === 0, 'the one before no longer does');

    // A device that reconnects, and a snapshot asked for, carry nothing of anyone else's.
    ana.close();
    const anaAgain = await TestMember.connect(server.url, ana.roomId, ana.secret);
    open.push(anaAgain);
    await anaAgain.until(() => anaAgain.private?.mine.space === true, 'her own signal back');
    expect(await ben.socket.emitWithAck('room:sync', {})).toMatchObject({ ok: true });

    await cy.do({ type: 'role:facilitator', memberId: fran.id });
    await fran.until(() => (fran.private?.signals.length ?? 0) === 2, 'back to Fran');
    await anaAgain.send({ type: 'signal:set', signal: 'space', on: false });
    await fran.until(() => fran.private?.signals.length === 1, 'Ana withdrew');

    // Each device: its frames as text, and what the signals of others would look like in them.
    const leaks = (m: TestMember, owner: TestMember) =>
      privateViews(m).some((v) => v.signals.some((s) => s.memberId === owner.id));
    // Positive control: the facilitators of the moment were sent them.
    expect(leaks(fran, ana) && leaks(cy, ben)).toBe(true);
    // Never to Ana or Ben about each other, never in an event, a snapshot or the board.
    expect(leaks(ana, ben) || leaks(anaAgain, ben) || leaks(ben, ana)).toBe(false);
    for (const m of [...everyone, anaAgain]) {
      const broadcast = m.frames.filter((f) => f.event !== 'room:private');
      expect(JSON.stringify(broadcast)).not.toMatch(/signal|talkAfter|"space"/);
      for (const view of privateViews(m)) {
        if (m !== ana && m !== anaAgain) expect(view.mine.space).toBe(false);
      }
    }
    for (const [, board] of boards) {
      expect(Buffer.concat(board.frames).toString('latin1')).not.toMatch(/talkAfter|"space"/);
    }
    expect(JSON.stringify(server.registry.get(fran.roomId)!.state)).not.toMatch(/talkAfter|"space"/);
  });
});
