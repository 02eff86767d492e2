import { afterEach, describe, expect, it, vi } from 'vitest';
import { readEntries, replaceText } from '../../shared/src/board/model.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import { openBoard, untilDoc } from '../helpers/board.ts';
import type { BoardDevice } from '../helpers/boardDevice.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { TestMember } from '../helpers/member.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const open: TestMember[] = [];
const boards: BoardDevice[] = [];

afterEach(async () => {
  for (const b of boards.splice(0)) b.destroy();
  for (const m of open.splice(0)) m.close();
  await server.close();
});

/** `member`'s board as the page runs it, synced; `keysOf` is the device whose key seed it shares. */
async function board(member: TestMember, keysOf: TestMember = member): Promise<BoardDevice> {
  const device = await openBoard(member, keysOf);
  boards.push(device);
  return device;
}

/** A room where newcomers knock, with its creator in as facilitator. */
async function knockRoom(clock?: ManualClock) {
  server = await startServer(clock ? { clock } : {});
  const { roomId, secret } = await server.createRoom({ admission: 'knock' });
  const facilitator = await TestMember.join(server.url, roomId, 'Fran', secret);
  open.push(facilitator);
  return { roomId, facilitator };
}

async function knock(roomId: string, name: string): Promise<TestMember> {
  const newcomer = await TestMember.knock(server.url, roomId, name);
  open.push(newcomer);
  return newcomer;
}

async function knockId(facilitator: TestMember, name: string): Promise<string> {
  await facilitator.until(() => facilitator.knocks.some((k) => k.name === name), `${name} knocking`);
  return facilitator.knocks.find((k) => k.name === name)!.id;
}

