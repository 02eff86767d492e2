import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_NAME, BOARD_PATH, boardProtocols } from '../../shared/src/protocol/boardEndpoint.ts';
import { boardClient, untilSynced, type BoardClient } from '../helpers/board.ts';
import { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer } from '../helpers/server.ts';

const members: TestMember[] = [];
const clients: BoardClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
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
    const boards = everyone.map((m) => boardClient(server.url, m.roomId, m.secret));
    clients.push(...boards);
    await Promise.all(boards.map((b) => untilSynced(b)));

    await server.close();

    await Promise.all([...everyone, knocking].map((m) => m.until(() => m.ended !== null, 'room:ended')));
    expect([...everyone, knocking].map((m) => m.ended)).toEqual(Array(everyone.length + 1).fill('shutdown'));
    expect(await Promise.all(boards.map((b) => b.closed))).toEqual(Array(boards.length).fill(4410));
    expect(server.registry.size).toBe(0);
    expect(server.boards.size).toBe(0);
  });

  it('[RC5] a board upgrade that arrives while the server closes is dropped, and the server finishes closing', async () => {
    const server = await startServer();
    const { facilitator } = await roomWith(server, []);
    members.push(facilitator);
    const { port } = new URL(server.url);
    // A connection made before the shutdown whose upgrade request comes after it began.
    const late = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => late.once('connect', resolve));
    const gone = new Promise((resolve) => late.once('close', resolve));
    late.on('error', () => {});
    const closing = server.close();
    await new Promise((resolve) => setImmediate(resolve));
    const protocols = boardProtocols(facilitator.roomId, facilitator.secret).join(', ');
    late.write(
      `GET ${BOARD_PATH}/${BOARD_NAME} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ${protocols}\r\n\r\n`,
    );
    late.end();
    await gone;
    await closing;
  });
});
