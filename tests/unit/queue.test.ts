import { describe, expect, it } from 'vitest';
import { agendaSpendsTokens, nextSpeaker, queueOrder, queueRules } from '../../shared/src/room/queue.ts';
import { nextDeadline } from '../../shared/src/room/deadlines.ts';
import { reduce } from '../../shared/src/room/reduce.ts';
import { currentRun, type RoomState } from '../../shared/src/room/state.ts';
import { lobby, must, refusalOf, T0 } from '../helpers/rooms.ts';

/** A Bi-weekly 60 room at phase `index` (2: the open-floor brainstorm; 1: the topic spotlight hot seat). */
function atPhase(index: number, others = ['ana', 'ben', 'cy']): RoomState {
  let s = must(lobby(others, 'biweekly-60'), { type: 'session:start' }, 'fac', T0);
  // The check-in's stress question, closed with no answers, so its clock is out of the way.
  s = must(s, { type: 'answers:close' }, 'fac', T0);
  for (let i = 0; i < index; i++) s = must(s, { type: 'phase:next' }, 'fac', T0);
  return s;
}
const order = (s: RoomState) => queueOrder(s).map((h) => h.memberId);
const tokens = (s: RoomState, id: string) => s.members.find((m) => m.id === id)!.tokens;

describe('talk tokens', () => {
  it('[TK1][TK2] a turn in the open floor spends one token when it starts, not when the hand goes up', () => {
    let s = must(atPhase(2), { type: 'hand:raise' }, 'ana', T0 + 1);
    expect(tokens(s, 'ana')).toBe(3);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0 + 2);
    expect(tokens(s, 'ana')).toBe(2);
    expect(s.floor).toMatchObject({ memberId: 'ana', timer: { startedAt: T0 + 2, durationMs: 120_000 } });
  });

  it('[TK3] with no tokens left a member cannot queue, and is told why', () => {
    let s = atPhase(2);
    for (let i = 0; i < 3; i++) {
      s = must(s, { type: 'hand:raise' }, 'ana', T0);
      s = must(s, { type: 'queue:callNext' }, 'fac', T0);
      s = must(s, { type: 'turn:end' }, 'ana', T0);
    }
    expect(tokens(s, 'ana')).toBe(0);
    const result = reduce(s, { type: 'hand:raise' }, { actor: 'ana', now: T0 });
    expect(result).toMatchObject({ ok: false, code: 'NO_TOKENS' });
    expect(!result.ok && result.message).toMatch(/no talk tokens left/);
    expect(refusalOf(s, { type: 'queue:call', memberId: 'ana' }, 'fac', T0)).toBe('NO_TOKENS');
    s = must(s, { type: 'token:grant', memberId: 'ana' }, 'fac', T0);
    expect(s.members.find((m) => m.id === 'ana')).toMatchObject({ tokens: 1, tokensGranted: 4 });
    must(s, { type: 'hand:raise' }, 'ana', T0);
  });

  it('[TK2][HQ4] a hot seat’s question turn lasts the phase’s turn length, and spends a token only where the phase says so', () => {
    let s = atPhase(1);
    s = must(s, { type: 'hotseat:pick', memberId: 'cy' }, 'fac', T0);
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0);
    expect(queueRules(s)).toMatchObject({ open: true, costsToken: false, excluded: 'cy' });
    s = must(s, { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0);
    expect(tokens(s, 'ana')).toBe(3);
    expect(s.floor?.timer.durationMs).toBe(60_000);

    // The Weekly 45's hot seat spends tokens: that is where one voice most often dominates.
    let weekly = must(lobby(['ana', 'ben', 'cy']), { type: 'session:start' }, 'fac', T0);
    for (let i = 0; i < 2; i++) weekly = must(weekly, { type: 'phase:next' }, 'fac', T0);
    weekly = must(weekly, { type: 'hotseat:pick', memberId: 'cy' }, 'fac', T0);
    weekly = must(weekly, { type: 'hotseat:nextStep' }, 'fac', T0);
    weekly = must(weekly, { type: 'hand:raise' }, 'ana', T0);
    weekly = must(weekly, { type: 'queue:callNext' }, 'fac', T0);
    expect(tokens(weekly, 'ana')).toBe(2);
  });

  it('[TK1] the room shows talk tokens only where some phase spends them', () => {
    expect(agendaSpendsTokens(lobby([], 'short-30').agenda)).toBe(false);
    expect(agendaSpendsTokens(lobby([], 'weekly-45').agenda)).toBe(true);
    expect(agendaSpendsTokens(lobby([], 'biweekly-60').agenda)).toBe(true);
  });

  it('[TK2] round turns cost nothing', () => {
    let s = must(lobby(['ana']), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'turn:end' }, 'fac', T0);
    expect(s.members.map((m) => m.tokens)).toEqual([3, 3]);
  });
});

