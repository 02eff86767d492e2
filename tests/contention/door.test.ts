import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent, Logger } from '../../server/src/log.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { TestMember } from '../helpers/member.ts';
import { startAttacker } from '../helpers/attacker.ts';
import { describeProbe, probeQuietRoom, withinBaseline } from '../helpers/probe.ts';
import { roomWith } from '../helpers/room.ts';
import { postJson, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const open: { close(): void }[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

/** Loopback addresses other than the default one: another person's network, an attacker's. */
const NEWCOMER = '127.0.0.2';
const ATTACKER = '127.0.0.3';

async function knockRoom(options: Parameters<typeof startServer>[0] = {}) {
  server = await startServer(options);
  const { roomId, secret } = await server.createRoom({ admission: 'knock' });
  const facilitator = await TestMember.join(server.url, roomId, 'Fran', secret);
  open.push(facilitator);
  return { roomId, facilitator };
}

async function knock(roomId: string, name: string, options: { localAddress?: string; joinId?: string } = {}) {
  const newcomer = await TestMember.knock(server.url, roomId, name, options);
  open.push(newcomer);
  return newcomer;
}

/** A knock attempt's answer: knocking, or the refusal's code. */
async function tryKnock(roomId: string, name: string, localAddress?: string): Promise<string> {
  const member = await TestMember.connect(server.url, roomId, undefined, localAddress);
  open.push(member);
  const reply = await member.socket.emitWithAck('room:join', member.joinRequest(name));
  return reply.ok ? 'knocking' : reply.code;
}

const knockNamed = (facilitator: TestMember, name: string) => facilitator.knocks.find((k) => k.name === name);

async function knockIdOf(facilitator: TestMember, name: string): Promise<string> {
  await facilitator.until(() => knockNamed(facilitator, name) !== undefined, `${name} knocking`);
  return knockNamed(facilitator, name)!.id;
}

describe('the door: who is knocking reaches the facilitator alone', () => {
  it('[RM6] a knocking name reaches the facilitator’s devices only, and moves with the role', async () => {
    const { roomId, facilitator } = await knockRoom();
    const member = await knock(roomId, 'Ana');
    await facilitator.do({ type: 'knock:admit', knockId: await knockIdOf(facilitator, 'Ana') });
    await member.until(() => member.state !== null, 'Ana in');

    await knock(roomId, 'Secret Sam');
    await knockIdOf(facilitator, 'Secret Sam');
    expect(JSON.stringify(member.events)).not.toContain('Secret Sam');
    expect(JSON.stringify(member.state)).not.toContain('Secret Sam');
    expect(member.knocks).toEqual([]);

    await facilitator.do({ type: 'role:facilitator', memberId: member.id });
    await member.until(() => member.knocks.some((k) => k.name === 'Secret Sam'), 'the new facilitator hears');
    await facilitator.until(() => facilitator.knocks.length === 0, 'the one before no longer does');
  });

  it('[RM6][RM4] the facilitator is told when a knock’s name looks like a member’s', async () => {
    const { roomId, facilitator } = await knockRoom();
    await knock(roomId, 'fran');
    await knockIdOf(facilitator, 'fran (2)');
    expect(knockNamed(facilitator, 'fran (2)')?.resembles).toBe('Fran');
  });

  it('[RM4][RM6] a name that looks like a member’s is numbered and the facilitator told whom it resembles; blank names and purposes are refused', async () => {
    const { roomId, facilitator } = await knockRoom();
    const ana = await knock(roomId, 'Ana');
    await facilitator.do({ type: 'knock:admit', knockId: await knockIdOf(facilitator, 'Ana') });
    await ana.until(() => ana.state !== null, 'Ana in');
    await knock(roomId, '\u0410na'); // a Cyrillic А
    await knockIdOf(facilitator, '\u0410na (2)');
    expect(knockNamed(facilitator, '\u0410na (2)')?.resembles).toBe('Ana');
    for (const blank of ['\u3164', '\u2800', '\u200b\u3164 ']) {
      expect(await tryKnock(roomId, blank, NEWCOMER)).toBe('BAD_INPUT');
    }
    const openRoom = await server.createRoom({ admission: 'open' });
    const fran = await TestMember.join(server.url, openRoom.roomId, 'Ben', openRoom.secret);
    const lookalike = await TestMember.join(server.url, openRoom.roomId, 'B\u0435n'); // a Cyrillic е
    open.push(fran, lookalike);
    expect(lookalike.state!.members.map((m) => m.name)).toEqual(['Ben', 'B\u0435n (2)']);
    const blankPurpose = await postJson(`${server.url}/api/rooms`, {
      templateId: 'weekly-45',
      purpose: '\u3164',
      tokensPerMember: 3,
      admission: 'open',
    });
    expect(blankPurpose.status).toBe(400);
  });

  it('[RM6] a knock retried from a second device with the same join id outlives the first socket', async () => {
    const { roomId, facilitator } = await knockRoom();
    const joinId = 'a-join-id-of-twenty-two-chars';
    const first = await knock(roomId, 'Lina', { joinId });
    const second = await knock(roomId, 'Lina', { joinId });
    const id = await knockIdOf(facilitator, 'Lina');
    first.close();
    await facilitator.do({ type: 'knock:admit', knockId: id });
    await second.until(() => second.state !== null, 'the second device let in');
    expect(facilitator.state!.members.map((m) => m.name)).toEqual(['Fran', 'Lina']);
  });
});

describe('knock floods', () => {
  it('[RM6][RC5] one address holds a few places at the door; a colleague from elsewhere still gets in', async () => {
    const { roomId, facilitator } = await knockRoom();
    const answers: string[] = [];
    for (let i = 0; i < 12; i++) answers.push(await tryKnock(roomId, `Flood ${i}`, ATTACKER));
    expect(answers.filter((a) => a === 'knocking')).toHaveLength(4);
    expect(new Set(answers.filter((a) => a !== 'knocking'))).toEqual(new Set(['RATE_LIMITED']));
    const colleague = await knock(roomId, 'Late colleague', { localAddress: NEWCOMER });
    await facilitator.do({ type: 'knock:admit', knockId: await knockIdOf(facilitator, 'Late colleague') });
    await colleague.until(() => colleague.state !== null, 'let in');
  });

  it('[RM6][RC5] a decline closes the connection, and its address waits before knocking again', async () => {
    const clock = new ManualClock();
    const { roomId, facilitator } = await knockRoom({ clock });
    const pest = await knock(roomId, 'Pest', { localAddress: ATTACKER });
    const gone = new Promise<string>((resolve) => pest.socket.once('disconnect', resolve));
    await facilitator.do({ type: 'knock:decline', knockId: await knockIdOf(facilitator, 'Pest') });
    expect(await gone).toBe('io server disconnect');
    expect(pest.declined).toBe('declined');
    expect(await tryKnock(roomId, 'Pest again', ATTACKER)).toBe('RATE_LIMITED');
    expect(await tryKnock(roomId, 'Someone else', NEWCOMER)).toBe('knocking');
    clock.advance(60_000);
    expect(await tryKnock(roomId, 'Pest later', ATTACKER)).toBe('knocking');
  });

  it('[RM6] locking keeps a knock already waiting admissible, and declines everyone waiting at once', async () => {
    const { roomId, facilitator } = await knockRoom();
    const colleague = await knock(roomId, 'Colleague', { localAddress: NEWCOMER });
    const strangers = [await knock(roomId, 'S1', { localAddress: ATTACKER }), await knock(roomId, 'S2')];
    await knockIdOf(facilitator, 'S2');
    await facilitator.do({ type: 'room:lock', locked: true });
    expect(await tryKnock(roomId, 'Too late', NEWCOMER)).toBe('ROOM_LOCKED');
    await facilitator.do({ type: 'knock:admit', knockId: await knockIdOf(facilitator, 'Colleague') });
    await colleague.until(() => colleague.state !== null, 'let in while locked');
    await facilitator.do({ type: 'knock:declineAll', knockIds: facilitator.knocks.map((k) => k.id) });
    for (const s of strangers) await s.until(() => s.declined === 'declined', 'declined');
    await facilitator.until(() => facilitator.knocks.length === 0, 'nobody waiting');
    expect(await facilitator.send({ type: 'knock:declineAll', knockIds: ['long-gone'] })).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
  });

  it('[RM7] a removed creator is a removed member: their device is told so, never offered the creator’s place', async () => {
    const { roomId, facilitator } = await knockRoom();
    const ana = await knock(roomId, 'Ana');
    await facilitator.do({ type: 'knock:admit', knockId: await knockIdOf(facilitator, 'Ana') });
    await ana.until(() => ana.state !== null, 'Ana in');
    await facilitator.do({ type: 'role:facilitator', memberId: ana.id });
    await ana.until(() => ana.state!.facilitatorId === ana.id, 'Ana facilitates');
    await ana.do({ type: 'member:remove', memberId: facilitator.id });
    const creatorAgain = await TestMember.connect(server.url, roomId, facilitator.secret);
    open.push(creatorAgain);
    expect(creatorAgain.removed).toBe(true);
    expect(creatorAgain.preview).toBeNull();
  });

  it('[RC5] knock churn from one address leaves a quiet room’s p99 and longest gap within 2×, refused with RATE_LIMITED', async () => {
    const lines: { event: LogEvent; fields: Record<string, unknown> }[] = [];
    const logger: Logger = { log: (event, fields = {}) => lines.push({ event, fields }) };
    server = await startServer({ config: { connectionsPerAddress: 1_000 }, logger });
    const door = await server.createRoom({ admission: 'knock' });
    const fran = await TestMember.join(server.url, door.roomId, 'Fran', door.secret);
    const quiet = await roomWith(server, ['Quiet', 'Calm']);
    open.push(fran, ...quiet.everyone);
    const baseline = await probeQuietRoom(quiet.everyone);

    const attacker = await startAttacker('knockFlooder.ts', [server.url, door.roomId, ATTACKER, '40']);
    open.push(attacker);
    // The facilitator declines whoever waits, as a facilitator under a flood would.
    const declining = setInterval(() => {
      if (fran.knocks.length > 0) void fran.send({ type: 'knock:declineAll', knockIds: fran.knocks.map((k) => k.id) });
    }, 100);
    const under = await probeQuietRoom(quiet.everyone);
    clearInterval(declining);
    console.log(describeProbe('under', under), describeProbe('base', baseline));
    expect(attacker.said()).toContain('refused RATE_LIMITED');
    expect(
      withinBaseline(baseline, under),
      `${describeProbe('under the knock flood', under)}; ${describeProbe('before', baseline)}`,
    ).toBe(true);
    expect(fran.knocks.length).toBeLessThanOrEqual(4);
  }, 60_000);
});
