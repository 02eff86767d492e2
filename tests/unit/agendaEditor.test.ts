import { describe, expect, it } from 'vitest';
import {
  canRemove,
  movePhase,
  moveTarget,
  newPhase,
  withFloor,
  withStepWords,
  withWords,
} from '../../client/src/lib/agendaEdit.ts';
import { agendaLocks, isLocked, NO_LOCKS } from '../../client/src/lib/agendaLocks.ts';
import { Agenda, type PhaseDef } from '../../shared/src/protocol/agenda.ts';
import { AGENDA_LIMITS } from '../../shared/src/room/limits.ts';
import type { RoomState } from '../../shared/src/room/state.ts';
import { findTemplate } from '../../shared/src/room/templates.ts';
import { lobby, must, refusalOf, T0 } from '../helpers/rooms.ts';

const weekly = findTemplate('weekly-45').phases;

/** A Weekly 45 lobby with two more phases at the end, so there is room to move things around. */
function longLobby(): RoomState {
  const agenda = [...weekly, newPhase('open'), newPhase('check')];
  return must(lobby(), { type: 'agenda:set', agenda }, 'fac', T0);
}

/** The room after these moves from the lobby: 's' start, 'n' next phase, 'p' previous phase. */
function roomAfter(moves: string): RoomState {
  const types = { s: 'session:start', n: 'phase:next', p: 'phase:prev' } as const;
  return [...moves].reduce(
    (s, m, i) => must(s, { type: types[m as keyof typeof types] }, 'fac', T0 + (i + 1) * 1000),
    longLobby(),
  );
}

/** Every edit the editor can make to one phase still to come. */
function editsOf(agenda: readonly PhaseDef[], index: number): PhaseDef[][] {
  const phase = agenda[index];
  if (!phase) return [];
  const replaced = (p: PhaseDef) => agenda.map((q, i) => (i === index ? p : q));
  return [
    replaced(withWords(phase, { say: 'Our own words.', prompt: 'What is on your mind?' })),
    replaced({ ...phase, durationMs: phase.durationMs + 60_000 }),
  ];
}