describe('the hand queue', () => {
  it('[HQ2] fair order: fewer turns this phase first, then earlier raise; first-come when switched', () => {
    let s = atPhase(2);
    s = must(s, { type: 'hand:raise' }, 'ana', T0 + 1);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0 + 2);
    s = must(s, { type: 'turn:end' }, 'ana', T0 + 3);
    s = must(s, { type: 'hand:raise' }, 'ana', T0 + 4);
    s = must(s, { type: 'hand:raise' }, 'ben', T0 + 5);
    s = must(s, { type: 'hand:raise' }, 'cy', T0 + 6);
    expect(order(s)).toEqual(['ben', 'cy', 'ana']);
    s = must(s, { type: 'queue:mode', mode: 'first-come' }, 'fac', T0 + 7);
    expect(order(s)).toEqual(['ana', 'ben', 'cy']);
  });

  it('[HQ3] hands go up only where the queue applies; the person in the hot seat does not queue', () => {
    expect(refusalOf(atPhase(0), { type: 'hand:raise' }, 'ana', T0)).toBe('WRONG_PHASE');
    expect(refusalOf(lobby(), { type: 'hand:raise' }, 'ana', T0)).toBe('WRONG_PHASE');
    let s = must(atPhase(1), { type: 'hotseat:pick', memberId: 'cy' }, 'fac', T0);
    expect(refusalOf(s, { type: 'hand:raise' }, 'ana', T0)).toBe('WRONG_PHASE');
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0);
    expect(refusalOf(s, { type: 'hand:raise' }, 'cy', T0)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0);
    expect(s.hands).toEqual([]);
  });

  it('[HQ4] the facilitator calls the next, a specific member, or lowers a hand; a called hand lowers itself', () => {
    let s = atPhase(2);
    s = must(s, { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'hand:raise' }, 'ben', T0);
    expect(refusalOf(s, { type: 'hand:raise' }, 'ben', T0)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'queue:call', memberId: 'ben' }, 'fac', T0);
    expect([s.floor?.memberId, order(s)]).toEqual(['ben', ['ana']]);
    s = must(s, { type: 'queue:lower', memberId: 'ana' }, 'fac', T0);
    expect(s.hands).toEqual([]);
    expect(refusalOf(s, { type: 'queue:callNext' }, 'fac', T0)).toBe('NOT_ALLOWED');
    expect(refusalOf(s, { type: 'queue:callNext' }, 'ana', T0)).toBe('NOT_FACILITATOR');
  });

  it('[HQ8][TK4] calling while someone has the floor is refused, so a double tap never spends twice', () => {
    let s = must(atPhase(2), { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'hand:raise' }, 'ben', T0);
    s = must(s, { type: 'queue:call', memberId: 'ana' }, 'fac', T0);
    expect(refusalOf(s, { type: 'queue:call', memberId: 'ana' }, 'fac', T0)).toBe('NOT_ALLOWED');
    expect(refusalOf(s, { type: 'queue:callNext' }, 'fac', T0)).toBe('NOT_ALLOWED');
    expect([tokens(s, 'ana'), s.turnsThisPhase.ana, s.floor?.memberId]).toEqual([2, 1, 'ana']);
  });

  it('[HQ4][HQ9] "call next" passes over a member who is away; they keep their place', () => {
    let s = must(atPhase(2), { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'hand:raise' }, 'ben', T0);
    s = must(s, { type: 'member:presence', memberId: 'ana', connected: false }, null, T0);
    expect(nextSpeaker(s)).toBe('ben');
    s = must(s, { type: 'queue:callNext' }, 'fac', T0);
    expect([s.floor?.memberId, order(s)]).toEqual(['ben', ['ana']]);
    s = must(s, { type: 'turn:end' }, 'ben', T0);
    expect(refusalOf(s, { type: 'queue:callNext' }, 'fac', T0)).toBe('NOT_ALLOWED');
  });

  it('[HQ5] with auto-call on, ending a turn calls the next in the queue', () => {
    let s = must(atPhase(2), { type: 'queue:autoCall', on: true }, 'fac', T0);
    s = must(s, { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'hand:raise' }, 'ben', T0);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0);
    expect(refusalOf(s, { type: 'turn:end' }, 'ben', T0)).toBe('NOT_YOUR_TURN');
    s = must(s, { type: 'turn:end' }, 'ana', T0 + 1_000);
    expect(s.floor).toMatchObject({ memberId: 'ben', timer: { startedAt: T0 + 1_000 } });
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 2_000);
    expect(s.floor).toBeNull();
  });

  it('[HQ6] in a round the member whose turn it is can pass; nobody else can', () => {
    let s = atPhase(0);
    expect(refusalOf(s, { type: 'turn:pass' }, 'ana', T0)).toBe('NOT_YOUR_TURN');
    s = must(s, { type: 'turn:pass' }, 'fac', T0);
    const run = currentRun(s)!;
    expect(run.kind === 'round' && [run.turnIndex, run.passed]).toEqual([1, ['fac']]);
    expect(refusalOf(s, { type: 'turn:pass' }, 'fac', T0)).toBe('NOT_YOUR_TURN');
  });

  it('[HQ7] at "Reflections & options" the person in the seat chooses ideas or just space', () => {
    let s = must(atPhase(1), { type: 'hotseat:pick', memberId: 'cy' }, 'fac', T0);
    expect(refusalOf(s, { type: 'hotseat:choose', choice: 'space' }, 'cy', T0)).toBe('WRONG_PHASE');
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0);
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0);
    expect(refusalOf(s, { type: 'hotseat:choose', choice: 'space' }, 'ana', T0)).toBe('NOT_YOUR_TURN');
    s = must(s, { type: 'hotseat:choose', choice: 'space' }, 'cy', T0);
    expect(currentRun(s)).toMatchObject({ kind: 'hotseat', choice: 'space' });
  });

  it('[HQ9] a member away keeps their hand for 60 s, then it lowers', () => {
    let s = atPhase(2);
    s = must(s, { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'hand:raise' }, 'ben', T0);
    s = must(s, { type: 'member:presence', memberId: 'ana', connected: false }, null, T0 + 10_000);
    expect(nextDeadline(s)).toEqual({ at: T0 + 70_000, command: { type: 'hands:expire' } });
    expect(refusalOf(s, { type: 'hands:expire' }, null, T0 + 69_999)).toBe('NOT_ALLOWED');
    const back = must(s, { type: 'member:presence', memberId: 'ana', connected: true }, null, T0 + 30_000);
    expect(order(back)).toEqual(['ana', 'ben']);
    expect(nextDeadline(back)).toBeNull();
    s = must(s, { type: 'hands:expire' }, null, T0 + 70_000);
    expect(order(s)).toEqual(['ben']);
  });

  it('[HQ3] a new phase or hot-seat step starts with no hands, no speaker and no turns counted', () => {
    let s = must(atPhase(2), { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'hand:raise' }, 'ben', T0);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0);
    expect([s.hands, s.floor, s.turnsThisPhase]).toEqual([[], null, {}]);
  });

  it('[TM3] pause and add a minute act on the floor turn too', () => {
    let s = must(atPhase(2), { type: 'hand:raise' }, 'ana', T0);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0);
    s = must(s, { type: 'timer:pause' }, 'fac', T0 + 10_000);
    s = must(s, { type: 'timer:addMinute' }, 'fac', T0 + 20_000);
    expect(s.floor!.timer).toEqual({
      startedAt: T0,
      durationMs: 180_000,
      pausedAt: T0 + 10_000,
      elapsedBeforePause: 0,
    });
  });
});