describe('admission: the facilitator lets people in', () => {
  it('[RM6] a newcomer knocks, learns nothing of who is inside, and becomes a member when admitted', async () => {
    const { roomId, facilitator } = await knockRoom();
    const lina = await knock(roomId, 'Lina');
    expect(lina.state).toBeNull();
    expect(lina.events).toEqual([]);
    expect(lina.preview).toMatchObject({ admission: 'knock', memberCount: 1 });
    expect(await lina.send({ type: 'hand:raise' })).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });

    await facilitator.do({ type: 'knock:admit', knockId: await knockId(facilitator, 'Lina') });
    await lina.until(() => lina.state !== null, 'admitted');
    expect(lina.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(lina.state!.members.map((m) => m.name)).toEqual(['Fran', 'Lina']);
    await facilitator.until(() => facilitator.knocks.length === 0, 'the list empty');

    // The secret the knock earned opens the room again, and the board.
    lina.close();
    const back = await TestMember.connect(server.url, roomId, lina.secret);
    open.push(back);
    await back.until(() => back.state !== null, 'back in');
    expect(back.you).toBe(lina.you);
    // In a knock room the facilitator's device seals the board key to her; hers opens it.
    await board(facilitator);
    const linaBoard = await board(back, lina);
    expect(readEntries(linaBoard.doc).has(lina.id!)).toBe(true);
  });

  it('[RM6][RM4] a declined knock is told so; a name already inside is numbered, never refused', async () => {
    const { roomId, facilitator } = await knockRoom();
    const other = await knock(roomId, ' fran ');
    // Knocking as "Fran" tells the knocker nothing: the knock is taken like any other.
    const id = await knockId(facilitator, 'fran (2)');
    await facilitator.do({ type: 'knock:decline', knockId: id });
    await other.until(() => other.declined === 'declined', 'declined');
    expect(other.state).toBeNull();
    await facilitator.until(() => facilitator.knocks.length === 0, 'the knock gone');
  });

  it('[RM6] a knocker who leaves takes the knock along; a knock no one answers lapses', async () => {
    const clock = new ManualClock();
    const { roomId, facilitator } = await knockRoom(clock);
    const leaving = await knock(roomId, 'Leaving');
    await knockId(facilitator, 'Leaving');
    leaving.close();
    await facilitator.until(() => facilitator.knocks.length === 0, 'knock withdrawn');

    const waiting = await knock(roomId, 'Waiting');
    await knockId(facilitator, 'Waiting');
    clock.advance(15 * 60_000);
    await waiting.until(() => waiting.declined === 'lapsed', 'lapsed');
    await facilitator.until(() => facilitator.knocks.length === 0, 'knock gone');
  });

  it('[RM6] a locked room takes no knocks and no joins; members still come back', async () => {
    const { roomId, facilitator } = await knockRoom();
    await facilitator.do({ type: 'room:lock', locked: true });
    const stranger = await TestMember.connect(server.url, roomId);
    open.push(stranger);
    expect(stranger.preview).toMatchObject({ locked: true });
    expect(await stranger.socket.emitWithAck('room:join', stranger.joinRequest('Sam'))).toMatchObject({
      ok: false,
      code: 'ROOM_LOCKED',
    });
    facilitator.close();
    const back = await TestMember.connect(server.url, roomId, facilitator.secret);
    open.push(back);
    await back.until(() => back.state !== null, 'the facilitator is back');
    await back.do({ type: 'room:lock', locked: false });
    await knock(roomId, 'Sam');
  });

  it('[RM6] only the facilitator admits, declines and locks', async () => {
    const { roomId, facilitator } = await knockRoom();
    const ana = await knock(roomId, 'Ana');
    await facilitator.do({ type: 'knock:admit', knockId: await knockId(facilitator, 'Ana') });
    await ana.until(() => ana.state !== null, 'admitted');
    await knock(roomId, 'Ben');
    const ben = await knockId(facilitator, 'Ben');
    expect(await ana.send({ type: 'knock:admit', knockId: ben })).toMatchObject({ code: 'NOT_FACILITATOR' });
    expect(await ana.send({ type: 'knock:decline', knockId: ben })).toMatchObject({ code: 'NOT_FACILITATOR' });
    expect(await ana.send({ type: 'room:lock', locked: true })).toMatchObject({ code: 'NOT_FACILITATOR' });
  });

  it('[RM7] a removed member is told, disconnected, their board closes and their secret stops working', async () => {
    const { roomId, facilitator } = await knockRoom();
    const ana = await knock(roomId, 'Ana');
    await facilitator.do({ type: 'knock:admit', knockId: await knockId(facilitator, 'Ana') });
    await ana.until(() => ana.state !== null, 'admitted');
    await facilitator.do({ type: 'role:scribe', memberId: ana.id });
    const facilitatorBoard = await board(facilitator);
    const anaBoard = await board(ana);
    replaceText(anaBoard.doc, ana.id, 'commitment', 'Call my sister');
    await untilDoc(
      facilitatorBoard.doc,
      () => readEntries(facilitatorBoard.doc).get(ana.id)?.commitment === 'Call my sister',
    );
    const anaClosed = anaBoard.nextClose();

    await facilitator.do({ type: 'member:remove', memberId: ana.id });
    await ana.until(() => ana.removed, 'told');
    expect(await anaClosed).toBe(BoardClose.removed);
    expect(facilitator.state!.members.map((m) => m.name)).toEqual(['Fran']);
    expect(facilitator.state!.scribeId).toBeNull();
    // The server holds no board to take her row from: the facilitator's device starts a new key
    // she is not sealed, and the board it carries over has no row of hers.
    const relay = server.boards.get(roomId)!;
    await vi.waitFor(() => expect(relay.epoch).toBe(2), { timeout: 10_000 });
    await vi.waitFor(() => expect(facilitatorBoard.restarts).toBeGreaterThan(0), { timeout: 10_000 });
    await facilitatorBoard.synced(10_000);
    expect(readEntries(facilitatorBoard.doc).has(ana.id)).toBe(false);
    expect(relay.subscriberCount).toBe(1);

    // A device of theirs that comes back hears that it was removed, and nothing else: its
    // connection closes before it could ask for the board.
    const again = await TestMember.connect(server.url, roomId, ana.secret);
    open.push(again);
    expect(again.removed).toBe(true);
    expect([again.state, again.preview]).toEqual([null, null]);
    await vi.waitFor(() => expect(again.socket.connected).toBe(false), { timeout: 5_000 });
    expect(again.frames.map((f) => f.event)).toEqual(['room:removed']);
    expect(relay.subscriberCount).toBe(1);
  });
});

describe('the creator’s place', () => {
  it('[RM1][RM3] strangers cannot fill the room before the creator comes, nor take the role after any wait', async () => {
    const clock = new ManualClock();
    server = await startServer({ clock, config: { capacity: 3 } });
    const { roomId, secret } = await server.createRoom({ admission: 'open' });
    const first = await TestMember.join(server.url, roomId, 'First');
    const second = await TestMember.join(server.url, roomId, 'Second');
    open.push(first, second);
    const third = await TestMember.connect(server.url, roomId);
    open.push(third);
    expect(await third.socket.emitWithAck('room:join', third.joinRequest('Third'))).toMatchObject({
      ok: false,
      code: 'ROOM_FULL',
    });
    clock.advance(4 * 60_000);
    expect(server.registry.get(roomId)!.state.facilitatorId).not.toBe(first.id);
    const creator = await TestMember.join(server.url, roomId, 'Fran', secret);
    open.push(creator);
    expect(creator.state!.facilitatorId).toBe(creator.id);
  });

  it('[RM2] a room whose creator never comes ends within minutes', async () => {
    const clock = new ManualClock();
    server = await startServer({ clock });
    const { roomId } = await server.createRoom({ admission: 'open' });
    const stranger = await TestMember.join(server.url, roomId, 'Stranger');
    open.push(stranger);
    clock.advance(5 * 60_000);
    await stranger.until(() => stranger.ended === 'unclaimed', 'ended');
    expect(server.registry.size).toBe(0);
  });
});
