import { describe, expect, it } from 'vitest';
import type { KnockWaiter } from '../../server/src/rooms/host.ts';
import { REMEMBERED_REQUESTS } from '../../server/src/rooms/recentRequests.ts';
import { ReplicaHarness } from '../helpers/replicaHarness.ts';

const nobodyKnocks: KnockWaiter = { admitted: () => {}, declined: () => {} };

describe('the room host', () => {
  it('[RM4] numbers a name that looks like one here: another case, or lookalike letters of another script', () => {
    const { host } = new ReplicaHarness(['Fran', 'Ana']);
    const names = ['ANA', '\u0410na', 'Ana\u3164', 'Mara'].map((name) => {
      const joined = host.join(name, undefined, undefined, nobodyKnocks, 'an-address');
      return joined.ok && joined.kind === 'member'
        ? host.state.members.find((m) => m.id === joined.memberId)?.name
        : null;
    });
    expect(names).toEqual(['ANA (2)', '\u0410na (3)', 'Ana (4)', 'Mara']);
  });

  it('[RC4] a command retried with the same request id is acknowledged again and applied once', () => {
    const { host, devices } = new ReplicaHarness(['Fran', 'Ana']);
    const [fran, ana] = devices.map((d) => d.memberId) as [string, string];
    host.command(fran, { type: 'session:start' }, 'start-0001');
    host.command(fran, { type: 'phase:next' }, 'next-0001');
    host.command(fran, { type: 'phase:next' }, 'next-0002'); // the open floor
    host.command(ana, { type: 'hand:raise' }, 'raise-0001');
    const first = host.command(fran, { type: 'queue:callNext' }, 'call-0001');
    expect(first).toEqual({ ok: true, version: host.state.version, duplicate: false });
    host.command(ana, { type: 'turn:end' }, 'end-0001');
    host.command(ana, { type: 'hand:raise' }, 'raise-0002');
    const version = host.state.version;
    // The reply to the call was lost and the facilitator's device sends it again: no second turn.
    expect(host.command(fran, { type: 'queue:callNext' }, 'call-0001')).toEqual({
      ok: true,
      version: first.ok ? first.version : -1,
      duplicate: true,
    });
    expect(host.state.version).toBe(version);
    expect(host.state.members.find((m) => m.id === ana)?.tokens).toBe(2);
  });

  it('[RC4] request ids are per member, a refused command can be sent again, and only the last 16 are kept', () => {
    const { host, devices } = new ReplicaHarness(['Fran', 'Ana']);
    const [fran, ana] = devices.map((d) => d.memberId) as [string, string];
    expect(host.command(ana, { type: 'session:start' }, 'same-id-01').ok).toBe(false);
    expect(host.command(fran, { type: 'session:start' }, 'same-id-01')).toMatchObject({ ok: true, duplicate: false });
    host.command(fran, { type: 'phase:next' }, 'oldest-id-01');
    for (let i = 0; i < REMEMBERED_REQUESTS; i++) host.command(fran, { type: 'timer:addMinute' }, `later-id-${i}`);
    // Forgotten after 16 newer ones: applied again as a new command.
    expect(host.command(fran, { type: 'phase:next' }, 'oldest-id-01')).toMatchObject({ ok: true, duplicate: false });
  });
});
