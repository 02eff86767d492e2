import { request as httpRequest } from 'node:http';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../server/src/config.ts';
import type { LogEvent, Logger } from '../../server/src/log.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { TestMember } from '../helpers/member.ts';
import { startAttacker } from '../helpers/attacker.ts';
import { describeProbe, probeQuietRoom, withinBaseline } from '../helpers/probe.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const open: { close(): void }[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

async function serve(config: Partial<ServerConfig> = {}, clock?: ManualClock, logger?: Logger) {
  server = await startServer({ config, ...(clock ? { clock } : {}), ...(logger ? { logger } : {}) });
  return server;
}

/** Resolves with how a raw Socket.IO connection ended up: connected, or refused with what message. */
function tryConnect(auth: object, extraHeaders: Record<string, string> = {}): Promise<string> {
  const socket = io(server.url, { auth, extraHeaders, transports: ['websocket'], reconnection: false, forceNew: true });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (e) => resolve(`refused: ${e.message}`));
    socket.once('disconnect', (reason) => resolve(`disconnected: ${reason}`));
  });
}

/**
 * The board travels on a member's own Socket.IO connection: a new connection that opens the board
 * on it, resolving 'open' once board:open is answered, or how it was refused.
 */
function boardOutcome(auth: object, extraHeaders: Record<string, string> = {}): Promise<string> {
  const socket = io(server.url, { auth, extraHeaders, transports: ['websocket'], reconnection: false, forceNew: true });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', async () => {
      const reply = (await socket.timeout(5_000).emitWithAck('board:open', {})) as { ok: boolean; code?: string };
      resolve(reply.ok ? 'open' : `refused: ${reply.code}`);
    });
    socket.once('connect_error', () => resolve('refused'));
  });
}

/**
 * A WebSocket upgrade to Socket.IO (the board's only transport) that the WebSocket library refuses
 * itself, for want of a key; resolves with its status.
 */
