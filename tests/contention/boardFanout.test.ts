import { spawn } from 'node:child_process';
import type { Socket as NetSocket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { defaultBoardLimits } from '../../server/src/board/boardRoom.ts';
import type { LogEvent, Logger } from '../../server/src/log.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import { type AwarenessEntry, awarenessMessage, readAwarenessMessage } from '../helpers/awarenessWire.ts';
import { rawBoardSocket } from '../helpers/board.ts';
import type { TestMember } from '../helpers/member.ts';
import { describeProbe, probeQuietRoom, withinBaseline } from '../helpers/probe.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const open: { close(): void }[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

const MESSAGE_QUERY_AWARENESS = 3;
const ATTACKER = '127.0.0.3';

/** A raw board connection that records every awareness message it is sent. */
class RecordingBoard {
  /** Each awareness message received, as its entries. */
  readonly frames: AwarenessEntry[][] = [];
  readonly closed: Promise<number>;
  #waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data: Buffer) => {
      const entries = readAwarenessMessage(new Uint8Array(data));
      if (entries) this.frames.push(entries);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static async open(member: TestMember): Promise<RecordingBoard> {
    const ws = rawBoardSocket(server.url, member.roomId, member.secret!);
    const board = new RecordingBoard(ws);
    open.push({ close: () => ws.terminate() });
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('close', (code) => reject(new Error(`closed with ${code}`)));
    });
    return board;
  }

  announce(clientId: number, clock: number, state: unknown): void {
    this.ws.send(awarenessMessage([{ clientId, clock, state }]));
  }

  /** Everyone's awareness as the server holds it now, after everything sent before this. */
  async query(): Promise<AwarenessEntry[]> {
    const before = this.frames.length;
    this.ws.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
    await this.until(() => this.frames.length > before, 'the awareness answer');
    return this.frames.at(-1) ?? [];
  }

  /** Every entry for `clientId` received so far, in order. */
  entriesOf(clientId: number): AwarenessEntry[] {
    return this.frames.flat().filter((e) => e.clientId === clientId);
  }

  until(test: () => boolean, what: string, ms = 5_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      const check = () => {
        if (!test()) return void this.#waiters.push(check);
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(check);
    });
  }
}