describe('the agenda editor', () => {
  it('[AG1] in the lobby nothing is locked; once the session runs, the phases up to the running one and any left part-way through are', () => {
    expect(agendaLocks(longLobby())).toEqual(NO_LOCKS);
    const running = agendaLocks(roomAfter('snn'));
    expect(running?.lockedUpTo).toBe(2);
    expect([0, 1, 2, 3].map((i) => isLocked(running ?? NO_LOCKS, i))).toEqual([true, true, true, false]);
    // Back one phase: the hot seat, left part-way through, keeps its place.
    const back = agendaLocks(roomAfter('snnp')) ?? NO_LOCKS;
    expect(back.lockedUpTo).toBe(1);
    expect([...back.locked].sort()).toEqual([0, 2]);
    expect([1, 2, 3].map((i) => isLocked(back, i))).toEqual([true, true, false]);
    expect(agendaLocks(roomAfter('snnnnnnn'))).toBeNull();
  });

  it('[AG1] every change the editor offers once the session runs is one the room accepts, and a locked phase cannot change', () => {
    for (const moves of ['s', 'sn', 'snn', 'snnp', 'snnnp', 'snnnpp', 'snnnnnp']) {
      const room = roomAfter(moves);
      const locks = agendaLocks(room);
      if (!locks) throw new Error(`no locks after ${moves}`);
      const { agenda } = room;
      const accepted = (next: PhaseDef[], what: string) =>
        expect(() => must(room, { type: 'agenda:set', agenda: next }, 'fac', T0), `${moves}: ${what}`).not.toThrow();
      accepted([...agenda, newPhase('round')], 'a phase added at the end');
      agenda.forEach((_, i) => {
        if (isLocked(locks, i)) {
          for (const next of editsOf(agenda, i))
            expect(refusalOf(room, { type: 'agenda:set', agenda: next }, 'fac', T0), `${moves}: phase ${i}`).toBe(
              'WRONG_PHASE',
            );
          expect(moveTarget(agenda, i, -1, locks)).toBeNull();
          expect(moveTarget(agenda, i, 1, locks)).toBeNull();
          expect(canRemove(agenda, i, locks)).toBe(false);
          return;
        }
        for (const next of editsOf(agenda, i)) accepted(next, `phase ${i} edited`);
        for (const by of [-1, 1] as const) {
          const to = moveTarget(agenda, i, by, locks);
          if (to !== null) {
            expect(isLocked(locks, to)).toBe(false);
            accepted(movePhase(agenda, i, by, locks), `phase ${i} moved ${by}`);
          }
        }
        if (canRemove(agenda, i, locks))
          accepted(
            agenda.filter((_, j) => j !== i),
            `phase ${i} removed`,
          );
      });
    }
  });

  it('[AG1] a phase still to come moves among the others still to come, past any fixed one, which keeps its place', () => {
    // Moves the room allows keep the fixed phases at the start; the editor does not count on it.
    const agenda = roomAfter('s').agenda;
    const locks = { lockedUpTo: 1, locked: new Set([0, 1, 3]) };
    expect(moveTarget(agenda, 2, -1, locks)).toBeNull();
    expect(moveTarget(agenda, 2, 1, locks)).toBe(4);
    expect(movePhase(agenda, 4, -1, locks).map((p) => p.title)[3]).toBe(agenda[3]?.title);
    expect(movePhase(agenda, 4, -1, locks)[2]).toBe(agenda[4]);
    // Removing 2 would shift the fixed 3 into its place; 4 can go.
    expect([canRemove(agenda, 2, locks), canRemove(agenda, 4, locks)]).toEqual([false, true]);
    expect(canRemove([agenda[0] as PhaseDef], 0)).toBe(false);
    // Micro-commitments before the hot seat while the one-word check-in runs (the browser test's move).
    const started = roomAfter('s');
    const moved = movePhase(started.agenda, 3, -1, agendaLocks(started) ?? NO_LOCKS);
    expect(moved.map((p) => p.title).slice(0, 4)).toEqual([
      'One-word check-in',
      'Round-robin check-in',
      'Micro-commitments',
      'Hot seats',
    ]);
  });

  it('[GD1] the guide’s words of a phase and of each hot-seat step change; emptied they go; they stay within the limits', () => {
    const round = weekly[1] as PhaseDef;
    const said = withWords(round, { say: 'Three minutes each.' });
    expect(said.say).toBe('Three minutes each.');
    expect(said.prompt).toBe(round.prompt);
    expect('prompt' in withWords(round, { prompt: '   ' })).toBe(false);
    const long = withWords(round, { say: 'x'.repeat(1000), prompt: 'y'.repeat(1000) });
    expect([long.say?.length, long.prompt?.length]).toEqual([
      AGENDA_LIMITS.maxSayLength,
      AGENDA_LIMITS.maxPromptLength,
    ]);
    const seat = weekly[2] as PhaseDef;
    const stepped = withStepWords(seat, 1, { prompt: 'Only questions, please.' });
    expect(stepped.kind === 'hotseat' && stepped.steps.map((s) => s.prompt)[1]).toBe('Only questions, please.');
    expect(stepped.kind === 'hotseat' && stepped.steps[0]).toEqual(seat.kind === 'hotseat' && seat.steps[0]);
    expect(withStepWords(round, 0, { say: 'no steps' })).toBe(round);
    expect(Agenda.safeParse([long, stepped]).success).toBe(true);
  });

  it('[AG7][AG2] an open floor can be free and keep gentle cues; commitments and check phases have a turn length like rounds', () => {
    const floor = newPhase('open');
    const free = withFloor(floor, { freeFloor: true, cues: true });
    expect(free.kind === 'open' && [free.freeFloor, free.cues]).toEqual([true, true]);
    expect(withFloor(weekly[1] as PhaseDef, { cues: true })).toEqual(weekly[1]);
    for (const kind of ['commitments', 'check'] as const) expect(newPhase(kind)).toHaveProperty('turnMs');
    expect(Agenda.safeParse([free]).success).toBe(true);
  });
});
