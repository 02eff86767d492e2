import { describe, expect, it } from 'vitest';
import { Agenda } from '../../shared/src/protocol/agenda.ts';
import { nextInRound } from '../../shared/src/room/turnOrder.ts';
import { currentRound, currentRun, phaseIndexOf, phaseTimer, type RoomState } from '../../shared/src/room/state.ts';
import { remainingMs } from '../../shared/src/room/timer.ts';
import { phaseFit } from '../../shared/src/room/agendaFit.ts';
import { agendaTemplates, findTemplate } from '../../shared/src/room/templates.ts';
import { lobby, must, refusalOf, T0 } from '../helpers/rooms.ts';
import { rosterKeys } from '../helpers/deviceKeys.ts';

const MIN = 60_000;

describe('agenda and phases', () => {
  it('[AG1] every template is a valid agenda, with the guides’ durations, adding up to its length', () => {
    for (const t of agendaTemplates) expect(Agenda.safeParse(t.phases).success, t.id).toBe(true);
    const weekly = findTemplate('weekly-45').phases;
    expect(weekly.map((p) => [p.kind, p.durationMs / MIN])).toEqual([
      ['round', 2],
      ['round', 15],
      ['hotseat', 20],
      ['commitments', 5],
      ['check', 3],
    ]);
    expect(weekly.reduce((sum, p) => sum + p.durationMs, 0)).toBe(45 * MIN);
    // Two hot seats fit the phase: the guide's "one or two", 10 minutes each [AG5].
    const hot = weekly[2]!;
    expect(hot.kind === 'hotseat' && hot.steps.map((s) => s.durationMs / MIN)).toEqual([3, 2, 3, 2]);
    expect(findTemplate('biweekly-60').phases.reduce((sum, p) => sum + p.durationMs, 0)).toBe(60 * MIN);
    expect(findTemplate('short-30').phases.reduce((sum, p) => sum + p.durationMs, 0)).toBe(30 * MIN);
  });

  it('[AG1] the agenda can be edited in the lobby, never after the start', () => {
    const state = lobby();
    const shorter = state.agenda.slice(1).reverse();
    expect(must(state, { type: 'agenda:set', agenda: shorter }, 'fac', T0).agenda).toEqual(shorter);
    const started = must(state, { type: 'session:start' }, 'fac', T0);
    expect(refusalOf(started, { type: 'agenda:set', agenda: shorter }, 'fac', T0)).toBe('WRONG_PHASE');
  });

  it('[AG4] a phase is entered afresh the first time; coming back resumes it as it was left; next after the last finishes', () => {
    let s = must(lobby(), { type: 'session:start' }, 'fac', T0);
    expect(s.session.stage).toBe('running');
    expect(refusalOf(s, { type: 'phase:prev' }, 'fac', T0)).toBe('WRONG_PHASE');
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 30_000);
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 5 * MIN);
    expect(phaseIndexOf(s)).toBe(1);
    expect(remainingMs(phaseTimer(s)!, T0 + 5 * MIN)).toBe(15 * MIN);
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 5 * MIN + 10_000);

    // Back to the check-in: its clock runs on from where it stopped, its turns stand.
    s = must(s, { type: 'phase:prev' }, 'fac', T0 + 6 * MIN);
    expect(phaseIndexOf(s)).toBe(0);
    expect(remainingMs(phaseTimer(s)!, T0 + 6 * MIN)).toBe(-3 * MIN);
    expect(currentRun(s)).toMatchObject({ kind: 'round', turnIndex: 1 });
    expect(s.turnsThisPhase).toEqual({ fac: 1 });
    expect(remainingMs(currentRound(s)!.run.turn!, T0 + 6 * MIN)).toBe(20_000 - (5 * MIN - 30_000));

    // And forward again: the round-robin, one minute in, the facilitator's turn already taken.
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 7 * MIN);
    expect(remainingMs(phaseTimer(s)!, T0 + 7 * MIN)).toBe(14 * MIN);
    expect(currentRun(s)).toMatchObject({ kind: 'round', turnIndex: 1 });

    for (let i = 0; i < 4; i++) s = must(s, { type: 'phase:next' }, 'fac', T0 + 8 * MIN);
    expect(s.session.stage).toBe('finished');
    expect(phaseTimer(s)).toBeNull();
    expect(refusalOf(s, { type: 'phase:next' }, 'fac', T0)).toBe('WRONG_PHASE');
    s = must(s, { type: 'phase:prev' }, 'fac', T0 + 9 * MIN);
    expect([s.session.stage, phaseIndexOf(s)]).toEqual(['running', 4]);
    expect(remainingMs(phaseTimer(s)!, T0 + 9 * MIN)).toBe(3 * MIN);
  });

  it('[AG4][TK4] going back and forth over a hot seat and an open floor loses no one’s seat and no token', () => {
    let s = must(lobby(['ana', 'ben'], 'biweekly-60'), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0);
    s = must(s, { type: 'hotseat:pick', memberId: 'ana' }, 'fac', T0);
    for (let i = 0; i < 4; i++) s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0);
    s = must(s, { type: 'hand:raise' }, 'ben', T0);
    s = must(s, { type: 'queue:callNext' }, 'fac', T0);
    s = must(s, { type: 'phase:prev' }, 'fac', T0 + 1);
    expect(currentRun(s)).toMatchObject({ kind: 'hotseat', seatsDone: ['ana'] });
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 2);
    expect(s.turnsThisPhase).toEqual({ ben: 1 });
    expect(s.members.find((m) => m.id === 'ben')).toMatchObject({ tokens: 2, tokensGranted: 3 });
  });

  it('[AG3][HQ2] a turn that reaches someone away skips them; every turn taken, not passed, is counted', () => {
    let s = must(lobby(['ana', 'ben', 'cy']), { type: 'session:start' }, 'fac', T0);
    const next = (state: RoomState) => {
      const round = currentRound(state);
      return round ? nextInRound(state, round.run) : undefined;
    };
    expect(next(s)).toBe('ana');
    s = must(s, { type: 'member:presence', memberId: 'ana', connected: false }, null, T0 + 1);
    s = must(s, { type: 'member:presence', memberId: 'ben', connected: false }, null, T0 + 1);
    // Who is told "You're next" is who the turn will come to.
    expect(next(s)).toBe('cy');
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 10_000);
    expect(next(s)).toBe(null);
    expect(currentRun(s)).toMatchObject({ kind: 'round', turnIndex: 3, skipped: ['ana', 'ben'] });
    expect(currentRound(s)?.run.turn?.startedAt).toBe(T0 + 10_000);
    s = must(s, { type: 'turn:pass' }, 'cy', T0 + 20_000);
    expect(s.turnsThisPhase).toEqual({ fac: 1 });
    expect(currentRun(s)).toMatchObject({ kind: 'round', turnIndex: 4, turn: null, passed: ['cy'] });
  });

  it('[AG3] a round gives each present member one turn, in a rotating order', () => {
    let s = must(lobby(), { type: 'member:presence', memberId: 'cy', connected: false }, null, T0);
    s = must(s, { type: 'session:start' }, 'fac', T0);
    const first = currentRun(s)!;
    expect(first.kind === 'round' && first.order).toEqual(['fac', 'ana', 'ben']);
    expect(refusalOf(s, { type: 'turn:end' }, 'ana', T0)).toBe('NOT_YOUR_TURN');
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 10_000);
    s = must(s, { type: 'turn:end' }, 'ana', T0 + 20_000);
    const run = currentRun(s)!;
    expect(run.kind === 'round' && [run.turnIndex, run.turn?.startedAt]).toEqual([2, T0 + 20_000]);
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 30_000);
    const done = currentRun(s)!;
    expect(done.kind === 'round' && [done.turnIndex, done.turn]).toEqual([3, null]);
    expect(refusalOf(s, { type: 'turn:end' }, 'fac', T0)).toBe('WRONG_PHASE');

    s = must(s, { type: 'phase:next' }, 'fac', T0 + MIN);
    const second = currentRun(s)!;
    expect(second.kind === 'round' && second.order).toEqual(['ana', 'ben', 'fac']);
  });

  it('[AG3] a member who joins during a round gets a turn at its end', () => {
    let s = must(lobby(['ana']), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 1);
    s = must(s, { type: 'turn:end' }, 'ana', T0 + 2);
    s = must(s, { type: 'member:join', memberId: 'dee', name: 'Dee', keys: rosterKeys('dee') }, null, T0 + 3);
    const run = currentRun(s)!;
    expect(run.kind === 'round' && [run.order, run.turnIndex, run.turn?.startedAt]).toEqual([
      ['fac', 'ana', 'dee'],
      2,
      T0 + 3,
    ]);
  });

  it('[AG5] a hot seat walks its steps in order for the picked member, each with its own timer', () => {
    let s = must(lobby(), { type: 'session:start' }, 'fac', T0);
    expect(refusalOf(s, { type: 'hotseat:pick', memberId: 'ana' }, 'fac', T0)).toBe('WRONG_PHASE');
    s = must(s, { type: 'phase:next' }, 'fac', T0);
    s = must(s, { type: 'phase:next' }, 'fac', T0);
    expect(refusalOf(s, { type: 'hotseat:nextStep' }, 'fac', T0)).toBe('WRONG_PHASE');
    expect(refusalOf(s, { type: 'hotseat:pick', memberId: 'nobody' }, 'fac', T0)).toBe('UNKNOWN_MEMBER');
    s = must(s, { type: 'hotseat:pick', memberId: 'ana' }, 'fac', T0 + 1_000);
    const steps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const run = currentRun(s)!;
      if (run.kind !== 'hotseat' || !run.stepTimer) throw new Error('no step');
      steps.push(run.stepTimer.durationMs / MIN);
      s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0 + (i + 2) * 1_000);
    }
    expect(steps).toEqual([3, 2, 3, 2]);
    const after = currentRun(s)!;
    expect(after.kind === 'hotseat' && [after.seatId, after.seatsDone]).toEqual([null, ['ana']]);
  });

  it('[TM3] pause freezes the phase and the turn together; a turn begun while paused starts paused', () => {
    let s = must(lobby(['ana']), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'timer:pause' }, 'fac', T0 + 5_000);
    expect(refusalOf(s, { type: 'timer:pause' }, 'fac', T0)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 6_000);
    const run = currentRun(s)!;
    expect(run.kind === 'round' && run.turn!.pausedAt).toBe(T0 + 6_000);
    s = must(s, { type: 'timer:addMinute' }, 'fac', T0 + 7_000);
    s = must(s, { type: 'timer:resume' }, 'fac', T0 + 60_000);
    expect(remainingMs(phaseTimer(s)!, T0 + 60_000)).toBe(2 * MIN - 5_000 + MIN);
    const resumed = currentRun(s)!;
    expect(resumed.kind === 'round' && remainingMs(resumed.turn!, T0 + 60_000)).toBe(20_000 + MIN);
  });

  it('[AG6] the editor learns when a phase cannot hold its turns or its steps', () => {
    const round = { kind: 'round', title: 'R', durationMs: 2 * MIN, turnMs: 30_000 } as const;
    expect(phaseFit(round, 5)).toEqual({ kind: 'turns', turnMs: 30_000, fits: 4, people: 5, tooLong: true });
    expect(phaseFit(round, 4)).toMatchObject({ fits: 4, tooLong: false });
    expect(phaseFit(round, null)).toMatchObject({ fits: 4, tooLong: false });
    const seat = {
      kind: 'hotseat',
      title: 'H',
      durationMs: 4 * MIN,
      steps: [],
      turnMs: MIN,
      spendsTokens: false,
    } as const;
    const steps = [4, 4, 5, 2].map((m, i) => ({
      step: (['story', 'questions', 'reflections', 'close'] as const)[i]!,
      durationMs: m * MIN,
    }));
    expect(phaseFit({ ...seat, steps }, null)).toEqual({ kind: 'seats', stepsMs: 15 * MIN, fits: 0, tooLong: true });
    expect(phaseFit({ ...seat, durationMs: 30 * MIN, steps }, null)).toMatchObject({ fits: 2, tooLong: false });
    for (const t of agendaTemplates) {
      for (const phase of t.phases) expect(phaseFit(phase, 3)?.tooLong ?? false, `${t.id}: ${phase.title}`).toBe(false);
    }
  });
});
