import { afterEach, describe, expect, it } from 'vitest';
import { remainingMs } from '../../shared/src/room/timer.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { estimateServerOffset } from '../helpers/clockSync.ts';
import { TestMember } from '../helpers/member.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import type { ServerConfig } from '../../server/src/config.ts';
import { phaseTimer } from '../../shared/src/room/state.ts';

let server: TestServer | undefined;
const open: TestMember[] = [];

afterEach(async () => {
  for (const m of open.splice(0)) m.close();
  await server?.close();
  server = undefined;
});

async function setUp(names: string[], clock?: ManualClock, config: Partial<ServerConfig> = {}) {
  server = await startServer(clock ? { clock, config } : { config });
  const r = await roomWith(server, names);
  open.push(...r.everyone);
  return { server, ...r };
}

describe('time-driven rules, with the server clock in the test’s hands', () => {
  it('[RL3] the facilitator role passes to the member present longest after 60 s away, and stays', async () => {
    const clock = new ManualClock();
    const { server, facilitator, members } = await setUp([], clock);
    clock.advance(1_000);
    const ana = await TestMember.join(server.url, facilitator.roomId, 'Ana');
    clock.advance(1_000);
    const ben = await TestMember.join(server.url, facilitator.roomId, 'Ben');
    open.push(ana, ben, ...members);
    const host = server.registry.get(facilitator.roomId)!;

    facilitator.close();
    await ana.until(() => ana.state!.members[0]!.connected === false, 'facilitator away');
    clock.advance(59_999);
    expect(host.state.facilitatorId).toBe(facilitator.id);
    clock.advance(1);
    expect(host.state.facilitatorId).toBe(ana.id);
    await ben.until(() => ben.state!.facilitatorId === ana.id, 'handover seen');
    expect(ben.state!.lastHandover).toMatchObject({ from: facilitator.id, to: ana.id, reason: 'failover' });

    const back = await TestMember.connect(server.url, facilitator.roomId, facilitator.secret);
    open.push(back);
    expect(back.state!.facilitatorId).toBe(ana.id);
    expect(await back.send({ type: 'phase:next' })).toMatchObject({ ok: false, code: 'NOT_FACILITATOR' });
    await ana.do({ type: 'role:facilitator', memberId: facilitator.id });
    expect(host.state.facilitatorId).toBe(facilitator.id);
  });

  it('[RL3][HQ9] failover still happens when timers fire a few milliseconds early', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 9), 5);
    const { server, facilitator, members } = await setUp(['Ana'], clock);
    const host = server.registry.get(facilitator.roomId)!;
    facilitator.close();
    await members[0]!.until(() => members[0]!.state!.members[0]!.connected === false, 'away');
    clock.advance(59_996);
    expect(host.state.facilitatorId).toBe(facilitator.id);
    clock.advance(4);
    expect(host.state.facilitatorId).toBe(members[0]!.id);
  });

  it('[RM2] a page left open on the join form does not keep an empty room alive', async () => {
    const clock = new ManualClock();
    // A page may stay on the join form as long as it likes here, to show it does not count.
    const { server, facilitator, members } = await setUp(['Ana'], clock, { joinDeadlineMs: 60 * 60_000 });
    const stranger = await TestMember.connect(server.url, facilitator.roomId);
    open.push(stranger);
    for (const m of [facilitator, ...members]) m.close();
    await stranger.until(() => stranger.preview !== null, 'preview');
    await waitFor(() => server.registry.get(facilitator.roomId)!.state.members.every((m) => !m.connected));
    clock.advance(10 * 60_000);
    await stranger.until(() => stranger.ended === 'empty', 'the stranger is told the room ended');
    expect(server.registry.size).toBe(0);
  });

  it('[RL3] a facilitator who comes back within the grace period keeps the role', async () => {
    const clock = new ManualClock();
    const { server, facilitator, members } = await setUp(['Ana'], clock);
    const host = server.registry.get(facilitator.roomId)!;
    facilitator.close();
    await members[0]!.until(() => members[0]!.state!.members[0]!.connected === false, 'away');
    clock.advance(30_000);
    const back = await TestMember.connect(server.url, facilitator.roomId, facilitator.secret);
    open.push(back);
    clock.advance(120_000);
    expect(host.state.facilitatorId).toBe(facilitator.id);
  });

  it('[RM2] a room with nobody connected for 10 minutes ends and is dropped', async () => {
    const clock = new ManualClock();
    const { server, facilitator, members } = await setUp(['Ana'], clock);
    const roomId = facilitator.roomId;
    for (const m of [facilitator, ...members]) m.close();
    await waitFor(() => server.registry.get(roomId)!.state.members.every((m) => !m.connected));
    clock.advance(9 * 60_000);
    expect(server.registry.size).toBe(1);
    clock.advance(60_000);
    expect(server.registry.size).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });

  it('[RM2] a room ends at its maximum lifetime of 6 hours, and everyone is told', async () => {
    const clock = new ManualClock();
    const { server, everyone } = await setUp(['Ana', 'Ben'], clock);
    clock.advance(6 * 60 * 60_000);
    await Promise.all(everyone.map((m) => m.until(() => m.ended === 'lifetime', 'lifetime end')));
    expect(server.registry.size).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });

  it('[TM2] a device whose clock is 7 minutes fast shows the same remaining time as the others', async () => {
    const { facilitator, members } = await setUp(['Ana', 'Ben']);
    await facilitator.do({ type: 'session:start' });
    const devices = [
      { member: facilitator, deviceNow: () => Date.now() },
      { member: members[0]!, deviceNow: () => Date.now() + 7 * 60_000 },
      { member: members[1]!, deviceNow: () => Date.now() - 93_000 },
    ];
    const offsets: number[] = [];
    for (const d of devices) {
      await d.member.until(() => phaseTimer(d.member.state!) !== null, 'timer');
      offsets.push((await estimateServerOffset(d.member, d.deviceNow)).offsetMs);
    }
    const shown = devices.map((d, i) => remainingMs(phaseTimer(d.member.state!)!, d.deviceNow() + offsets[i]!));
    const spread = Math.max(...shown) - Math.min(...shown);
    expect(spread).toBeLessThan(50);
  });
});

async function waitFor(test: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}
