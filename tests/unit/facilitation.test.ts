import { describe, expect, it } from 'vitest';
import { queueOrder } from '../../shared/src/room/queue.ts';
import { currentHotSeat, currentReport, currentRound, currentRun, phaseTimer } from '../../shared/src/room/state.ts';
import { findTemplate } from '../../shared/src/room/templates.ts';
import { isPaused, remainingMs } from '../../shared/src/room/timer.ts';
import { lobby, must, refusalOf, T0 } from '../helpers/rooms.ts';

const MIN = 60_000;

/** Weekly 45, started, moved on to phase `index`. */
function atPhase(index: number, others = ['ana', 'ben', 'cy']) {
  let s = must(lobby(others), { type: 'session:start' }, 'fac', T0);
  for (let i = 0; i < index; i++) s = must(s, { type: 'phase:next' }, 'fac', T0);
  return s;
}

describe('the report-back round', () => {
  it('[RB1] walks the members in turn, last time first, then this time, each with a turn timer', () => {
    let s = atPhase(3);
    expect(currentReport(s)?.run).toMatchObject({ order: ['fac', 'ana', 'ben', 'cy'], turnIndex: 0, part: 'last' });
    expect(currentReport(s)?.run.turn?.durationMs).toBe(MIN);
    s = must(s, { type: 'report:next', memberId: 'fac', from: 'last' }, 'fac', T0 + 30_000);
    expect(currentReport(s)?.run).toMatchObject({ turnIndex: 0, part: 'this' });
    s = must(s, { type: 'report:next', memberId: 'fac', from: 'this' }, 'fac', T0 + 60_000);
    expect(currentReport(s)?.run).toMatchObject({ turnIndex: 1, part: 'last' });
    expect(currentReport(s)?.run.turn?.startedAt).toBe(T0 + 60_000);
  });

  it('[RB1] a member with no “last time” goes straight to this time; a late second tap moves nothing', () => {
    let s = atPhase(3);
    // The facilitator's screen showed this time at once: the board had no last time for them.
    s = must(s, { type: 'report:next', memberId: 'fac', from: 'this' }, 'fac', T0 + 1);
    expect(currentReport(s)?.run).toMatchObject({ turnIndex: 1, part: 'last' });
    // Two taps on "Next person" for the facilitator's row: the second moves nobody on.
    expect(refusalOf(s, { type: 'report:next', memberId: 'fac', from: 'this' }, 'fac', T0 + 1)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'report:next', memberId: 'ana', from: 'last' }, 'ana', T0 + 2);
    expect(refusalOf(s, { type: 'report:next', memberId: 'ana', from: 'last' }, 'fac', T0 + 3)).toBe('NOT_ALLOWED');
    // The scribe moves it on too; a member out of focus does not.
    s = must(s, { type: 'role:scribe', memberId: 'cy' }, 'fac', T0 + 3);
    expect(refusalOf(s, { type: 'report:next', memberId: 'ana', from: 'this' }, 'ben', T0 + 4)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'report:next', memberId: 'ana', from: 'this' }, 'cy', T0 + 4);
    expect(currentReport(s)?.run.turnIndex).toBe(2);
  });

  it('[RB1][TM3][SF1] the report-back turn pauses, resumes and takes an added minute with the phase, and holds through a pause for support', () => {
    let s = atPhase(3);
    s = must(s, { type: 'timer:pause' }, 'fac', T0 + 10_000);
    expect(isPaused(currentReport(s)!.run.turn!)).toBe(true);
    s = must(s, { type: 'timer:resume' }, 'fac', T0 + 70_000);
    s = must(s, { type: 'timer:addMinute' }, 'fac', T0 + 70_000);
    expect(remainingMs(currentReport(s)!.run.turn!, T0 + 70_000)).toBe(MIN + 50_000);
    s = must(s, { type: 'support:pause' }, 'fac', T0 + 80_000);
    expect(remainingMs(currentReport(s)!.run.turn!, T0 + 10 * MIN)).toBe(MIN + 40_000);
    s = must(s, { type: 'support:resume' }, 'fac', T0 + 10 * MIN);
    // A turn that starts while the clock is paused starts paused, and runs once it resumes.
    s = must(s, { type: 'timer:pause' }, 'fac', T0 + 10 * MIN);
    s = must(s, { type: 'report:next', memberId: 'fac', from: 'this' }, 'fac', T0 + 10 * MIN);
    expect(isPaused(currentReport(s)!.run.turn!)).toBe(true);
    s = must(s, { type: 'timer:resume' }, 'fac', T0 + 11 * MIN);
    expect(isPaused(currentReport(s)!.run.turn!)).toBe(false);
    // Leaving the phase and coming back: the turn waited with it.
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 11 * MIN);
    s = must(s, { type: 'phase:prev' }, 'fac', T0 + 20 * MIN);
    expect(remainingMs(currentReport(s)!.run.turn!, T0 + 20 * MIN)).toBe(MIN);
  });

  it('[RB1][AG3] someone away when their row comes is skipped; removing the member in focus hands it on', () => {
    let s = atPhase(3);
    s = must(s, { type: 'member:presence', memberId: 'ana', connected: false }, null, T0 + 1);
    s = must(s, { type: 'report:next', memberId: 'fac', from: 'this' }, 'fac', T0 + 2);
    expect(currentReport(s)?.run).toMatchObject({ turnIndex: 2, skipped: ['ana'] });
    s = must(s, { type: 'member:remove', memberId: 'ben' }, 'fac', T0 + 3);
    expect(currentReport(s)?.run).toMatchObject({ order: ['fac', 'ana', 'cy'], turnIndex: 2, part: 'last' });
  });
});

