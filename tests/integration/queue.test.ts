import { afterEach, describe, expect, it } from 'vitest';
import { queueOrder } from '../../shared/src/room/queue.ts';
import type { RoomState } from '../../shared/src/room/state.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { TestMember } from '../helpers/member.ts';
import { converge, roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer | undefined;
const open: TestMember[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) m.close();
  await server?.close();
  server = undefined;
});

/** A Bi-weekly 60 room, started and moved to the open-floor brainstorm. */
async function openFloor(names: string[], clock?: ManualClock) {
  server = await startServer(clock ? { clock } : {});
  const r = await roomWith(server, names, { templateId: 'biweekly-60' });
  open.push(...r.everyone);
  await r.facilitator.do({ type: 'session:start' });
  await r.facilitator.do({ type: 'phase:next' });
  await r.facilitator.do({ type: 'phase:next' });
  await converge(r.facilitator, r.members);
  return { server, ...r, host: server.registry.get(r.roomId)! };
}
const orderOf = (s: RoomState) => queueOrder(s).map((h) => h.memberId);

describe('talk tokens and the hand queue over real sockets', () => {
  it('[HQ2] six members raise their hands at the same moment and every device shows the same order', async () => {
    const { facilitator, members, everyone, host } = await openFloor(['A1', 'B2', 'C3', 'D4', 'E5', 'F6']);
    await Promise.all(members.map((m) => m.send({ type: 'hand:raise' })));
    await converge(facilitator, members);
    const order = orderOf(host.state);
    expect(order).toHaveLength(6);
    for (const m of everyone) expect(orderOf(m.state!)).toEqual(order);
  });

  it('[TK4][RC4] 10 sockets × 100 concurrent attempts, with retries, never overspend a token', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `Member ${i}`);
    const { facilitator, members, everyone, host } = await openFloor(names);
    await facilitator.do({ type: 'queue:autoCall', on: true });
    const replies: { ok: boolean; code?: string }[] = [];
    // Ten waves; in each, every socket fires ten commands at once (every fifth a retry of the one before).
    for (let wave = 0; wave < 10; wave++) {
      const attempts = members.flatMap((m, i) =>
        Array.from({ length: 10 }, (_, j) => {
          const k = wave * 10 + j;
          const id = `m${i}-req-${k % 5 === 4 ? k - 1 : k}`;
          return m.send(k % 3 === 2 ? { type: 'turn:end' } : { type: 'hand:raise' }, id);
        }),
      );
      const calls = Array.from({ length: 10 }, (_, k) =>
        facilitator.send({ type: k % 2 ? 'queue:callNext' : 'turn:end' }),
      );
      replies.push(...(await Promise.all([...attempts, ...calls])));
    }
    await converge(facilitator, members);

    const floorTurns = Object.values(host.state.turnsThisPhase).reduce((a, b) => a + b, 0);
    const spent = host.state.members.reduce((sum, m) => sum + (m.tokensGranted - m.tokens), 0);
    expect(replies).toHaveLength(1_100);
    expect(replies.some((r) => !r.ok && r.code === 'NO_TOKENS')).toBe(true);
    expect(floorTurns).toBeGreaterThan(10);
    expect(spent).toBe(floorTurns);
    for (const m of host.state.members) {
      expect(m.tokens).toBeGreaterThanOrEqual(0);
      expect(m.tokensGranted - m.tokens).toBe(host.state.turnsThisPhase[m.id] ?? 0);
    }
    for (const m of everyone) expect(m.state).toEqual(host.state);
  });

  it('[HQ9] a member away for 20 s comes back in the same place with the same tokens; after 60 s the hand lowers', async () => {
    const clock = new ManualClock();
    const { server, facilitator, members, host } = await openFloor(['Ana', 'Ben', 'Cy'], clock);
    const [ana, ben, cy] = members as [TestMember, TestMember, TestMember];
    for (const m of [ana, ben, cy]) await m.do({ type: 'hand:raise' });
    const order = orderOf(host.state);

    ben.close();
    await facilitator.until(() => !facilitator.state!.members.find((m) => m.id === ben.id)!.connected, 'Ben away');
    clock.advance(20_000);
    const benBack = await TestMember.connect(server.url, facilitator.roomId, ben.secret);
    open.push(benBack);
    expect(orderOf(benBack.state!)).toEqual(order);
    expect(benBack.state!.members.find((m) => m.id === ben.id)!.tokens).toBe(3);

    cy.close();
    await facilitator.until(() => !facilitator.state!.members.find((m) => m.id === cy.id)!.connected, 'Cy away');
    clock.advance(59_999);
    expect(orderOf(host.state)).toEqual(order);
    clock.advance(1);
    expect(orderOf(host.state)).toEqual(order.filter((id) => id !== cy.id));
    await ana.until(() => ana.state!.hands.length === 2, 'hand lowered everywhere');
  });

  it('[HQ5] auto-call gives the floor to the next in the queue when a turn ends', async () => {
    const { facilitator, members } = await openFloor(['Ana', 'Ben']);
    const [ana, ben] = members as [TestMember, TestMember];
    await facilitator.do({ type: 'queue:autoCall', on: true });
    await ana.do({ type: 'hand:raise' });
    await ben.do({ type: 'hand:raise' });
    await facilitator.do({ type: 'queue:callNext' });
    await ana.until(() => ana.state!.floor?.memberId === ana.id, 'Ana speaks');
    await ana.do({ type: 'turn:end' });
    await converge(ana, [ben, facilitator]);
    for (const m of [ana, ben, facilitator]) expect(m.state!.floor?.memberId).toBe(ben.id);
  });

  it('[TK3][RL1] refusals leave the state unchanged: NO_TOKENS, NOT_YOUR_TURN, WRONG_PHASE, NOT_FACILITATOR', async () => {
    const { facilitator, members, host } = await openFloor(['Ana', 'Ben'], undefined);
    const [ana, ben] = members as [TestMember, TestMember];
    for (let i = 0; i < 3; i++) {
      await ana.do({ type: 'hand:raise' });
      await facilitator.do({ type: 'queue:callNext' });
      await ana.do({ type: 'turn:end' });
    }
    await ben.do({ type: 'hand:raise' });
    await facilitator.do({ type: 'queue:callNext' });
    const before = structuredClone(host.state);
    expect(await ana.send({ type: 'hand:raise' })).toMatchObject({ ok: false, code: 'NO_TOKENS' });
    expect(await ana.send({ type: 'turn:end' })).toMatchObject({ ok: false, code: 'NOT_YOUR_TURN' });
    expect(await ana.send({ type: 'turn:pass' })).toMatchObject({ ok: false, code: 'WRONG_PHASE' });
    expect(await ana.send({ type: 'token:grant', memberId: ana.id })).toMatchObject({
      ok: false,
      code: 'NOT_FACILITATOR',
    });
    expect(await ana.send({ type: 'queue:callNext' })).toMatchObject({ ok: false, code: 'NOT_FACILITATOR' });
    expect(host.state).toEqual(before);
  });
});
