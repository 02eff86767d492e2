import type { Socket as NetSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultBoardLimits } from '../../server/src/board/limits.ts';
import { defaultSocketLimits } from '../../server/src/config.ts';
import type { LogEvent, Logger } from '../../server/src/log.ts';
import { startAttacker } from '../helpers/attacker.ts';
import { describeProbe, probeQuietRoom, withinBaseline } from '../helpers/probe.ts';
import { RelayDevice, testBoardKey } from '../helpers/relayDevice.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const open: { close(): void }[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

const ATTACKER = '127.0.0.3';

describe('the board relay under load: one member cannot make every room wait', () => {
  it('[RC5] four sockets of one member flooding awareness every 20 ms on fresh streams leave a quiet room within 2×', async () => {
    server = await startServer();
    const loud = await roomWith(server, ['Reader']);
    const quiet = await roomWith(server, ['Quiet', 'Calm']);
    open.push(...loud.everyone, ...quiet.everyone);
    const reader = loud.members[0]!;
    // Someone in the loud room hears the coalesced awareness, so the relay fans out as it would.
    const observer = await RelayDevice.open(loud.facilitator, await testBoardKey());
    const baseline = await probeQuietRoom(quiet.everyone);

    const attacker = await startAttacker('relayFlooder.ts', [
      server.url,
      reader.roomId,
      reader.secret!,
      Buffer.from(reader.keys.seed).toString('hex'),
      '0',
      ATTACKER,
      '4',
    ]);
    open.push(attacker);
    const under = await probeQuietRoom(quiet.everyone);
    expect(
      withinBaseline(baseline, under),
      `${describeProbe('under the awareness flood', under)}; ${describeProbe('before', baseline)}`,
    ).toBe(true);
    // The flood went through the relay (within the member's budget), and closed nothing.
    expect(observer.frames.filter((f) => f.from === reader.id).length).toBeGreaterThan(0);
    expect(attacker.said()).not.toContain('closed');
    expect(server.boards.get(reader.roomId)!.subscriberCount).toBeLessThanOrEqual(
      1 + defaultBoardLimits.subscriptionsPerMember,
    );
  }, 60_000);

  it('[RC5] a board subscriber that stops reading is let go once its backlog passes the bound', async () => {
    const lines: { event: LogEvent; fields: Record<string, unknown> }[] = [];
    const logger: Logger = { log: (event, fields = {}) => lines.push({ event, fields }) };
    const board = {
      ...defaultBoardLimits,
      updateBurst: 10_000,
      updateBytesBurst: 1024 * 1024 * 1024,
      socketFrameBurst: 10_000,
      tailMaxFrames: 100_000,
      tailMaxBytes: 1024 * 1024 * 1024,
    };
    server = await startServer({
      config: { board, socket: { ...defaultSocketLimits, slowConsumerPackets: 16 } },
      logger,
    });
    const { facilitator, members } = await roomWith(server, ['Stalled']);
    open.push(facilitator, ...members);
    const boardKey = await testBoardKey();
    const writer = await RelayDevice.open(facilitator, boardKey);
    await RelayDevice.open(members[0]!, boardKey);
    const engine = members[0]!.socket.io.engine as unknown as { transport: { ws: { _socket: NetSocket } } };
    engine.transport.ws._socket.pause();
    const relay = server.boards.get(facilitator.roomId)!;
    const plaintext = new Uint8Array(60 * 1024);
    const deadline = Date.now() + 30_000;
    while (relay.subscriberCount > 1 && Date.now() < deadline) {
      for (let i = 0; i < 10; i++) await writer.sendFrame('update', { plaintext });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(relay.subscriberCount).toBe(1);
    expect(writer.closed).toBeNull();
    server.fastify.refusals.flush();
    expect(lines.find((l) => l.event === 'refusals')?.fields).toMatchObject({ slow_consumer: 1 });
  }, 40_000);
});