describe('turns that went by, and the facilitator role', () => {
  it('[AG3] a turn skipped while away is given back: by the facilitator, or taken by the member who returns', () => {
    let s = atPhase(1); // the round-robin: ana, ben, cy, fac
    s = must(s, { type: 'member:presence', memberId: 'ben', connected: false }, null, T0 + 1);
    s = must(s, { type: 'turn:end' }, 'ana', T0 + 2); // ben's turn comes: he is away
    expect(currentRound(s)?.run).toMatchObject({ skipped: ['ben'] });
    expect(refusalOf(s, { type: 'turn:giveBack', memberId: 'ben' }, 'fac', T0 + 3)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'member:presence', memberId: 'ben', connected: true }, null, T0 + 3);
    expect(refusalOf(s, { type: 'turn:giveBack', memberId: 'ben' }, 'ana', T0 + 4)).toBe('NOT_FACILITATOR');
    s = must(s, { type: 'turn:giveBack', memberId: 'ben' }, 'ben', T0 + 4);
    const run = currentRound(s)!.run;
    expect([run.order[run.turnIndex], run.order[run.turnIndex + 1], run.skipped]).toEqual(['cy', 'ben', []]);
    s = must(s, { type: 'turn:end' }, 'cy', T0 + 5);
    expect(currentRound(s)?.run.order[currentRound(s)!.run.turnIndex]).toBe('ben');
  });

  it('[AG3][RB1] someone away when a round or the report-back began comes in at its end on returning', () => {
    let s = must(lobby(['ana', 'ben', 'cy']), { type: 'member:presence', memberId: 'cy', connected: false }, null, T0);
    s = must(s, { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0); // the round-robin, without Cy
    expect(currentRound(s)?.run.order).not.toContain('cy');
    s = must(s, { type: 'member:presence', memberId: 'cy', connected: true }, null, T0 + 1);
    expect(currentRound(s)?.run.order.at(-1)).toBe('cy');
    s = must(s, { type: 'member:presence', memberId: 'cy', connected: false }, null, T0 + 2);
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 3);
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 4); // the report-back, without Cy
    expect(currentReport(s)?.run.order).not.toContain('cy');
    s = must(s, { type: 'member:presence', memberId: 'cy', connected: true }, null, T0 + 5);
    expect(currentReport(s)?.run.order.at(-1)).toBe('cy');
  });

  it('[AG3] a turn given back once everyone has spoken starts at once', () => {
    let s = atPhase(1);
    s = must(s, { type: 'member:presence', memberId: 'cy', connected: false }, null, T0 + 1);
    for (let i = 0; i < 3; i++) s = must(s, { type: 'turn:end' }, 'fac', T0 + 2 + i);
    expect(currentRound(s)?.run).toMatchObject({ turn: null, skipped: ['cy'] });
    s = must(s, { type: 'member:presence', memberId: 'cy', connected: true }, null, T0 + 10);
    s = must(s, { type: 'turn:giveBack', memberId: 'cy' }, 'fac', T0 + 11);
    const run = currentRound(s)!.run;
    expect([run.order[run.turnIndex], run.turn?.startedAt]).toEqual(['cy', T0 + 11]);
  });

  it('[RL5] the creator can always take the role back; the scribe or the next in line as soon as the facilitator is away', () => {
    let s = must(lobby(), { type: 'role:facilitator', memberId: 'ana' }, 'fac', T0);
    expect(refusalOf(s, { type: 'role:take' }, 'ben', T0)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'role:scribe', memberId: 'cy' }, 'ana', T0);
    s = must(s, { type: 'member:presence', memberId: 'ana', connected: false }, null, T0 + 1);
    s = must(s, { type: 'role:take' }, 'cy', T0 + 2);
    expect([s.facilitatorId, s.lastHandover?.reason]).toEqual(['cy', 'taken']);
    s = must(s, { type: 'role:take' }, 'fac', T0 + 3);
    expect(s.facilitatorId).toBe('fac');
  });
});

