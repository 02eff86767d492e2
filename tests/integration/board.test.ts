import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readEntries, replaceText, rowText, setStatus, textFields } from '../../shared/src/board/model.ts';
import { BOARD_TEXT_MAX } from '../../shared/src/board/rules.ts';
import { BOARD_NAME, BOARD_PATH, BOARD_PROTOCOL, boardProtocols } from '../../shared/src/protocol/boardEndpoint.ts';
import { barrier, type BoardClient, boardClient, rawBoardSocket, untilDoc, untilSynced } from '../helpers/board.ts';
import { TestMember } from '../helpers/member.ts';
import { converge, roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const members: TestMember[] = [];
const clients: BoardClient[] = [];
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const m of members.splice(0)) m.close();
  await server.close();
});

async function boardRoom(names: string[]) {
  const room = await roomWith(server, names);
  members.push(...room.everyone);
  const connect = async (m: TestMember) => {
    const c = boardClient(server.url, room.roomId, m.secret);
    clients.push(c);
    await untilSynced(c);
    return c;
  };
  return { ...room, connect, board: server.boards.get(room.roomId)! };
}

const commitmentOf = (doc: Y.Doc, memberId: string) => readEntries(doc).get(memberId)?.commitment;

describe('the commitment board over the y-websocket protocol', () => {
  it('[BD1] the board has one row per member, keyed by member id, added on join', async () => {
    const { facilitator, members: joined, connect } = await boardRoom(['Ana', 'Ben']);
    const client = await connect(facilitator);
    const rows = [...readEntries(client.doc)].map(([id, entry]) => [id, entry.lastStatus]).sort();
    expect(rows).toEqual([facilitator, ...joined].map((m) => [m.id, 'not-reported']).sort());
    const late = await TestMember.join(server.url, facilitator.roomId, 'Cy');
    members.push(late);
    await untilDoc(client.doc, () => readEntries(client.doc).size === 4, 'row for Cy');
  });

  it("[BD2] the scribe's edit reaches four readers live", async () => {
    const {
      facilitator,
      members: [scribe, ...readers],
      connect,
    } = await boardRoom(['Scribe', 'R1', 'R2', 'R3', 'R4']);
    await facilitator.do({ type: 'role:scribe', memberId: scribe!.id });
    const writer = await connect(scribe!);
    const readerClients = await Promise.all(readers.map(connect));
    replaceText(writer.doc, readers[0]!.id, 'commitment', 'Leave by 7:30 twice');
    setStatus(writer.doc, readers[0]!.id, 'half-kept');
    await Promise.all(
      readerClients.map((c) =>
        untilDoc(c.doc, () => readEntries(c.doc).get(readers[0]!.id)?.lastStatus === 'half-kept', 'edit'),
      ),
    );
    for (const c of readerClients) expect(commitmentOf(c.doc, readers[0]!.id)).toBe('Leave by 7:30 twice');
  });

  it('[BD2] a late joiner receives the whole board', async () => {
    const {
      facilitator,
      members: [ana],
      connect,
      board,
    } = await boardRoom(['Ana']);
    const writer = await connect(facilitator);
    replaceText(writer.doc, ana!.id, 'commitment', 'Two tech-free dinners');
    replaceText(writer.doc, ana!.id, 'note', 'pager issues');
    await untilDoc(
      board.doc,
      () => readEntries(board.doc).get(ana!.id)?.note === 'pager issues',
      'server has the edits',
    );
    const late = await TestMember.join(server.url, facilitator.roomId, 'Late');
    members.push(late);
    const lateClient = await connect(late);
    expect(readEntries(lateClient.doc).get(ana!.id)).toMatchObject({
      commitment: 'Two tech-free dinners',
      note: 'pager issues',
    });
  });

  it("[BD4] a member's write changes nothing on the server or on other clients", async () => {
    const {
      facilitator,
      members: [ana, ben],
      connect,
      board,
    } = await boardRoom(['Ana', 'Ben']);
    const readerA = await connect(ana!);
    const readerB = await connect(ben!);
    const writer = await connect(facilitator);
    replaceText(readerA.doc, ana!.id, 'commitment', 'forged by Ana');
    await barrier(readerA, readerB);
    replaceText(writer.doc, ben!.id, 'commitment', 'real');
    await untilDoc(readerB.doc, () => commitmentOf(readerB.doc, ben!.id) === 'real', 'real edit');
    expect(commitmentOf(board.doc, ana!.id)).toBe('');
    expect(commitmentOf(readerB.doc, ana!.id)).toBe('');
    expect(commitmentOf(writer.doc, ana!.id)).toBe('');
  });

  it('[BD4] a promoted member can write at once; a demoted scribe cannot', async () => {
    const {
      facilitator,
      members: [ana, ben],
      connect,
      board,
    } = await boardRoom(['Ana', 'Ben']);
    const anaClient = await connect(ana!);
    const observer = await connect(ben!);
    await facilitator.do({ type: 'role:scribe', memberId: ana!.id });
    replaceText(anaClient.doc, ana!.id, 'commitment', 'as scribe');
    await untilDoc(observer.doc, () => commitmentOf(observer.doc, ana!.id) === 'as scribe', 'scribe edit');

    await facilitator.do({ type: 'role:scribe', memberId: null });
    await converge(facilitator, [ana!]);
    replaceText(anaClient.doc, ana!.id, 'note', 'after demotion');
    await barrier(anaClient, observer);
    expect(readEntries(board.doc).get(ana!.id)?.note).toBe('');
    expect(readEntries(observer.doc).get(ana!.id)?.note).toBe('');
  });

  it('[BD4] an oversized update and a garbage message each close only their own connection', async () => {
    const {
      facilitator,
      members: [ana],
      connect,
    } = await boardRoom(['Ana']);
    await facilitator.do({ type: 'role:scribe', memberId: ana!.id });
    const big = await connect(ana!);
    const bystander = await connect(facilitator);
    rowText(big.doc, ana!.id, 'note')!.insert(0, 'x'.repeat(70 * 1024));
    expect(await big.closed).toBe(4413);

    const raw = rawBoardSocket(server.url, facilitator.roomId, facilitator.secret);
    const codes: number[] = [];
    await new Promise<void>((resolve) => {
      raw.on('open', () => raw.send(Buffer.from([0, 2, 200, 1, 2, 3])));
      raw.on('close', (code) => {
        codes.push(code);
        resolve();
      });
    });
    expect(codes).toEqual([4400]);

    const serverDoc = server.boards.get(facilitator.roomId)!.doc;
    replaceText(bystander.doc, ana!.id, 'commitment', 'still working');
    await untilDoc(serverDoc, () => commitmentOf(serverDoc, ana!.id) === 'still working', 'bystander edit');
    expect(bystander.provider.wsconnected).toBe(true);
    expect(readEntries(serverDoc).get(ana!.id)?.note).toBe('');
  });

  it('[BD4] the size cap counts the real document: a long session of typing and deleting is not "full"', async () => {
    const { facilitator, members: joined, connect, board } = await boardRoom(['Ana', 'Ben', 'Cy']);
    const writer = await connect(facilitator);
    const texts = [facilitator, ...joined].flatMap((m) => textFields.map((f) => rowText(writer.doc, m.id, f)!));
    // 90 pastes of 12 KB (a full field in each of the 12 fields), each deleted again: 1.08 MB sent
    // in all, a tiny document in the end.
    for (let i = 0; i < 90; i++) {
      writer.doc.transact(() => {
        for (const text of texts) text.insert(0, `${i}`.padEnd(BOARD_TEXT_MAX, '.'));
      });
      writer.doc.transact(() => {
        for (const text of texts) text.delete(0, text.length);
      });
    }
    texts[0]!.insert(0, 'kept');
    await untilDoc(
      board.doc,
      () => readEntries(board.doc).get(facilitator.id)?.commitment === 'kept',
      'last edit',
      15_000,
    );
    expect(writer.provider.wsconnected).toBe(true);
  });

  it('[BD3] awareness cannot speak for another member', async () => {
    const {
      members: [ana, ben],
      connect,
    } = await boardRoom(['Ana', 'Ben']);
    const anaClient = await connect(ana!);
    const observer = await connect(ben!);
    const seen: Record<string, unknown>[] = [];
    const honest = new Promise<void>((resolve) => {
      observer.provider.awareness.on('change', () => {
        seen.push(...observer.provider.awareness.getStates().values());
        if (seen.some((s) => s.probe === 'honest')) resolve();
      });
    });
    anaClient.provider.awareness.setLocalState({ memberId: ben!.id, editing: { memberId: ben!.id, field: 'note' } });
    // Ana claiming Ben's awareness client id is refused too.
    observer.provider.awareness.setLocalState({ memberId: ben!.id });
    anaClient.provider.awareness.setLocalState({ memberId: ana!.id, probe: 'honest' });
    await honest;
    expect(seen.filter((s) => s.editing)).toEqual([]);
  });

  it('[BD4] an empty message closes that connection', async () => {
    const { facilitator } = await boardRoom([]);
    const raw = rawBoardSocket(server.url, facilitator.roomId, facilitator.secret);
    const code = await new Promise<number>((resolve) => {
      raw.on('open', () => raw.send(Buffer.alloc(0)));
      raw.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4400);
  });

  it('[BD6] ending the room closes every board connection and keeps no document', async () => {
    const { facilitator, members: room, connect, board } = await boardRoom(['Ana', 'Ben']);
    const all = await Promise.all([facilitator, ...room].map(connect));
    await facilitator.send({ type: 'room:end' });
    expect(await Promise.all(all.map((c) => c.closed))).toEqual([4410, 4410, 4410]);
    expect(server.boards.size).toBe(0);
    expect(board.peerCount).toBe(0);
    expect(board.doc.isDestroyed).toBe(true);
  });

  it('[BD4] a connection flooding the board is closed (4429); an upgrade to any other path is dropped', async () => {
    const { facilitator } = await boardRoom([]);
    const raw = rawBoardSocket(server.url, facilitator.roomId, facilitator.secret);
    const code = await new Promise<number>((resolve) => {
      raw.on('open', () => {
        for (let i = 0; i < 400; i++) raw.send(Buffer.from([3]));
      });
      raw.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4429);
    const stray = new WebSocket(`${server.url.replace('http', 'ws')}/elsewhere`);
    await new Promise<void>((resolve) => stray.on('error', () => resolve()));
  });

  it('[PR3] neither the room id nor the secret is taken from the URL', async () => {
    const { facilitator } = await boardRoom([]);
    const base = `${server.url.replace('http', 'ws')}${BOARD_PATH}`;
    // The old shape, with the room in the path: not the board's URL, so the upgrade is dropped.
    const inPath = new WebSocket(
      `${base}/${facilitator.roomId}`,
      boardProtocols(facilitator.roomId, facilitator.secret),
    );
    await new Promise<void>((resolve) => inPath.on('error', () => resolve()));
    // Both in the query, none offered as subprotocols: no room is found.
    const query = `?room=${facilitator.roomId}&secret=${facilitator.secret}`;
    const viaQuery = new WebSocket(`${base}/${BOARD_NAME}${query}`, [BOARD_PROTOCOL]);
    expect(await new Promise<number>((resolve) => viaQuery.on('close', (c) => resolve(c)))).toBe(4404);
  });

  it('[BD4] a wrong secret and an unknown room are refused with clear close codes', async () => {
    const { facilitator } = await boardRoom([]);
    const wrong = boardClient(server.url, facilitator.roomId, 'x'.repeat(43));
    const none = boardClient(server.url, facilitator.roomId, undefined);
    const missing = boardClient(server.url, 'B'.repeat(24), facilitator.secret);
    clients.push(wrong, none, missing);
    expect(await Promise.all([wrong.closed, none.closed, missing.closed])).toEqual([4401, 4401, 4404]);
  });
});
