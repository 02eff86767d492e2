import { afterEach, describe, expect, it } from 'vitest';
import { readEntries, replaceText } from '../../shared/src/board/model.ts';
import type { PrivateView } from '../../shared/src/protocol/socket.ts';
import { openBoard, untilDoc } from '../helpers/board.ts';
import type { BoardDevice } from '../helpers/boardDevice.ts';
import { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const open: { close(): void }[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  boardReplies.clear();
  await server.close();
});

/** The answers to each device's board requests (board:open's carries the snapshot, tail, awareness and key). */
const boardReplies = new Map<TestMember, unknown[]>();

/** A member's board as the page runs it, its board requests' answers recorded; closed after the test. */
async function board(member: TestMember, keysOf: TestMember = member): Promise<BoardDevice> {
  const replies: unknown[] = [];
  boardReplies.set(member, replies);
  type Timeout = { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  const socket = member.socket as unknown as { timeout(ms: number): Timeout };
  const timeout = socket.timeout.bind(socket);
  socket.timeout = (ms) => {
    const withTimeout = timeout(ms);
    const emitWithAck = withTimeout.emitWithAck.bind(withTimeout);
    withTimeout.emitWithAck = async (event, ...args) => {
      const reply = await emitWithAck(event, ...args);
      if (event.startsWith('board:')) replies.push(reply);
      return reply;
    };
    return withTimeout;
  };
  const device = await openBoard(member, keysOf);
  open.push({ close: () => device.destroy() });
  return device;
}

/**
 * Everything the server sent a device about the board (its `board:*` events on the member's
 * connection, recorded as they arrived, and the answers to its board requests), as text: every
 * field, with every binary part's bytes.
 */
function boardTraffic(m: TestMember): { count: number; text: string } {
  const events = [
    ...m.frames.filter((f) => f.event.startsWith('board:')),
    ...(boardReplies.get(m) ?? []).map((reply) => ({ event: 'reply', args: [reply] })),
  ];
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('latin1'));
    else if (value instanceof ArrayBuffer) parts.push(Buffer.from(value).toString('latin1'));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
    else parts.push(String(value));
  };
  for (const event of events) walk(event.args);
  return { count: events.length, text: parts.join('\n') };
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
    const boards = new Map<TestMember, BoardDevice>();
    for (const m of everyone) boards.set(m, await board(m));

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
    boards.set(anaAgain, await board(anaAgain, ana));
    expect(await ben.socket.emitWithAck('room:sync', {})).toMatchObject({ ok: true });

    await cy.do({ type: 'role:facilitator', memberId: fran.id });
    await fran.until(() => (fran.private?.signals.length ?? 0) === 2, 'back to Fran');
    await anaAgain.send({ type: 'signal:set', signal: 'space', on: false });
    await fran.until(() => fran.private?.signals.length === 1, 'Ana withdrew');
    // The board goes on meanwhile: the facilitator writes, every device hears it.
    replaceText(boards.get(fran)!.doc, ben.id, 'commitment', 'Walk after lunch');
    const live = [...boards].filter(([m]) => m !== ana); // Ana's first device went with its connection
    for (const [, device] of live) {
      await untilDoc(device.doc, () => readEntries(device.doc).get(ben.id)?.commitment === 'Walk after lunch');
    }

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
    for (const [m, device] of boards) {
      // What the server sent the device for its board, recorded on its connection: something
      // (the positive control), and nothing of a signal.
      const traffic = boardTraffic(m);
      expect(traffic.count).toBeGreaterThan(0);
      expect(traffic.text).not.toMatch(/talkAfter|"space"/);
      // And the board as the device decrypted it, and what others' devices say through it.
      if (m !== ana) expect(JSON.stringify(device.doc.toJSON())).toMatch(/Walk after lunch/);
      expect(JSON.stringify(device.doc.toJSON())).not.toMatch(/talkAfter|"space"|signal/);
      expect(JSON.stringify([...device.provider.awareness.getStates().values()])).not.toMatch(
        /talkAfter|"space"|signal/,
      );
    }
    expect(JSON.stringify(server.registry.get(fran.roomId)!.state)).not.toMatch(/talkAfter|"space"/);
  });
});