describe('the hot seat, the agenda and the queue', () => {
  it('[AG5] one slip of “Next step” is taken back: the step, its clock, its raised hands and the choice', () => {
    let s = atPhase(2);
    s = must(s, { type: 'hotseat:pick', memberId: 'ana' }, 'fac', T0);
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0 + MIN); // clarifying questions
    s = must(s, { type: 'hand:raise' }, 'ben', T0 + MIN + 1);
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0 + MIN + 30_000); // the slip
    expect(s.hands).toEqual([]);
    s = must(s, { type: 'hotseat:prevStep' }, 'fac', T0 + MIN + 40_000);
    const seat = currentHotSeat(s)!.run;
    expect(seat.stepIndex).toBe(1);
    expect(remainingMs(seat.stepTimer!, T0 + MIN + 40_000)).toBe(2 * MIN - 30_000);
    expect(s.hands.map((h) => h.memberId)).toEqual(['ben']);
    expect(refusalOf(s, { type: 'hotseat:prevStep' }, 'fac', T0)).toBe('NOT_ALLOWED');
  });

  it('[AG5] a slip past the seat’s last step is taken back too; not while a turn taken since is under way', () => {
    let s = atPhase(2);
    s = must(s, { type: 'hotseat:pick', memberId: 'ana' }, 'fac', T0);
    const last = currentHotSeat(s)!.phase.steps.length - 1;
    for (let i = 0; i < last; i++) s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0 + i); // at “Close the loop”
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0 + 10); // the slip frees the seat
    expect(currentHotSeat(s)?.run.seatId).toBeNull();
    s = must(s, { type: 'hotseat:prevStep' }, 'fac', T0 + 20);
    expect(currentHotSeat(s)?.run).toMatchObject({ seatId: 'ana', stepIndex: last, seatsDone: [] });

    // A slip from the questions, then Ben raises his hand and is called: his token is spent.
    s = must(
      must(atPhase(2), { type: 'hotseat:pick', memberId: 'ana' }, 'fac', T0),
      { type: 'hotseat:nextStep' },
      'fac',
      T0,
    );
    s = must(s, { type: 'hand:raise' }, 'ben', T0 + 1);
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0 + 2);
    s = must(s, { type: 'hand:raise' }, 'ben', T0 + 3);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0 + 4);
    expect(refusalOf(s, { type: 'hotseat:prevStep' }, 'fac', T0 + 5)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'turn:end' }, 'ben', T0 + 6);
    s = must(s, { type: 'hotseat:prevStep' }, 'fac', T0 + 7);
    expect(s.hands.map((h) => h.memberId)).toEqual(['ben']);
  });

  it('[AG4] going back a phase puts its raised hands back in the queue', () => {
    let s = atPhase(2);
    s = must(s, { type: 'hotseat:pick', memberId: 'ana' }, 'fac', T0);
    s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0 + 1);
    s = must(s, { type: 'hand:raise' }, 'ben', T0 + 2);
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 3);
    s = must(s, { type: 'phase:prev' }, 'fac', T0 + 4);
    expect(s.hands.map((h) => h.memberId)).toEqual(['ben']);
  });

  it('[AG1] once the session runs, only the phases still to come can change', () => {
    const s = atPhase(1);
    const agenda = s.agenda;
    const reordered = [agenda[0]!, agenda[1]!, agenda[3]!, agenda[2]!, agenda[4]!];
    expect(must(s, { type: 'agenda:set', agenda: reordered }, 'fac', T0).agenda[2]?.kind).toBe('commitments');
    const shortened = agenda.map((p, i) => (i === 4 ? { ...p, durationMs: MIN } : p));
    expect(must(s, { type: 'agenda:set', agenda: shortened }, 'fac', T0).agenda[4]?.durationMs).toBe(MIN);
    const pastChanged = agenda.map((p, i) => (i === 1 ? { ...p, durationMs: MIN } : p));
    expect(refusalOf(s, { type: 'agenda:set', agenda: pastChanged }, 'fac', T0)).toBe('WRONG_PHASE');
    // A phase left part-way through is under way too.
    const back = must(must(s, { type: 'phase:next' }, 'fac', T0), { type: 'phase:prev' }, 'fac', T0);
    const savedChanged = agenda.map((p, i) => (i === 2 ? { ...p, title: 'Renamed' } : p));
    expect(refusalOf(back, { type: 'agenda:set', agenda: savedChanged }, 'fac', T0)).toBe('WRONG_PHASE');
  });

  it('[HQ10] quiet first across the session: the fair order counts every turn since the start', () => {
    let s = must(lobby(['ana', 'ben'], 'biweekly-60'), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 1); // the mood check-in: fac, ana speak; ben passes
    s = must(s, { type: 'turn:end' }, 'ana', T0 + 2);
    s = must(s, { type: 'turn:pass' }, 'ben', T0 + 3);
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 4);
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 5); // the open floor
    s = must(s, { type: 'hand:raise' }, 'ana', T0 + 6);
    s = must(s, { type: 'hand:raise' }, 'ben', T0 + 7);
    expect(queueOrder(s).map((h) => h.memberId)).toEqual(['ana', 'ben']);
    s = must(s, { type: 'queue:scope', scope: 'session' }, 'fac', T0 + 8);
    expect(queueOrder(s).map((h) => h.memberId)).toEqual(['ben', 'ana']);
    expect(s.turnsThisSession).toEqual({ fac: 1, ana: 1 });
  });

  it('[AG7][AG2] an open circle: an arrival round, a free open floor with time cues, and a closing round', () => {
    const circle = findTemplate('open-circle').phases;
    expect(circle.map((p) => p.kind)).toEqual(['round', 'open', 'check']);
    expect(circle[1]).toMatchObject({ freeFloor: true, cues: true, spendsTokens: false });
    let s = must(lobby(['ana'], 'open-circle'), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 1);
    // The closing check is a round: everyone has a turn.
    expect(currentRound(s)?.run.order).toEqual(['ana', 'fac']);
    expect(currentRun(s)?.kind).toBe('round');
    s = must(s, { type: 'timer:pause' }, 'fac', T0 + 2);
    expect(isPaused(phaseTimer(s)!)).toBe(true);
  });
});
