import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Clock } from '../../server/src/clock.ts';
import type { ServerConfig } from '../../server/src/config.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { sealKeysFrom } from '../../server/src/resume/sealKeys.ts';
import { TestMember } from '../helpers/member.ts';
import { converge, roomWith, withoutPresence } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const newKey = () => randomBytes(32).toString('base64url');
const servers: TestServer[] = [];
const devices: TestMember[] = [];

afterEach(async () => {
  for (const d of devices.splice(0)) d.close();
  await Promise.all(servers.splice(0).map((s) => s.close().catch(() => {})));
});

async function server(config: Partial<ServerConfig> = {}, clock?: Clock): Promise<TestServer> {
  const started = await startServer({ config, ...(clock ? { clock } : {}) });
  servers.push(started);
  return started;
}

/** A room of its facilitator and `names` on a process that then goes, and a new process with the same seal keys. */
async function roomWhoseProcessWent(names: string[]) {
  const sealKeys = sealKeysFrom(`k1:${newKey()}`);
  const a = await server({ sealKeys });
  const room = await roomWith(a, names);
  devices.push(...room.everyone);
  await a.close();
  return { ...room, sealKeys, b: await server({ sealKeys }) };
}

/** A room mid-session on `a`: a hot seat under way, a scribe, two hands up, a token spent. */
async function hotSeatRoom(a: TestServer, names = ['Ana', 'Ben', 'Cy', 'Dee']) {
  const room = await roomWith(a, names);
  const { facilitator, members } = room;
  devices.push(...room.everyone);
  await facilitator.do({ type: 'role:scribe', memberId: members[0]!.id });
  await facilitator.do({ type: 'session:start' });
  while (facilitator.state!.session.stage === 'running') {
    const session = facilitator.state!.session;
    if (session.run.kind === 'hotseat') break;
    await facilitator.do({ type: 'phase:next' });
  }
  await facilitator.do({ type: 'hotseat:pick', memberId: members[3]!.id });
  for (let step = 0; step < 4; step++) {
    if ((await members[1]!.send({ type: 'hand:raise' })).ok) break;
    await facilitator.do({ type: 'hotseat:nextStep' });
  }
  await members[2]!.do({ type: 'hand:raise' });
  await converge(facilitator, room.everyone);
  expect(facilitator.state!.hands.length).toBe(2);
  return room;
}

