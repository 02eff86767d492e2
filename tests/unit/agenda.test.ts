import { describe, expect, it } from 'vitest';
import { Agenda } from '../../shared/src/protocol/agenda.ts';
import { remainingMs } from '../../shared/src/room/timer.ts';
import { agendaTemplates, findTemplate } from '../../shared/src/room/templates.ts';
import { lobby, must, refusalOf, T0 } from '../helpers/rooms.ts';

const MIN = 60_000;

describe('agenda and phases', () => {
  it('[AG1] every template is a valid agenda and matches DESIGN.md durations', () => {
    for (const t of agendaTemplates) expect(Agenda.safeParse(t.phases).success, t.id).toBe(true);
    const weekly = findTemplate('weekly-45').phases;
    expect(weekly.map((p) => [p.kind, p.durationMs / MIN])).toEqual([
      ['round', 2],
      ['round', 15],
      ['hotseat', 20],
      ['commitments', 6],
      ['check', 3],
    ]);
    const hot = weekly[2]!;
    expect(hot.kind === 'hotseat' && hot.steps.map((s) => s.durationMs / MIN)).toEqual([4, 4, 5, 2]);
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

  it('[AG4] next and previous phase enter the phase afresh; next after the last finishes', () => {
    let s = must(lobby(), { type: 'session:start' }, 'fac', T0);
    expect(s.stage).toBe('running');
    expect(refusalOf(s, { type: 'phase:prev' }, 'fac', T0)).toBe('WRONG_PHASE');
    s = must(s, { type: 'phase:next' }, 'fac', T0 + 5 * MIN);
    expect(s.phaseIndex).toBe(1);
    expect(remainingMs(s.phaseTimer!, T0 + 5 * MIN)).toBe(15 * MIN);
    s = must(s, { type: 'phase:prev' }, 'fac', T0 + 6 * MIN);
    expect(s.phaseIndex).toBe(0);
    expect(remainingMs(s.phaseTimer!, T0 + 6 * MIN)).toBe(2 * MIN);
    for (let i = 0; i < 5; i++) s = must(s, { type: 'phase:next' }, 'fac', T0 + 7 * MIN);
    expect(s.stage).toBe('finished');
    expect(s.phaseTimer).toBeNull();
    expect(refusalOf(s, { type: 'phase:next' }, 'fac', T0)).toBe('WRONG_PHASE');
    s = must(s, { type: 'phase:prev' }, 'fac', T0 + 8 * MIN);
    expect([s.stage, s.phaseIndex]).toEqual(['running', 4]);
  });

  it('[AG3] a round gives each present member one turn, in a rotating order', () => {
    let s = must(lobby(), { type: 'member:presence', memberId: 'cy', connected: false }, null, T0);
    s = must(s, { type: 'session:start' }, 'fac', T0);
    const first = s.phase!;
    expect(first.kind === 'round' && first.order).toEqual(['fac', 'ana', 'ben']);
    expect(refusalOf(s, { type: 'turn:end' }, 'ana', T0)).toBe('NOT_YOUR_TURN');
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 10_000);
    s = must(s, { type: 'turn:end' }, 'ana', T0 + 20_000);
    const run = s.phase!;
    expect(run.kind === 'round' && [run.turnIndex, run.turn?.startedAt]).toEqual([2, T0 + 20_000]);
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 30_000);
    const done = s.phase!;
    expect(done.kind === 'round' && [done.turnIndex, done.turn]).toEqual([3, null]);
    expect(refusalOf(s, { type: 'turn:end' }, 'fac', T0)).toBe('WRONG_PHASE');

    s = must(s, { type: 'phase:next' }, 'fac', T0 + MIN);
    const second = s.phase!;
    expect(second.kind === 'round' && second.order).toEqual(['ana', 'ben', 'fac']);
  });

  it('[AG3] a member who joins during a round gets a turn at its end', () => {
    let s = must(lobby(['ana']), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 1);
    s = must(s, { type: 'turn:end' }, 'ana', T0 + 2);
    s = must(s, { type: 'member:join', memberId: 'dee', name: 'Dee' }, null, T0 + 3);
    const run = s.phase!;
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
      const run = s.phase!;
      if (run.kind !== 'hotseat' || !run.stepTimer) throw new Error('no step');
      steps.push(run.stepTimer.durationMs / MIN);
      s = must(s, { type: 'hotseat:nextStep' }, 'fac', T0 + (i + 2) * 1_000);
    }
    expect(steps).toEqual([4, 4, 5, 2]);
    const after = s.phase!;
    expect(after.kind === 'hotseat' && [after.seatId, after.seatsDone]).toEqual([null, ['ana']]);
  });

  it('[TM3] pause freezes the phase and the turn together; a turn begun while paused starts paused', () => {
    let s = must(lobby(['ana']), { type: 'session:start' }, 'fac', T0);
    s = must(s, { type: 'timer:pause' }, 'fac', T0 + 5_000);
    expect(refusalOf(s, { type: 'timer:pause' }, 'fac', T0)).toBe('NOT_ALLOWED');
    s = must(s, { type: 'turn:end' }, 'fac', T0 + 6_000);
    const run = s.phase!;
    expect(run.kind === 'round' && run.turn!.pausedAt).toBe(T0 + 6_000);
    s = must(s, { type: 'timer:addMinute' }, 'fac', T0 + 7_000);
    s = must(s, { type: 'timer:resume' }, 'fac', T0 + 60_000);
    expect(remainingMs(s.phaseTimer!, T0 + 60_000)).toBe(2 * MIN - 5_000 + MIN);
    const resumed = s.phase!;
    expect(resumed.kind === 'round' && remainingMs(resumed.turn!, T0 + 60_000)).toBe(20_000 + MIN);
  });
});
