import { describe, expect, it } from 'vitest';
import { defaultDoorLimits } from '../../server/src/rooms/doorBudget.ts';
import { type KnockWaiter, type MemberLink, type MemberMessage, RoomHost } from '../../server/src/rooms/host.ts';
import type { RoomEvent } from '../../shared/src/protocol/socket.ts';
import { findTemplate } from '../../shared/src/room/templates.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { REMEMBERED_REQUESTS } from '../../server/src/rooms/recentRequests.ts';
import { ReplicaHarness } from '../helpers/replicaHarness.ts';
import { rosterKeys } from '../helpers/deviceKeys.ts';

const nobodyKnocks: KnockWaiter = { admitted: () => {}, declined: () => {} };

describe('the room host', () => {
  it('[RM4] numbers a name that looks like one here: another case, or lookalike letters of another script', () => {
    const { host } = new ReplicaHarness(['Fran', 'Ana']);
    const names = ['ANA', '\u0410na', 'Ana\u3164', 'Mara'].map((name) => {
      const joined = host.join(name, undefined, undefined, rosterKeys(name), nobodyKnocks, 'an-address');
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

/** A device as the room host sees it, in memory: everything sent to it, and why it was let go. */
class FakeLink implements MemberLink {
  readonly received: MemberMessage[] = [];
  closed: string | null = null;
  send(message: MemberMessage): void {
    this.received.push(message);
  }
  close(reason: 'removed' | 'superseded'): void {
    this.closed = reason;
  }
  get lastPrivate() {
    return this.received.filter((m) => m.kind === 'private').at(-1);
  }
}

const waiter: KnockWaiter = { admitted: () => {}, declined: () => {} };

/** A room where newcomers knock, its creator Fran in with one device. */
function knockRoom() {
  const clock = new ManualClock();
  const events: RoomEvent[] = [];
  const host = new RoomHost(
    {
      kind: 'new',
      settings: {
        purpose: 'p',
        tokensPerMember: 3,
        capacity: 12,
        admission: 'knock',
        meeting: 'later',
        resources: [],
        agenda: findTemplate('weekly-45').phases,
      },
    },
    {
      clock,
      emptyGraceMs: 1e9,
      unclaimedGraceMs: 1e9,
      knockTtlMs: 1e9,
      commandBurst: 100,
      commandsPerSecond: 100,
      linksPerMember: 4,
      door: defaultDoorLimits,
    },
    { onEvent: (event) => events.push(event), onEnded: () => {} },
  );
  const fran = host.join('Fran', host.creatorSecret, undefined, rosterKeys('Fran'), waiter, 'a');
  if (!fran.ok || fran.kind !== 'member') throw new Error('creator refused');
  const franLink = new FakeLink();
  host.attach(fran.memberId, franLink);
  return { host, events, fran: fran.memberId, franLink };
}

describe('the room host and its member links', () => {
  it('[RM6] who is knocking is sent to the facilitator’s links alone, never broadcast, and moves with the role', () => {
    const { host, events, fran, franLink } = knockRoom();
    const ana = host.join('Ana', undefined, undefined, rosterKeys('Ana'), waiter, 'b');
    const anaId = ana.ok && ana.kind === 'knocking' ? ana.knockId : '';
    host.command(fran, { type: 'knock:admit', knockId: anaId }, 'admit-ana-1');
    const anaLink = new FakeLink();
    host.attach(anaId, anaLink);
    host.join('Secret Sam', undefined, undefined, rosterKeys('Secret Sam'), waiter, 'c');
    expect(franLink.lastPrivate).toMatchObject({ view: { knocks: [{ name: 'Secret Sam' }] } });
    expect(JSON.stringify([events, anaLink.received])).not.toContain('Secret Sam');
    host.command(fran, { type: 'role:facilitator', memberId: anaId }, 'handover-1');
    expect(anaLink.lastPrivate).toMatchObject({ view: { knocks: [{ name: 'Secret Sam' }] } });
    expect(franLink.lastPrivate).toMatchObject({ view: { knocks: [] } });
  });

  it('[RC5][RM7] a member’s fifth link lets the oldest go; a removed member’s links are closed', () => {
    const { host, fran, franLink } = knockRoom();
    const more = [new FakeLink(), new FakeLink(), new FakeLink(), new FakeLink()];
    for (const link of more) host.attach(fran, link);
    expect([franLink.closed, ...more.map((l) => l.closed)]).toEqual(['superseded', null, null, null, null]);
    const ana = host.join('Ana', undefined, undefined, rosterKeys('Ana'), waiter, 'b');
    const anaId = ana.ok && ana.kind === 'knocking' ? ana.knockId : '';
    host.command(fran, { type: 'knock:admit', knockId: anaId }, 'admit-ana-2');
    const anaLink = new FakeLink();
    host.attach(anaId, anaLink);
    host.command(fran, { type: 'member:remove', memberId: anaId }, 'remove-ana-1');
    expect(anaLink.closed).toBe('removed');
  });
});

describe('private signals and the door, at the host', () => {
  /** Fran's knock room after "Admit all" let in the three knocks her screen showed, each with a device. */
  function admittedThree() {
    const { host, events, fran, franLink } = knockRoom();
    const links = new Map<string, FakeLink>([[fran, franLink]]);
    const knocks = ['Ana', 'Ben', 'Ana'].map((name, i) =>
      host.join(name, undefined, undefined, rosterKeys(`${name}-${i}`), waiter, `addr-${i}`),
    );
    const ids = knocks.map((k) => (k.ok && k.kind === 'knocking' ? k.knockId : ''));
    const late = host.join('Late Lou', undefined, undefined, rosterKeys('Late Lou'), waiter, 'addr-late');
    expect(host.command(fran, { type: 'knock:admitAll', knockIds: ids }, 'admit-all-1')).toMatchObject({ ok: true });
    for (const id of ids) {
      links.set(id, new FakeLink());
      host.attach(id, links.get(id)!);
    }
    return { host, events, fran, ids, links, late: late.ok && late.kind === 'knocking' ? late.knockId : '' };
  }

  it('[RM6] “Admit all” lets in the knocks the facilitator was shown, each under its name; a later knock still waits', () => {
    const { host, fran, late } = admittedThree();
    expect(host.state.members.map((m) => m.name)).toEqual(['Fran', 'Ana', 'Ben', 'Ana (2)']);
    expect(host.privateViewFor(fran).knocks.map((k) => k.id)).toEqual([late]);
    expect(host.command(fran, { type: 'knock:admitAll', knockIds: ['gone-knock'] }, 'admit-all-2')).toMatchObject({
      ok: false,
    });
    expect(host.command(fran, { type: 'knock:declineAll', knockIds: [late] }, 'decline-all-1')).toMatchObject({
      ok: true,
    });
    expect(host.privateViewFor(fran).knocks).toEqual([]);
  });

  it('[PS1] a private signal reaches the member and the facilitator, nobody else; it moves with the role and goes with a removal', () => {
    const { host, events, fran, ids, links } = admittedThree();
    const [ana, ben] = ids as [string, string];
    const version = host.state.version;
    expect(host.command(ana, { type: 'signal:set', signal: 'talkAfter', on: true }, 'signal-1')).toMatchObject({
      ok: true,
    });
    expect(host.state.version).toBe(version);
    expect(JSON.stringify([events.slice(-1), host.state])).not.toContain('talkAfter');
    expect(links.get(fran)!.lastPrivate).toMatchObject({ view: { signals: [{ memberId: ana, talkAfter: true }] } });
    expect(links.get(ana)!.lastPrivate).toMatchObject({ view: { signals: [], mine: { talkAfter: true } } });
    expect(JSON.stringify(links.get(ben)!.received)).not.toContain('"talkAfter":true');
    host.command(fran, { type: 'role:facilitator', memberId: ben }, 'handover-2');
    expect(links.get(ben)!.lastPrivate).toMatchObject({ view: { signals: [{ memberId: ana, talkAfter: true }] } });
    expect(links.get(fran)!.lastPrivate).toMatchObject({ view: { signals: [] } });
    host.command(ben, { type: 'member:remove', memberId: ana }, 'remove-1');
    expect(links.get(ben)!.lastPrivate).toMatchObject({ view: { signals: [] } });
  });
});
