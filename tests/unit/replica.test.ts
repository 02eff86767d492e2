import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/src/protocol/socket.ts';
import { RoomReplica } from '../../shared/src/sync/replica.ts';
import { ReplicaHarness } from '../helpers/replicaHarness.ts';

/** A room of three, everyone's first snapshot delivered, the session started and seen by all. */
async function startedRoom() {
  const harness = new ReplicaHarness(['Fran', 'Ana', 'Ben']);
  harness.command(0, { type: 'session:start' });
  await harness.settle();
  return harness;
}

describe('the replica: one device’s copy of the room', () => {
  it('[RC3] applies every event with the shared reducer and ends equal to the host, asking for nothing', async () => {
    const harness = await startedRoom();
    harness.command(0, { type: 'phase:next' });
    harness.command(1, { type: 'hand:raise' });
    harness.command(0, { type: 'timer:pause' });
    await harness.settle();
    for (const device of harness.devices) {
      expect(device.state).toEqual(harness.host.state);
      expect(device.replica.resyncs).toBe(0);
    }
  });

  it('[RC3] a dropped event shows as a gap at the next one: the replica asks for a snapshot and catches up', async () => {
    const harness = await startedRoom();
    const ana = harness.device(1);
    harness.command(0, { type: 'phase:next' });
    harness.command(0, { type: 'timer:pause' });
    ana.drop();
    await harness.settle();
    expect(ana.replica.resyncs).toBe(1);
    expect(ana.state).toEqual(harness.host.state);
  });

  it('[RC3] an event that arrives while a snapshot request fails is not left waiting for another', async () => {
    const harness = await startedRoom();
    const ana = harness.device(1);
    harness.command(0, { type: 'phase:next' });
    harness.command(0, { type: 'timer:pause' });
    ana.drop();
    await ana.deliver(1); // the pause: a gap, so Ana asks for a snapshot
    harness.command(0, { type: 'timer:resume' });
    ana.swap(); // the resume ahead of the reply…
    await ana.deliver(1);
    ana.drop(); // …and the reply lost: nothing else will come unless someone acts
    await harness.settle();
    expect(ana.replica.resyncs).toBe(2);
    expect(ana.state).toEqual(harness.host.state);
  });

  it('[RC3] events that arrive out of order end in the host’s state', async () => {
    const harness = await startedRoom();
    const ben = harness.device(2);
    harness.command(0, { type: 'phase:next' });
    harness.command(0, { type: 'timer:pause' });
    harness.command(0, { type: 'timer:resume' });
    ben.swap();
    await harness.settle();
    expect(ben.state).toEqual(harness.host.state);
  });

  it('[RC3] events that arrive while a snapshot is on its way are applied after it, in order', async () => {
    const harness = await startedRoom();
    const ana = harness.device(1);
    harness.command(0, { type: 'phase:next' });
    harness.command(0, { type: 'timer:pause' });
    ana.drop();
    await ana.deliver(1); // the pause: a gap, so Ana asks for a snapshot
    harness.command(0, { type: 'timer:resume' });
    harness.command(1, { type: 'hand:raise' });
    // The reply was queued before the last two events; deliver it, then them.
    await ana.deliver();
    expect(ana.replica.resyncs).toBe(1);
    expect(ana.state).toEqual(harness.host.state);
  });

  it('[RC3] a snapshot request that gets no answer is asked again at the next event', async () => {
    const harness = await startedRoom();
    const ana = harness.device(1);
    harness.command(0, { type: 'phase:next' });
    harness.command(0, { type: 'timer:pause' });
    ana.drop();
    await ana.deliver(1);
    ana.drop(); // the reply is lost
    expect(ana.state?.version).toBeLessThan(harness.host.state.version);
    harness.command(0, { type: 'timer:resume' });
    await harness.settle();
    expect(ana.replica.resyncs).toBe(2);
    expect(ana.state).toEqual(harness.host.state);
  });

  it('[RC3] a device cut off comes back through the reconnect snapshot', async () => {
    const harness = await startedRoom();
    const ben = harness.device(2);
    ben.disconnect();
    harness.command(0, { type: 'phase:next' });
    harness.command(1, { type: 'hand:raise' });
    ben.reconnect();
    await harness.settle();
    expect(ben.state).toEqual(harness.host.state);
    expect(ben.state?.members.find((m) => m.id === ben.memberId)?.connected).toBe(true);
  });

  it('[RC3] an event the reducer will not replay means this copy went wrong: a snapshot mends it', async () => {
    const harness = await startedRoom();
    const ana = harness.device(1);
    const view = ana.replica.view;
    if (!view) throw new Error('no view');
    // Corrupt Ana's copy behind the replica's back: she believes the session never started.
    ana.replica.applySnapshot({
      state: { ...view.state, session: { stage: 'lobby' } },
      you: view.you,
      serverNow: 0,
      incarnation: 'same',
    });
    harness.command(0, { type: 'phase:next' });
    await harness.settle();
    expect(ana.replica.resyncs).toBe(1);
    expect(ana.state).toEqual(harness.host.state);
  });

  it('[RC3] a snapshot older than what the device holds is ignored', async () => {
    const harness = await startedRoom();
    const fran = harness.device(0);
    const old: Snapshot = harness.host.snapshotFor(fran.memberId);
    harness.command(0, { type: 'phase:next' });
    await harness.settle();
    fran.replica.applySnapshot(old);
    expect(fran.state).toEqual(harness.host.state);
  });

  it('[RC3] events before the first snapshot wait for it', () => {
    const harness = new ReplicaHarness(['Fran']);
    const [first] = harness.device(0).inbox;
    if (first?.kind !== 'snapshot') throw new Error('expected the join snapshot');
    harness.command(0, { type: 'session:start' });
    const late = new RoomReplica({ requestSnapshot: async () => null });
    const [, event] = harness.device(0).inbox;
    if (event?.kind !== 'event') throw new Error('expected an event');
    late.applyEvent(event.event);
    expect(late.view).toBeNull();
    late.applySnapshot(first.snapshot);
    expect(late.view?.state).toEqual(harness.host.state);
    expect(late.resyncs).toBe(0);
  });
});
