import { describe, expect, it } from 'vitest';
import { failoverCandidate, failoverDueAt } from '../../shared/src/room/roles.ts';
import { createRoomState } from '../../shared/src/room/state.ts';
import { lobby, must, refusalOf, T0 } from '../helpers/rooms.ts';
import { rosterKeys } from '../helpers/deviceKeys.ts';

describe('roles', () => {
  it('[RL1] only the facilitator runs the room; non-members are refused', () => {
    const s = lobby();
    expect(refusalOf(s, { type: 'session:start' }, 'ana', T0)).toBe('NOT_FACILITATOR');
    expect(refusalOf(s, { type: 'session:start' }, 'stranger', T0)).toBe('NOT_A_MEMBER');
    expect(refusalOf(s, { type: 'session:start' }, null, T0)).toBe('NOT_A_MEMBER');
  });

  it('[RC2] a member cannot send the server’s own commands', () => {
    const s = lobby();
    expect(
      refusalOf(s, { type: 'member:join', memberId: 'zzzzzz', name: 'Z', keys: rosterKeys('zzzzzz') }, 'fac', T0),
    ).toBe('NOT_ALLOWED');
    expect(refusalOf(s, { type: 'room:expire', reason: 'empty' }, 'fac', T0)).toBe('NOT_ALLOWED');
  });

  it('[RL2] the facilitator hands the role to a connected member, not to an absent one', () => {
    let s = must(lobby(), { type: 'member:presence', memberId: 'ben', connected: false }, null, T0);
    expect(refusalOf(s, { type: 'role:facilitator', memberId: 'ben' }, 'fac', T0)).toBe('NOT_ALLOWED');
    expect(refusalOf(s, { type: 'role:facilitator', memberId: 'fac' }, 'fac', T0)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'role:facilitator', memberId: 'ana' }, 'fac', T0 + 1);
    expect(s.facilitatorId).toBe('ana');
    expect(s.lastHandover).toEqual({ from: 'fac', to: 'ana', reason: 'handover', at: T0 + 1 });
    expect(refusalOf(s, { type: 'phase:next' }, 'fac', T0)).toBe('NOT_FACILITATOR');
  });

  it('[RL4] the facilitator names and clears the scribe', () => {
    let s = must(lobby(), { type: 'role:scribe', memberId: 'ben' }, 'fac', T0);
    expect(s.scribeId).toBe('ben');
    expect(refusalOf(s, { type: 'role:scribe', memberId: 'ben' }, 'fac', T0)).toBe('NOT_ALLOWED');
    expect(refusalOf(s, { type: 'role:scribe', memberId: 'nobody' }, 'fac', T0)).toBe('UNKNOWN_MEMBER');
    s = must(s, { type: 'role:scribe', memberId: null }, 'fac', T0);
    expect(s.scribeId).toBeNull();
  });

  it('[RL3] failover falls due 60 s after the facilitator left, to the member present longest', () => {
    let s = lobby();
    expect(failoverDueAt(s)).toBeNull();
    s = must(s, { type: 'member:presence', memberId: 'ana', connected: false }, null, T0 + 1);
    s = must(s, { type: 'member:presence', memberId: 'ana', connected: true }, null, T0 + 2);
    s = must(s, { type: 'member:presence', memberId: 'fac', connected: false }, null, T0 + 10);
    expect(failoverDueAt(s)).toBe(T0 + 60_010);
    expect(failoverCandidate(s)).toBe('ben');
    expect(refusalOf(s, { type: 'facilitator:failover' }, null, T0 + 60_009)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'facilitator:failover' }, null, T0 + 60_010);
    expect(s.facilitatorId).toBe('ben');
    s = must(s, { type: 'member:presence', memberId: 'fac', connected: true }, null, T0 + 70_000);
    expect(s.facilitatorId).toBe('ben');
    expect(failoverDueAt(s)).toBeNull();
  });

  it('[RL3][RM1] with nobody else here, the role waits; a creator who never came keeps it', () => {
    let s = must(lobby([]), { type: 'member:presence', memberId: 'fac', connected: false }, null, T0);
    expect(refusalOf(s, { type: 'facilitator:failover' }, null, T0 + 120_000)).toBe('NOT_ALLOWED');
    s = createRoomState(
      {
        purpose: 'p',
        tokensPerMember: 3,
        capacity: 12,
        admission: 'open',
        meeting: 'later',
        resources: [],
        agenda: s.agenda,
        creatorId: 'creator',
      },
      T0,
    );
    s = must(s, { type: 'member:join', memberId: 'ana', name: 'Ana', keys: rosterKeys('ana') }, null, T0 + 5);
    expect(failoverDueAt(s)).toBeNull();
    expect(refusalOf(s, { type: 'facilitator:failover' }, null, T0 + 3_600_000)).toBe('NOT_ALLOWED');
    expect(s.facilitatorId).toBe('creator');
  });

  it('[RM2][RC2] an ended room refuses everything', () => {
    const s = must(lobby(), { type: 'room:end' }, 'fac', T0);
    expect(s.session).toEqual({ stage: 'ended', reason: 'facilitator' });
    expect(
      refusalOf(s, { type: 'member:join', memberId: 'zzzzzz', name: 'Z', keys: rosterKeys('zzzzzz') }, null, T0),
    ).toBe('ROOM_ENDED');
  });

  it('[RM3][RM4] joins respect capacity; a name is kept as the server numbered it', () => {
    let s = lobby([]);
    s = must(s, { type: 'member:join', memberId: 'x1', name: ' FAC (2) ', keys: rosterKeys('x1') }, null, T0);
    s = must(s, { type: 'member:join', memberId: 'x3', name: 'fac (3)', keys: rosterKeys('x3') }, null, T0);
    expect(s.members.slice(-2).map((m) => m.name)).toEqual(['FAC (2)', 'fac (3)']);
    for (let i = 0; i < 9; i++)
      s = must(s, { type: 'member:join', memberId: `m${i}`, name: `M ${i}`, keys: rosterKeys(`m${i}`) }, null, T0);
    expect(refusalOf(s, { type: 'member:join', memberId: 'x2', name: 'Late', keys: rosterKeys('x2') }, null, T0)).toBe(
      'ROOM_FULL',
    );
  });

  it('[RM1][RM3] the creator’s place is kept: strangers cannot fill the room before they come', () => {
    let s = createRoomState(
      {
        purpose: 'p',
        tokensPerMember: 3,
        capacity: 3,
        admission: 'open',
        meeting: 'later',
        resources: [],
        agenda: lobby().agenda,
        creatorId: 'creator',
      },
      T0,
    );
    s = must(s, { type: 'member:join', memberId: 'ana', name: 'Ana', keys: rosterKeys('ana') }, null, T0);
    s = must(s, { type: 'member:join', memberId: 'ben', name: 'Ben', keys: rosterKeys('ben') }, null, T0);
    expect(refusalOf(s, { type: 'member:join', memberId: 'cy', name: 'Cy', keys: rosterKeys('cy') }, null, T0)).toBe(
      'ROOM_FULL',
    );
    s = must(s, { type: 'member:join', memberId: 'creator', name: 'Fran', keys: rosterKeys('creator') }, null, T0);
    expect(s.members.map((m) => m.id)).toEqual(['ana', 'ben', 'creator']);
  });
});
