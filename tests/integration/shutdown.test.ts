import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import { openBoard } from '../helpers/board.ts';
import type { BoardDevice } from '../helpers/boardDevice.ts';
import { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer } from '../helpers/server.ts';

const members: TestMember[] = [];
const boards: BoardDevice[] = [];
afterEach(() => {
  for (const b of boards.splice(0)) b.destroy();
  for (const m of members.splice(0)) m.close();
});

describe('a server shutdown', () => {
  it('[RM2][BD6] ends every room: every device hears "shutdown" and every board closes with 4410', async () => {
    const server = await startServer();
    const rooms = await Promise.all([roomWith(server, ['Ana', 'Ben']), roomWith(server, ['Cy'])]);
    const everyone = rooms.flatMap((r) => r.everyone);
    members.push(...everyone);
    const knocking = await TestMember.connect(server.url, rooms[0]!.roomId);
    members.push(knocking);
    for (const m of everyone) boards.push(await openBoard(m));
    const closed = boards.map((b) => b.nextClose());

    await server.close();

    await Promise.all([...everyone, knocking].map((m) => m.until(() => m.ended !== null, 'room:ended')));
    expect([...everyone, knocking].map((m) => m.ended)).toEqual(Array(everyone.length + 1).fill('shutdown'));
    expect(await Promise.all(closed)).toEqual(Array(boards.length).fill(BoardClose.roomEnded));
    // Each device heard its board close before its room's connection went.
    for (const m of everyone) {
      const events = m.frames.map((f) => f.event);
      expect(events.indexOf('board:closed')).toBeGreaterThan(-1);
      expect(events.indexOf('board:closed')).toBeLessThan(events.indexOf('room:ended'));
    }
    expect(server.registry.size).toBe(0);
    expect(server.boards.size).toBe(0);
  });

  // The board has no endpoint of its own any more: it travels on the member's Socket.IO
  // connection, whose WebSocket upgrade is the only one the server takes.
  it('[RC5] a Socket.IO upgrade that arrives while the server closes is dropped, and the server finishes closing', async () => {
    const server = await startServer();
    const { facilitator } = await roomWith(server, []);
    members.push(facilitator);
    const { port } = new URL(server.url);
    // A connection made before the shutdown whose upgrade request comes after it began.
    const late = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => late.once('connect', resolve));
    const gone = new Promise((resolve) => late.once('close', resolve));
    let answer = '';
    late.on('data', (data: Buffer) => {
      answer += data.toString('latin1');
    });
    late.on('error', () => {});
    const closing = server.close();
    await new Promise((resolve) => setImmediate(resolve));
    late.write(
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    late.end();
    await gone;
    await closing;
    // Turned away (or cut off), never upgraded.
    expect(answer).not.toMatch(/^HTTP\/1\.1 101/);
  });

  it('[BD6] a board:open asked while the server closes opens no board, and the server finishes closing', async () => {
    const server = await startServer();
    const { facilitator } = await roomWith(server, ['Ana']);
    members.push(facilitator);
    const closing = server.close();
    const reply = await facilitator.socket
      .timeout(2_000)
      .emitWithAck('board:open', {})
      .catch(() => null);
    expect(reply?.ok ?? false).toBe(false);
    await closing;
    expect(server.boards.size).toBe(0);
  });
});
