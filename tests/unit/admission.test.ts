import { describe, expect, it } from 'vitest';
import { doorRefusal, knockRefusal } from '../../shared/src/room/admission.ts';
import { canDo } from '../../shared/src/room/reduce.ts';
import {
  createRoomState,
  currentRound,
  currentRun,
  currentSpeakerId,
  type RoomState,
} from '../../shared/src/room/state.ts';
import { findTemplate } from '../../shared/src/room/templates.ts';
import { remainingMs } from '../../shared/src/room/timer.ts';
import { lobby, must, refusalOf, T0 } from '../helpers/rooms.ts';
import { rosterKeys } from '../helpers/deviceKeys.ts';

/** A knock room with its creator ('fac') in. */
function knockRoom(): RoomState {
  const agenda = findTemplate('weekly-45').phases;
  const s = createRoomState(
    {
      purpose: 'p',
      tokensPerMember: 3,
      capacity: 4,
      admission: 'knock',
      meeting: 'later',
      resources: [],
      agenda,
      creatorId: 'fac',
    },
    T0,
  );
  return must(s, { type: 'member:join', memberId: 'fac', name: 'Fran', keys: rosterKeys('fac') }, null, T0);
}

describe('admission', () => {
  it('[RM6] in a knock room only the creator joins straight in; a knock let in becomes a member', () => {
    let s = knockRoom();
    expect(
      refusalOf(s, { type: 'member:join', memberId: 'lina01', name: 'Lina', keys: rosterKeys('lina01') }, null, T0),
    ).toBe('NOT_ALLOWED');
    expect(knockRefusal(s)).toBeNull();
    s = must(s, { type: 'member:admit', memberId: 'lina01', name: ' Lina ', keys: rosterKeys('lina01') }, null, T0 + 5);
    expect(s.members.map((m) => [m.id, m.name, m.connected])).toEqual([
      ['fac', 'Fran', true],
      ['lina01', 'Lina', true],
    ]);
    expect(
      refusalOf(s, { type: 'member:admit', memberId: 'lina01', name: 'Lina', keys: rosterKeys('lina01') }, null, T0),
    ).toBe('BAD_INPUT');
  });

  it('[RM6] who is knocking is not in the replicated state: every device gets the same state', () => {
    expect(Object.keys(knockRoom())).not.toContain('knocks');
  });

  it('[RM6] only the facilitator answers at the door, and canDo says so', () => {
    const s = must(
      knockRoom(),
      { type: 'member:admit', memberId: 'ana', name: 'Ana', keys: rosterKeys('ana') },
      null,
      T0,
    );
    expect(doorRefusal(s, 'fac')).toBeNull();
    expect(doorRefusal(s, 'ana')?.code).toBe('NOT_FACILITATOR');
    expect(doorRefusal(s, 'stranger')?.code).toBe('NOT_A_MEMBER');
    expect(canDo(s, { type: 'knock:declineAll', knockIds: ['k1'] }, 'ana', T0)?.code).toBe('NOT_FACILITATOR');
    expect(canDo(s, { type: 'knock:admit', knockId: 'k1' }, 'fac', T0)).toBeNull();
  });

  it('[RM6][RM3] admitting respects capacity', () => {
    let s = knockRoom();
    for (const id of ['k1', 'k2', 'k3'])
      s = must(s, { type: 'member:admit', memberId: id, name: id, keys: rosterKeys(id) }, null, T0);
    expect(refusalOf(s, { type: 'member:admit', memberId: 'k4', name: 'k4', keys: rosterKeys('k4') }, null, T0)).toBe(
      'ROOM_FULL',
    );
  });

  it('[RM6] a locked room takes no knocks and no joins, but lets in a knock already waiting', () => {
    let s = must(knockRoom(), { type: 'room:lock', locked: true }, 'fac', T0);
    expect(knockRefusal(s)?.code).toBe('ROOM_LOCKED');
    expect(refusalOf(s, { type: 'room:lock', locked: true }, 'fac', T0)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'member:admit', memberId: 'k1', name: 'Waited', keys: rosterKeys('k1') }, null, T0);
    expect(s.members.map((m) => m.name)).toContain('Waited');
    s = must(s, { type: 'room:lock', locked: false }, 'fac', T0);
    expect(s.locked).toBe(false);
    const open = must(lobby([]), { type: 'room:lock', locked: true }, 'fac', T0);
    expect(
      refusalOf(open, { type: 'member:join', memberId: 'zz1', name: 'Z', keys: rosterKeys('zz1') }, null, T0),
    ).toBe('ROOM_LOCKED');
    expect(knockRefusal(lobby([]))?.code).toBe('NOT_ALLOWED');
  });
});