function keylessUpgrade(): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}/socket.io/?EIO=4&transport=websocket`, {
      agent: false,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13' },
    });
    request.once('response', (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode));
    });
    request.once('upgrade', () => reject(new Error('the upgrade was accepted')));
    request.once('error', reject);
    request.end();
  });
}

describe('budgets: what one connection, person or address may take', () => {
  it('[RC5] a connection that neither joins nor shows a member’s secret is closed at the deadline', async () => {
    const clock = new ManualClock();
    await serve({}, clock);
    const { roomId } = await server.createRoom();
    const idle = await TestMember.connect(server.url, roomId);
    open.push(idle);
    const gone = new Promise<string>((resolve) => idle.socket.once('disconnect', resolve));
    clock.advance(9_999);
    expect(idle.socket.connected).toBe(true);
    clock.advance(1);
    expect(await gone).toBe('io server disconnect');
  });

  it('[RC5] one member’s many connections share one command budget', async () => {
    const clock = new ManualClock();
    await serve({ memberCommandBurst: 40 }, clock);
    const { facilitator } = await roomWith(server, []);
    open.push(facilitator);
    facilitator.close();
    const devices = await Promise.all(
      Array.from({ length: 4 }, () => TestMember.connect(server.url, facilitator.roomId, facilitator.secret)),
    );
    open.push(...devices);
    // The clock stands still: nothing refills while 200 commands arrive from four connections.
    const replies = await Promise.all(
      devices.flatMap((d) => Array.from({ length: 50 }, (_, i) => d.send({ type: 'queue:autoCall', on: i % 2 === 0 }))),
    );
    const limited = replies.filter((r) => !r.ok && r.code === 'RATE_LIMITED').length;
    expect(replies.length - limited).toBe(40);
  });

  it('[RC5] a member holds at most four connections: a fifth lets the oldest go', async () => {
    await serve();
    const { facilitator } = await roomWith(server, []);
    open.push(facilitator);
    const oldestGone = new Promise((resolve) => facilitator.socket.once('disconnect', resolve));
    const more: TestMember[] = [];
    for (let i = 0; i < 4; i++) {
      more.push(await TestMember.connect(server.url, facilitator.roomId, facilitator.secret));
      open.push(more.at(-1)!);
    }
    await oldestGone;
    expect(more.map((m) => m.socket.connected)).toEqual([true, true, true, true]);
  });

  it('[RC5] an address holds at most its share of connections; a board rides on one and takes none of its own', async () => {
    await serve({ connectionsPerAddress: 4 });
    const { facilitator } = await roomWith(server, []);
    open.push(facilitator);
    const auth = { roomId: facilitator.roomId, secret: facilitator.secret };
    const boards = await Promise.all([boardOutcome(auth), boardOutcome(auth)]);
    expect([...boards, await tryConnect(auth)]).toEqual(['open', 'open', 'connected']);
    // The facilitator's own socket is the fourth: a fifth connection is turned away, board or not.
    expect(await tryConnect(auth)).not.toBe('connected');
    expect(await boardOutcome(auth)).toBe('refused');
  });

  it('[RC5] an upgrade the WebSocket library rejects gives its address slot back', async () => {
    await serve({ connectionsPerAddress: 3 });
    const { facilitator } = await roomWith(server, []);
    open.push(facilitator);
    // Five hand-made upgrades to Socket.IO with no Sec-WebSocket-Key: each is refused with 400.
    for (let i = 0; i < 5; i++) expect(await keylessUpgrade()).toBe(400);
    const auth = { roomId: facilitator.roomId, secret: facilitator.secret };
    expect(await tryConnect(auth)).toBe('connected');
    expect(await boardOutcome(auth)).toBe('open');
  });

  it('[RC5] only pages of the server’s own origin (or those configured) open sockets', async () => {
    await serve();
    const { facilitator } = await roomWith(server, []);
    open.push(facilitator);
    const auth = { roomId: facilitator.roomId };
    const own = new URL(server.url).origin;
    expect(await tryConnect(auth, { origin: 'https://evil.example' })).toMatch(/^refused/);
    expect(await tryConnect(auth, { origin: own })).toBe('connected');
    // The board travels on the same connection: a page of another origin never reaches it.
    const board = (origin: string) =>
      boardOutcome({ roomId: facilitator.roomId, secret: facilitator.secret }, { origin });
    expect(await board('https://evil.example')).toBe('refused');
    expect(await board(own)).toBe('open');
    await server.close();

    await serve({ allowedOrigins: ['https://groups.example.org'] });
    const again = await roomWith(server, []);
    open.push(again.facilitator);
    expect(await tryConnect({ roomId: again.roomId }, { origin: 'https://groups.example.org' })).toBe('connected');
    expect(await tryConnect({ roomId: again.roomId }, { origin: new URL(server.url).origin })).toMatch(/^refused/);
  });

  it('[RM1] an address holds at most its share of live rooms', async () => {
    await serve({ roomsAlivePerAddress: 2 });
    const first = await server.createRoom();
    await server.createRoom();
    await expect(server.createRoom()).rejects.toThrow(/429/);
    const creator = await TestMember.join(server.url, first.roomId, 'Fran', first.secret);
    open.push(creator);
    await creator.send({ type: 'room:end' });
    await creator.until(() => creator.ended !== null, 'ended');
    await server.createRoom();
  });

  it('[PR1] refusals are counted and logged as one summary line a minute, never one line each', async () => {
    const clock = new ManualClock();
    const lines: { event: LogEvent; fields: object }[] = [];
    await serve({}, clock, { log: (event, fields = {}) => lines.push({ event, fields }) });
    const { facilitator } = await roomWith(server, []);
    open.push(facilitator);
    const before = lines.length;
    for (let i = 0; i < 30; i++) await facilitator.send({ type: 'phase:prev' });
    await facilitator.socket.emitWithAck('room:command', {
      requestId: 'short',
      command: { type: 'nonsense' },
    } as never);
    expect(lines.slice(before)).toEqual([]);
    clock.advance(60_000);
    expect(lines.slice(before)).toEqual([{ event: 'refusals', fields: { WRONG_PHASE: 30, BAD_INPUT: 1 } }]);
  });
});

describe('one room’s flood does not slow another room', () => {
  it('[RC5] 100 connections that stop reading and a member flooding commands leave a quiet room’s p99 within 2×', async () => {
    // Every connection here comes from 127.0.0.1: the address budget is not what this test is about.
    await serve({ connectionsPerAddress: 1_000, connectionBurstPerAddress: 1_000 });
    const quiet = await roomWith(server, ['Quiet', 'Calm']);
    const loud = await roomWith(server, []);
    open.push(...quiet.everyone, loud.facilitator);
    const baseline = await probeQuietRoom(quiet.everyone);

    // The attacker runs in a process of its own, as it would on its own machine.
    const attacker = await startAttacker('flooder.ts', [server.url, loud.roomId, loud.facilitator.secret ?? '', '100']);
    open.push(attacker);
    const underFlood = await probeQuietRoom(quiet.everyone);
    expect(
      withinBaseline(baseline, underFlood),
      `${describeProbe('under the flood', underFlood)}; ${describeProbe('before', baseline)}`,
    ).toBe(true);
  }, 60_000);
});
