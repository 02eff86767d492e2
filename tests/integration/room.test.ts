import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientCommand } from '../../shared/src/protocol/commands.ts';
import { remainingMs } from '../../shared/src/room/timer.ts';
import { TestMember } from '../helpers/member.ts';
import { converge, roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { phaseTimer, phaseIndexOf } from '../../shared/src/room/state.ts';

let server: TestServer;
const open: TestMember[] = [];

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const m of open.splice(0)) m.close();
  await server.close();
});

async function room(names: string[], body = {}) {
  const r = await roomWith(server, names, body);
  open.push(...r.everyone);
  return r;
}

describe('a room over real sockets', () => {
  it('[RM1][RM3][AG4] five members join; the facilitator starts and advances; all see the same', async () => {
    const { facilitator, members, everyone } = await room(['Ana', 'Ben', 'Chen', 'Dee', 'Eli']);
    expect(facilitator.state!.members.map((m) => m.name)).toEqual(['Facilitator', 'Ana', 'Ben', 'Chen', 'Dee', 'Eli']);
    expect(facilitator.state!.facilitatorId).toBe(facilitator.id);

    await facilitator.do({ type: 'session:start' });
    await facilitator.do({ type: 'phase:next' });
    await converge(facilitator, members);
    for (const m of everyone) {
      expect(m.state).toEqual(facilitator.state);
      expect(phaseIndexOf(m.state!)).toBe(1);
      expect(m.replica.resyncs).toBe(0);
    }
    expect(server.registry.get(facilitator.roomId)!.state).toEqual(facilitator.state);
  });

  it('[RL1] a member is refused every facilitator command and the state does not change', async () => {
    const { facilitator, members } = await room(['Ana', 'Ben']);
    const [ana, ben] = members as [TestMember, TestMember];
    const host = server.registry.get(facilitator.roomId)!;
    const lobby = structuredClone(host.state);
    const agenda = lobby.agenda;
    const inLobby: ClientCommand[] = [{ type: 'agenda:set', agenda }, { type: 'session:start' }];
    for (const command of inLobby) {
      const reply = await ana.send(command);
      expect(reply).toMatchObject({ ok: false, code: 'NOT_FACILITATOR' });
    }
    expect(host.state).toEqual(lobby);

    await facilitator.do({ type: 'session:start' });
    const running = structuredClone(host.state);
    const commands: ClientCommand[] = [
      { type: 'phase:next' },
      { type: 'phase:prev' },
      { type: 'timer:pause' },
      { type: 'timer:resume' },
      { type: 'timer:addMinute' },
      { type: 'hotseat:pick', memberId: ben.id },
      { type: 'hotseat:nextStep' },
      { type: 'role:facilitator', memberId: ana.id },
      { type: 'role:scribe', memberId: ana.id },
      { type: 'room:end' },
    ];
    for (const command of commands) {
      const reply = await ana.send(command);
      expect(reply, command.type).toMatchObject({ ok: false, code: 'NOT_FACILITATOR' });
    }
    expect(host.state).toEqual(running);
    expect(ana.state).toEqual(running);
  });

  it('[TM3] pause, resume and add a minute are seen identically by every device', async () => {
    const { facilitator, members, everyone } = await room(['Ana', 'Ben', 'Chen']);
    await facilitator.do({ type: 'session:start' });
    await facilitator.do({ type: 'timer:pause' });
    await converge(facilitator, members);
    const paused = phaseTimer(facilitator.state!)!;
    expect(paused.pausedAt).not.toBeNull();
    for (const m of everyone) expect(phaseTimer(m.state!)).toEqual(paused);

    await facilitator.do({ type: 'timer:addMinute' });
    await facilitator.do({ type: 'timer:resume' });
    await converge(facilitator, members);
    const resumed = phaseTimer(facilitator.state!)!;
    expect(resumed.pausedAt).toBeNull();
    expect(resumed.durationMs).toBe(paused.durationMs + 60_000);
    for (const m of everyone) {
      expect(phaseTimer(m.state!)).toEqual(resumed);
      expect(remainingMs(phaseTimer(m.state!)!, resumed.startedAt)).toBe(remainingMs(resumed, resumed.startedAt));
    }
  });

  it('[RM5][RL1] reconnecting with the member secret is the same member with the same role', async () => {
    const { facilitator, members } = await room(['Ana']);
    const ana = members[0]!;
    await facilitator.do({ type: 'role:scribe', memberId: ana.id });
    ana.close();
    await facilitator.until(() => facilitator.state!.members[1]!.connected === false, 'Ana away');

    const again = await TestMember.connect(server.url, facilitator.roomId, ana.secret);
    open.push(again);
    expect(again.you).toBe(ana.id);
    expect(again.state!.scribeId).toBe(ana.id);
    await facilitator.until(() => facilitator.state!.members[1]!.connected, 'Ana back');
    expect(facilitator.state!.members).toHaveLength(2);

    facilitator.close();
    const facilitatorAgain = await TestMember.connect(server.url, facilitator.roomId, facilitator.secret);
    open.push(facilitatorAgain);
    expect(facilitatorAgain.you).toBe(facilitator.id);
    expect(facilitatorAgain.state!.facilitatorId).toBe(facilitator.id);
  });

  it('[RM5] a device without a secret is not a member and sees no names', async () => {
    const { facilitator } = await room(['Ana']);
    const stranger = await TestMember.connect(server.url, facilitator.roomId);
    open.push(stranger);
    expect(stranger.state).toBeNull();
    expect(stranger.preview).toEqual({
      purpose: 'A test group',
      memberCount: 2,
      capacity: 12,
      started: false,
      full: false,
      admission: 'open',
      locked: false,
      creator: false,
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect(await stranger.send({ type: 'session:start' })).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
  });

  it('[RM4] names are cleaned on the server, need visible characters, and are made unique without a refusal', async () => {
    const { facilitator } = await room(['Ana']);
    const guest = await TestMember.connect(server.url, facilitator.roomId);
    open.push(guest);
    const join = (name: string) => guest.socket.emitWithAck('room:join', guest.joinRequest(name));
    expect(await join('\u200b \u200b')).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(await join('x'.repeat(41))).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    const notAgreed = await guest.socket.emitWithAck('room:join', guest.joinRequest('Zed', { agreed: false as true }));
    expect(notAgreed).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    // A taken name is not refused (a refusal would tell a stranger who is inside): it is numbered.
    expect(await join('  ana\u202e\u200b ')).toMatchObject({ ok: true });
    await guest.until(() => guest.state !== null, 'snapshot');
    expect(guest.state!.members.at(-1)!.name).toBe('ana (2)');
    // What went over the wire to the others was already clean, and numbered by the server.
    const joined = facilitator.events.find((e) => e.command.type === 'member:join' && e.command.memberId === guest.id);
    expect(joined?.command).toMatchObject({ name: 'ana (2)' });
  });

  it('[RM3] the thirteenth person is refused: the room is full', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `Member ${i + 1}`);
    const { facilitator } = await room(names);
    const late = await TestMember.connect(server.url, facilitator.roomId);
    open.push(late);
    expect(await late.socket.emitWithAck('room:join', late.joinRequest('Thirteen'))).toMatchObject({
      ok: false,
      code: 'ROOM_FULL',
    });
  });

  it('[RM2] ending the room reaches every client and the registry is empty', async () => {
    const { facilitator, everyone } = await room(['Ana', 'Ben', 'Chen', 'Dee']);
    const stranger = await TestMember.connect(server.url, facilitator.roomId);
    open.push(stranger);
    await facilitator.send({ type: 'room:end' });
    await Promise.all([...everyone, stranger].map((m) => m.until(() => m.ended === 'facilitator', 'ended')));
    expect(server.registry.size).toBe(0);
    await Promise.all(everyone.map((m) => m.until(() => !m.socket.connected, 'disconnected')));
    const late = TestMember.connect(server.url, facilitator.roomId, facilitator.secret);
    await expect(late).rejects.toThrow();
  });

  it('[RM1] an unknown room id is refused at the handshake', async () => {
    const attempt = TestMember.connect(server.url, 'A'.repeat(24));
    await expect(attempt).rejects.toThrow();
  });
});
