import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manualClock.ts';
import { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { phaseIndexOf } from '../../shared/src/room/state.ts';

let server: TestServer;
const open: TestMember[] = [];
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const m of open.splice(0)) m.close();
  await server.close();
});

const garbage: unknown[] = [
  null,
  undefined,
  42,
  'phase:next',
  [],
  {},
  { requestId: 'short', command: { type: 'phase:next' } },
  { requestId: 'abcdefgh12', command: { type: 'member:join', memberId: 'abcdefgh', name: 'x' } },
  { requestId: 'abcdefgh12', command: { type: 'facilitator:failover' } },
  { requestId: 'abcdefgh12', command: { type: 'room:expire', reason: 'empty' } },
  { requestId: 'abcdefgh12', command: { type: 'phase:next', extra: 1 } },
  {
    requestId: 'abcdefgh12',
    command: { type: 'agenda:set', agenda: [{ kind: 'round', title: 'x', durationMs: -1, turnMs: 1 }] },
  },
  { requestId: 'abcdefgh12', command: { type: 'hotseat:pick', memberId: { $ne: null } } },
  JSON.parse('{"requestId":"abcdefgh12","command":{"type":"phase:next"},"__proto__":{"polluted":true}}'),
  { requestId: 'abcdefgh12', command: { type: 'role:scribe', memberId: 'x'.repeat(10_000) } },
];

describe('hostile and malformed messages', () => {
  it('[RC2] every malformed command is refused with BAD_INPUT; the room and server carry on', async () => {
    const { facilitator, members } = await room(['Ana']);
    await facilitator.do({ type: 'session:start' });
    const host = server.registry.get(facilitator.roomId)!;
    const before = structuredClone(host.state);
    for (const payload of garbage) {
      const reply = await facilitator.socket.emitWithAck('room:command', payload as never);
      expect(reply, JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    }
    for (const payload of garbage) {
      const reply = await members[0]!.socket.emitWithAck('room:join', payload as never);
      expect(reply).toMatchObject({ ok: false });
      members[0]!.socket.emit('room:sync', payload as never, () => {});
    }
    // No acknowledgement callback at all: nothing to answer, nothing breaks.
    const untyped = facilitator.socket as unknown as { emit(event: string, ...args: unknown[]): void };
    untyped.emit('room:command', { requestId: 'abcdefgh12', command: { type: 'bogus' } });
    untyped.emit('clock:ping', {});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(host.state).toEqual(before);
    await facilitator.do({ type: 'phase:next' });
    expect(phaseIndexOf(host.state)).toBe(1);
  });

  it('[RC2] a flood from one connection is refused with RATE_LIMITED; the room carries on', async () => {
    await server.close();
    const clock = new ManualClock();
    server = await startServer({ clock });
    const { facilitator, members } = await room(['Ana']);
    const replies = await Promise.all(Array.from({ length: 120 }, () => members[0]!.send({ type: 'hand:raise' })));
    const limited = replies.filter((r) => !r.ok && r.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThanOrEqual(80);
    await facilitator.do({ type: 'session:start' });
    expect(await members[0]!.send({ type: 'turn:end' })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    clock.advance(1_000);
    expect(await members[0]!.send({ type: 'turn:pass' })).toMatchObject({ ok: false, code: 'NOT_YOUR_TURN' });
  });

  it('[RC5] a connection that carries on flooding after being refused is let go', async () => {
    await server.close();
    server = await startServer({ clock: new ManualClock() });
    const { members } = await room(['Ana']);
    const gone = new Promise<string>((resolve) => members[0]!.socket.once('disconnect', resolve));
    const sends = Array.from({ length: 200 }, () => members[0]!.send({ type: 'hand:lower' }).catch(() => null));
    // Dropped at once, with whatever was still on its way to it.
    expect(await gone).toMatch(/^(io server disconnect|transport close)$/);
    await Promise.all(sends);
  });

  it('[RM5] the same device joining twice (two tabs) is one member, never a duplicate', async () => {
    const { facilitator } = await room([]);
    const tab1 = await TestMember.join(server.url, facilitator.roomId, 'Ana');
    const tab2 = await TestMember.connect(server.url, facilitator.roomId, tab1.secret);
    open.push(tab1, tab2);
    expect(tab2.you).toBe(tab1.you);
    const again = await tab1.socket.emitWithAck('room:join', tab1.joinRequest('Ana'));
    expect(again).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(server.registry.get(facilitator.roomId)!.state.members).toHaveLength(2);

    // The creator opened the link in two tabs and joins from both before either has joined.
    const created = await server.createRoom();
    const [a, b] = await Promise.all([1, 2].map(() => TestMember.connect(server.url, created.roomId, created.secret)));
    open.push(a!, b!);
    const joins = await Promise.all(
      [a!, b!].map((t, i) => t.socket.emitWithAck('room:join', t.joinRequest(`Fran ${i}`))),
    );
    const ids = joins.map((j) => (j.ok && 'memberId' in j ? j.memberId : null));
    expect(ids).toEqual([expect.any(String), ids[0]]);
    expect(server.registry.get(created.roomId)!.state.members).toHaveLength(1);
  });

  it('[RM5] a join retried after its reply was lost is the same member, not a second one', async () => {
    const { facilitator } = await room([]);
    const first = await TestMember.connect(server.url, facilitator.roomId);
    const second = await TestMember.connect(server.url, facilitator.roomId);
    open.push(first, second);
    const joinId = 'join-attempt-7f3a9c2e5b1d4086';
    const a = await first.socket.emitWithAck('room:join', first.joinRequest('Ana', { joinId }));
    first.close();
    const b = await second.socket.emitWithAck('room:join', second.joinRequest('Ana', { joinId }));
    expect(b).toEqual(a);
    const state = server.registry.get(facilitator.roomId)!.state;
    expect(state.members.map((m) => [m.name, m.connected])).toEqual([
      ['Facilitator', true],
      ['Ana', true],
    ]);
  });

  it('[RM1] room creation from one address is rate limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const response = await fetch(`${server.url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ templateId: 'short-30', purpose: `Room ${i}` }),
      });
      statuses.push(response.status);
      if (response.status === 429) expect(await response.json()).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('[RC2] a malformed handshake is refused without harming other rooms', async () => {
    const { facilitator } = await room([]);
    for (const auth of [{}, { roomId: 5 }, { roomId: facilitator.roomId, secret: 'nope' }, { roomId: '../../etc' }]) {
      await expect(TestMember.connectWithAuth(server.url, auth)).rejects.toThrow('ROOM_NOT_FOUND');
    }
    await facilitator.do({ type: 'session:start' });
  });

  it('[RM1] POST /api/rooms refuses a bad body with a typed error', async () => {
    const twenty = Array.from({ length: 20 }, () => ({ kind: 'check', title: 'Check', durationMs: 60_000 }));
    const bad = [
      {},
      { templateId: 'nope', purpose: 'x' },
      { templateId: 'weekly-45', purpose: '' },
      { templateId: 'weekly-45', purpose: 'x', tokensPerMember: 99 },
      // 20 phases plus the ground rules would be an agenda the lobby editor could never send back.
      { templateId: 'weekly-45', purpose: 'x', agenda: twenty, includeGroundRules: true },
    ];
    for (const body of bad) {
      const response = await fetch(`${server.url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    }
    expect(server.registry.size).toBe(0);
  });
});

async function room(names: string[]) {
  const r = await roomWith(server, names);
  open.push(...r.everyone);
  return r;
}