describe('removing a member', () => {
  /** The Weekly 45's check-in round under way, with fac, ana, ben and cy in its order. */
  function inRound(): RoomState {
    return must(lobby(['ana', 'ben', 'cy']), { type: 'session:start' }, 'fac', T0);
  }

  it('[RM7] the member leaves the state entirely: place, hand, role and turn counts', () => {
    let s = must(lobby(['ana', 'ben'], 'biweekly-60'), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0); // the open floor
    s = must(s, { type: 'role:scribe', memberId: 'ana' }, 'fac', T0);
    s = must(s, { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0);
    s = must(s, { type: 'turn:end' }, 'ana', T0);
    s = must(s, { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'member:remove', memberId: 'ana' }, 'fac', T0);
    expect(s.members.map((m) => m.id)).toEqual(['fac', 'ben']);
    expect([s.scribeId, s.hands, s.turnsThisPhase]).toEqual([null, [], {}]);
  });

  it('[RM7] in a round, a turn still to come is dropped; the speaker’s turn passes to the next', () => {
    let s = inRound();
    expect(currentSpeakerId(s)).toBe('fac');
    s = must(s, { type: 'member:remove', memberId: 'ben' }, 'fac', T0 + 1);
    const run = currentRound(s)?.run ?? null;
    expect([run?.order, run?.turnIndex]).toEqual([['fac', 'ana', 'cy'], 0]);
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 2);
    s = must(s, { type: 'member:remove', memberId: 'ana' }, 'fac', T0 + 3);
    expect(currentSpeakerId(s)).toBe('cy');
    expect(currentRound(s)?.run.turn?.startedAt).toBe(T0 + 3);
  });

  it('[RM7] the person in the hot seat leaves it free; the facilitator cannot remove themselves', () => {
    let s = must(inRound(), { type: 'phase:next' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0); // the hot seat
    s = must(s, { type: 'hotseat:pick', memberId: 'ben' }, 'fac', T0);
    s = must(s, { type: 'member:remove', memberId: 'ben' }, 'fac', T0);
    expect(currentRun(s)).toMatchObject({ kind: 'hotseat', seatId: null, stepTimer: null });
    expect(refusalOf(s, { type: 'member:remove', memberId: 'fac' }, 'fac', T0)).toBe('NOT_ALLOWED');
    expect(refusalOf(s, { type: 'member:remove', memberId: 'cy' }, 'ana', T0)).toBe('NOT_FACILITATOR');
  });

  it('[RM7][AG4] the phases left behind forget them too', () => {
    let s = inRound();
    s = must(s, { type: 'phase:next' }, 'fac', T0);
    s = must(s, { type: 'member:remove', memberId: 'ana' }, 'fac', T0);
    s = must(s, { type: 'phase:prev' }, 'fac', T0);
    expect(currentRound(s)?.run.order).toEqual(['fac', 'ben', 'cy']);
  });

  it('[RM7][AG4] removed while it was their turn in a phase left behind: the next person gets a whole turn', () => {
    let s = must(inRound(), { type: 'turn:end' }, 'fac', T0 + 5_000); // Ana's turn starts
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 15_000); // with 10 s of it used
    s = must(s, { type: 'member:remove', memberId: 'ana' }, 'fac', T0 + 16_000);
    s = must(s, { type: 'phase:prev' }, 'fac', T0 + 20_000);
    const round = currentRound(s)?.run ?? null;
    const turnMs = s.agenda[0]?.kind === 'round' ? s.agenda[0].turnMs : 0;
    expect(round?.order[round.turnIndex]).toBe('ben');
    expect(round?.turn && remainingMs(round.turn, T0 + 20_000)).toBe(turnMs);
  });
});