describe('board connections and awareness: one member cannot make every room wait', () => {
  it('[RC5] a member holds at most four board connections: a fifth lets the oldest go (4408)', async () => {
    server = await startServer();
    const { facilitator } = await roomWith(server, []);
    open.push(facilitator);
    const boards: RecordingBoard[] = [];
    for (let i = 0; i < 5; i++) boards.push(await RecordingBoard.open(facilitator));
    expect(await boards[0]!.closed).toBe(BoardClose.superseded);
    expect(server.boards.get(facilitator.roomId)!.peerCount).toBe(4);
  });

  it('[BD3][RC5] awareness goes out coalesced, the latest state per device, never back to its sender', async () => {
    server = await startServer();
    const { members, everyone } = await roomWith(server, ['Ana', 'Ben']);
    open.push(...everyone);
    const [ana, ben] = members as [TestMember, TestMember];
    const sender = await RecordingBoard.open(ana);
    const observer = await RecordingBoard.open(ben);
    for (let clock = 1; clock <= 15; clock++) sender.announce(4242, clock, { memberId: ana.id, editing: null, clock });
    await observer.until(() => observer.entriesOf(4242).some((e) => e.clock === 15), 'the latest state');
    // Fifteen announcements within one interval reach the others as one or two frames, not fifteen.
    expect(observer.frames.filter((f) => f.some((e) => e.clientId === 4242)).length).toBeLessThanOrEqual(3);
    await sender.query();
    expect(
      sender.frames
        .slice(0, -1)
        .flat()
        .filter((e) => e.clientId === 4242),
    ).toEqual([]);
  });

  it('[BD3][RC5] a member’s awareness beyond their budget is dropped unread, not relayed', async () => {
    server = await startServer();
    const { members, everyone } = await roomWith(server, ['Ana', 'Ben']);
    open.push(...everyone);
    const [ana, ben] = members as [TestMember, TestMember];
    const sender = await RecordingBoard.open(ana);
    const observer = await RecordingBoard.open(ben);
    for (let clock = 1; clock <= 100; clock++) sender.announce(4343, clock, { memberId: ana.id, editing: null });
    await sender.query();
    const held = (await observer.query()).find((e) => e.clientId === 4343);
    // The burst of 20, and what the rate refilled while the hundred arrived.
    expect(held?.clock).toBeGreaterThanOrEqual(defaultBoardLimits.awarenessMemberBurst);
    expect(held?.clock).toBeLessThan(40);
  });

  it('[BD3] an awareness client id stays its member’s while their device reconnects', async () => {
    server = await startServer();
    const { members, everyone } = await roomWith(server, ['Ana', 'Ben', 'Cy']);
    open.push(...everyone);
    const [ana, ben, cy] = members as [TestMember, TestMember, TestMember];
    const anaDevice = await RecordingBoard.open(ana);
    anaDevice.announce(777, 1, { memberId: ana.id, editing: null });
    await anaDevice.query();
    anaDevice.ws.close();
    await anaDevice.closed;

    const impostor = await RecordingBoard.open(ben);
    impostor.announce(777, 5, { memberId: ben.id, editing: { memberId: ana.id, field: 'commitment' } });
    await impostor.query();
    const observer = await RecordingBoard.open(cy);
    expect((await observer.query()).filter((e) => e.clientId === 777)).toEqual([]);

    const anaBack = await RecordingBoard.open(ana);
    anaBack.announce(777, 2, { memberId: ana.id, editing: null });
    await anaBack.query();
    expect((await observer.query()).find((e) => e.clientId === 777)?.state).toEqual({
      memberId: ana.id,
      editing: null,
    });
  });

  it('[RC5] a board connection that stops reading is let go once its backlog passes the bound', async () => {
    const lines: { event: LogEvent; fields: Record<string, unknown> }[] = [];
    const logger: Logger = { log: (event, fields = {}) => lines.push({ event, fields }) };
    const board = { ...defaultBoardLimits, slowConsumerBytes: 16 * 1024 };
    server = await startServer({ config: { board }, logger });
    const { facilitator } = await roomWith(server, []);
    open.push(facilitator);
    const stalled = await RecordingBoard.open(facilitator);
    (stalled.ws as unknown as { _socket: NetSocket })._socket.pause();
    const room = server.boards.get(facilitator.roomId)!;
    // Eight devices' worth of large states, then the question "who is here?" again and again: each
    // answer carries all of them, and this device never reads one.
    const padding = 'x'.repeat(3_500);
    for (let id = 1; id <= 8; id++) stalled.announce(id, 1, { memberId: facilitator.id, editing: null, padding });
    const whoIsHere = Uint8Array.of(MESSAGE_QUERY_AWARENESS);
    const deadline = Date.now() + 30_000;
    while (room.peerCount > 0 && Date.now() < deadline) {
      for (let i = 0; i < 10 && stalled.ws.readyState === stalled.ws.OPEN; i++) stalled.ws.send(whoIsHere);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(room.peerCount).toBe(0);
    server.fastify.refusals.flush();
    expect(lines.find((l) => l.event === 'refusals')?.fields).toMatchObject({ slow_consumer: 1 });
  }, 40_000);

  it('[RC5] 99 board connections of one member announcing every 20 ms leave a quiet room within 2×, refused with 4408', async () => {
    server = await startServer();
    const loud = await roomWith(server, ['Reader']);
    const quiet = await roomWith(server, ['Quiet', 'Calm']);
    open.push(...loud.everyone, ...quiet.everyone);
    const reader = loud.members[0]!;
    const baseline = await probeQuietRoom(quiet.everyone);

    const attacker = spawn(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(new URL('../helpers/boardFlooder.ts', import.meta.url)),
      server.url,
      reader.roomId,
      reader.secret!,
      reader.id,
      ATTACKER,
      '99',
    ]);
    open.push({ close: () => attacker.kill('SIGKILL') });
    let said = '';
    await new Promise<void>((resolve, reject) => {
      attacker.stdout.on('data', (data: Buffer) => {
        said += data.toString();
        if (said.includes('ready')) resolve();
      });
      attacker.once('exit', (code) => reject(new Error(`the attacker exited (${code})`)));
    });
    const under = await probeQuietRoom(quiet.everyone);
    expect(said).toContain(`closed ${BoardClose.superseded}`);
    expect(
      withinBaseline(baseline, under),
      `${describeProbe('under the board flood', under)}; ${describeProbe('before', baseline)}`,
    ).toBe(true);
    expect(server.boards.get(reader.roomId)!.peerCount).toBeLessThanOrEqual(defaultBoardLimits.connectionsPerMember);
  }, 60_000);
});