describe('[RS1] a room outlives its process: its members bring it back, sealed', () => {
  it('five devices mid hot seat move to a new process: same version, roles, tokens, queue and clock', async () => {
    const sealKeys = sealKeysFrom(`k1:${newKey()}`);
    const a = await server({ sealKeys });
    const { roomId, facilitator, everyone } = await hotSeatRoom(a);
    const before = a.registry.get(roomId)!.state;
    const version = before.version;
    expect(facilitator.seals.get(version)).toBeDefined();

    // The process goes; with sealing on, its rooms are let go, not ended.
    await a.close();
    expect(everyone.every((d) => d.ended === null)).toBe(true);

    // Rotation: the new process seals with a new key and still reads the old one.
    const k1 = sealKeys!.byKid.get('k1')!.toString('base64url');
    const b = await server({ sealKeys: sealKeysFrom(`k2:${newKey()},k1:${k1}`) });
    const moved = await Promise.all(everyone.map((d) => d.moveTo(b.url)));
    devices.push(...moved);
    await Promise.all(moved.map((d) => d.until(() => d.state !== null, 'the room back', 8_000)));

    const after = b.registry.get(roomId)!.state;
    expect(withoutPresence(after)).toEqual(withoutPresence(before));
    // Presence was all that changed: one event per device coming back, at most.
    expect(after.version).toBeGreaterThanOrEqual(version);
    for (const d of moved) {
      await d.until(() => d.state!.version === b.registry.get(roomId)!.state.version, 'in step');
      expect(withoutPresence(d.state!)).toEqual(withoutPresence(before));
      expect(d.incarnation).not.toBe(everyone[0]!.incarnation);
      expect(d.resumed).toMatchObject({ ok: true });
    }
    // The seal now carries the next generation, under the new key.
    const seal = moved[0]!.seals.get(moved[0]!.state!.version)!;
    const sealedBefore = facilitator.seals.get(version)!;
    expect(seal).toMatchObject({ generation: sealedBefore.generation + 1, kid: 'k2' });
    expect(sealedBefore.kid).toBe('k1');

    // The room goes on: the next hand is called as if nothing happened.
    await moved[0]!.do({ type: 'queue:callNext' });
    expect(moved[0]!.state!.floor).not.toBeNull();
  });

  it('[PA2] a round of private answers half sent when the process went runs again with the same people', async () => {
    const sealKeys = sealKeysFrom(`k1:${newKey()}`);
    const a = await server({ sealKeys });
    const { roomId, facilitator, members, everyone } = await roomWith(a, ['Ana', 'Ben', 'Cy']);
    devices.push(...everyone);
    await facilitator.do({ type: 'session:start' });
    await facilitator.do({ type: 'answers:ask', questionId: 'stress-q1', kind: 'stress', prompt: null });
    // 76 bytes as a device seals them; the host holds them unread.
    const sealed = randomBytes(76).toString('base64url');
    for (const m of members.slice(0, 2)) {
      await m.do({ type: 'answer:submit', questionId: 'stress-q1', round: 1, epoch: 1, sealed });
    }
    await converge(facilitator, everyone);
    await a.close();
    const b = await server({ sealKeys });
    const moved = await Promise.all(everyone.map((d) => d.moveTo(b.url)));
    devices.push(...moved);
    await Promise.all(moved.map((d) => d.until(() => d.state?.questions[0]?.round === 2, 'round 2')));
    const question = b.registry.get(roomId)!.state.questions[0]!;
    expect(question).toMatchObject({ round: 2, submitted: [], status: 'open' });
    expect(question.respondents).toHaveLength(4);
  });

  it('refuses a forged seal, an unknown key and a device that is not the member it claims', async () => {
    const { sealKeys, roomId, facilitator, members, b } = await roomWhoseProcessWent(['Ana', 'Ben']);
    const elsewhere = await server({ sealKeys: sealKeysFrom(`k1:${newKey()}`) });

    // Ana's device rewrites the state it holds (more tokens) before offering it.
    const state = members[0]!.state!;
    const seal = members[0]!.seals.get(state.version)!;
    const forged = { ...state, tokensPerMember: 99 };
    const ana = await members[0]!.moveTo(b.url, null);
    devices.push(ana);
    await ana.until(() => ana.challenge !== null, 'room:unknown');
    const challenge = ana.challenge!;
    const forgedOffer = { ...ana.resumeRequest(challenge, false), sealed: { state: forged as never, seal } };
    expect(await ana.socket.emitWithAck('room:resume', forgedOffer)).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
    // The true state, signed as Ben while holding Ana's key.
    const asBen = { ...forgedOffer, memberId: members[1]!.id, sealed: { state: state as never, seal } };
    expect(await ana.socket.emitWithAck('room:resume', asBen)).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
    expect(b.registry.get(roomId)).toBeUndefined();

    // A process with other keys cannot read the seal at all.
    const ben = await members[1]!.moveTo(elsewhere.url);
    devices.push(ben);
    await ben.until(() => ben.resumed !== null, 'an answer');
    expect(ben.resumed).toMatchObject({ ok: false });
    expect(elsewhere.registry.get(roomId)).toBeUndefined();

    // Hostile shapes never crash the process: a deep nest, a wrong type, a missing seal.
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 200; i++) cursor = cursor.x = {};
    for (const bad of [
      { memberId: null, sealed: { state: deep, seal } },
      { memberId: 'nope', sealed: 'x' },
      { memberId: members[0]!.id },
    ]) {
      expect(await ana.socket.emitWithAck('room:resume', bad as never)).toMatchObject({ ok: false });
    }

    // Past the room's lifetime no seal is good: a process whose clock says so refuses the true one.
    const later = await server({ sealKeys }, new ManualClock(state.createdAt + 6 * 3_600_000 + 1));
    const franLate = await facilitator.moveTo(later.url);
    devices.push(franLate);
    await franLate.until(() => franLate.resumed !== null, 'an answer');
    expect(franLate.resumed).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
    expect(later.registry.get(roomId)).toBeUndefined();

    // The facilitator's true offer brings it back at once.
    const fran = await facilitator.moveTo(b.url);
    devices.push(fran);
    await fran.until(() => fran.state !== null, 'the room back');
    expect(b.registry.get(roomId)!.state.tokensPerMember).toBe(state.tokensPerMember);
  });

  it('a removed member offering the state from before their removal loses to a current member', async () => {
    const sealKeys = sealKeysFrom(`k1:${newKey()}`);
    const a = await server({ sealKeys, resumeWindowMs: 3_000 });
    const { roomId, facilitator, members } = await roomWith(a, ['Ana', 'Ben', 'Cy']);
    devices.push(facilitator, ...members);
    const [ana, ben, cy] = members as [TestMember, TestMember, TestMember];
    // Cy's device keeps what it held before the facilitator removed them.
    const cyOld = { view: cy.replica.view!, seal: cy.seals.get(cy.state!.version)! };
    cy.socket.off('room:event');
    cy.socket.off('room:removed');
    await facilitator.do({ type: 'member:remove', memberId: cy.id });
    await converge(facilitator, [ana, ben]);
    // The board needs a key Cy never sees: every device's seal says so until it is made [RS3].
    await ben.until(() => ben.seals.get(ben.state!.version)?.rekey === true, 'a seal asking for a new board key');
    await a.close();

    const b = await server({ sealKeys, resumeWindowMs: 3_000 });
    // Cy comes first, with the older state in which they are still a member.
    expect(cyOld.view.state.members.some((m) => m.id === cy.id)).toBe(true);
    const cyBack = await cy.moveTo(b.url);
    devices.push(cyBack);
    await cyBack.until(() => cyBack.resumed !== null, 'an answer');
    expect(cyBack.resumed).toMatchObject({ ok: true });
    // Ben comes within the window with the newer state.
    const benBack = await ben.moveTo(b.url);
    devices.push(benBack);
    await benBack.until(() => benBack.state !== null, 'the room back', 8_000);
    const state = b.registry.get(roomId)!.state;
    expect(state.members.some((m) => m.id === cy.id)).toBe(false);
    expect(state.version).toBeGreaterThan(cyOld.view.state.version);
    // Cy is no member: the proof of who they were is refused, and their device sees only the door.
    await cyBack.until(() => cyBack.resumed?.ok === false, 'the refusal');
    expect(cyBack.resumed).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
    expect(cyBack.state).toBeNull();
    // The removal's new board key was not made before the process went: the new process asks for it.
    expect(benBack.seals.get(benBack.state!.version)).toMatchObject({ rekey: true });
  });

  it('a device that comes after the room moved proves who it is; a wrong key does not', async () => {
    const { roomId, facilitator, members, b } = await roomWhoseProcessWent(['Ana', 'Ben']);
    const fran = await facilitator.moveTo(b.url);
    devices.push(fran);
    await fran.until(() => fran.state !== null, 'the room back');
    // Ana arrives later: the process knows the room but not her secret; she signs its challenge.
    const ana = await members[0]!.moveTo(b.url);
    devices.push(ana);
    await ana.until(() => ana.state !== null, 'Ana back');
    expect(ana.you).toBe(members[0]!.id);
    expect(b.registry.get(roomId)!.state.members.find((m) => m.id === ana.you)!.connected).toBe(true);
    // Someone holding Ben's secret but not his key gets nowhere.
    const thief = await TestMember.connect(b.url, roomId, members[1]!.secret);
    devices.push(thief);
    const request = { memberId: members[1]!.id, signature: 'A'.repeat(86) };
    expect(await thief.socket.emitWithAck('room:resume', request)).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
    expect(thief.state).toBeNull();
  });

  it('a new room comes to life on another process from its creator’s sealed first state', async () => {
    const sealKeys = sealKeysFrom(`k1:${newKey()}`);
    const a = await server({ sealKeys });
    const b = await server({ sealKeys });
    const created = await a.createRoom({ admission: 'knock' });
    expect(created.genesis?.seal.creator).toBeDefined();
    const socket = io(b.url, {
      auth: { roomId: created.roomId, secret: created.secret },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      const { challenge } = await new Promise<{ challenge: string }>((resolve) => socket.once('room:unknown', resolve));
      expect(challenge).toMatch(/^[A-Za-z0-9_-]+$/);
      const offer = { memberId: null, sealed: { state: created.genesis!.state as never, seal: created.genesis!.seal } };
      // Without the creator's secret the hash does not match.
      const stranger = io(b.url, { auth: { roomId: created.roomId }, transports: ['websocket'], forceNew: true });
      await new Promise((resolve) => stranger.once('room:unknown', resolve));
      expect(await stranger.emitWithAck('room:resume', offer)).toMatchObject({ ok: false });
      stranger.disconnect();
      const preview = new Promise<{ creator: boolean }>((resolve) => socket.once('room:preview', resolve));
      expect(await socket.emitWithAck('room:resume', offer)).toMatchObject({ ok: true });
      expect((await preview).creator).toBe(true);
      expect(b.registry.get(created.roomId)).toBeDefined();
    } finally {
      socket.disconnect();
    }
  });

  it('without seal keys a restart still ends the room, and says so', async () => {
    const a = await server();
    const { roomId, facilitator } = await roomWith(a, ['Ana']);
    devices.push(facilitator);
    expect(facilitator.seals.size).toBe(0);
    await a.close();
    expect(facilitator.ended).toBe('shutdown');
    const b = await server();
    await expect(TestMember.connect(b.url, roomId, facilitator.secret)).rejects.toThrow('ROOM_NOT_FOUND');
  });
});
