import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reduce } from '../../shared/src/room/reduce.ts';
import type { RoomState } from '../../shared/src/room/state.ts';
import { isPaused, remainingMs } from '../../shared/src/room/timer.ts';
import { queueOrder } from '../../shared/src/room/queue.ts';
import { currentRun, currentSpeakerId, phaseTimer } from '../../shared/src/room/state.ts';
import { deepFreeze, scenario, type Scenario, type Step } from '../helpers/arbitraries.ts';
import { lobby, must, T0 } from '../helpers/rooms.ts';

const enteringPhase = new Set(['session:start', 'phase:next', 'phase:prev']);

/** Runs a generated sequence, calling `check` after every command with before, after and times. */
function startingState(startPhase: number): RoomState {
  let state = lobby(['ana', 'ben', 'cy'], 'biweekly-60');
  if (startPhase < 0) return state;
  state = must(state, { type: 'session:start' }, 'fac', T0);
  for (let i = 0; i < startPhase; i++) state = must(state, { type: 'phase:next' }, 'fac', T0);
  return state;
}

function run(
  { startPhase, steps: sequence }: Scenario,
  check: (
    before: RoomState,
    after: RoomState,
    accepted: boolean,
    type: string,
    t0: number,
    t1: number,
    taken: Step,
    beforeJson: string,
  ) => void,
) {
  let state = deepFreeze(startingState(startPhase));
  let now = T0;
  for (const taken of sequence) {
    const { command, actor, afterMs } = taken;
    const t1 = now + afterMs;
    const beforeJson = JSON.stringify(state);
    const result = reduce(state, command, { actor, now: t1 });
    const after = result.ok ? deepFreeze(result.state) : state;
    check(state, after, result.ok, command.type, now, t1, taken, beforeJson);
    state = after;
    now = t1;
  }
}

describe('properties that hold for any sequence of commands and times', () => {
  it('[PA1][PA2] one question open at most; its respondents are fixed, sorted members; who answered is a subset; a round only grows', () => {
    fc.assert(
      fc.property(scenario, (sc) =>
        run(sc, (before, after) => {
          expect(after.questions.filter((q) => q.status === 'open').length).toBeLessThanOrEqual(1);
          for (const q of after.questions) {
            expect([...q.respondents].sort()).toEqual(q.respondents);
            expect(new Set(q.respondents).size).toBe(q.respondents.length);
            for (const id of q.submitted) expect(q.respondents).toContain(id);
            expect(new Set(q.submitted).size).toBe(q.submitted.length);
            if (q.status === 'complete') expect(q.submitted.length).toBe(q.respondents.length);
            if (q.status !== 'withheld') expect(q.respondents.length).toBeGreaterThanOrEqual(3);
            const earlier = before.questions.find((b) => b.id === q.id);
            if (earlier) {
              expect(q.round).toBeGreaterThanOrEqual(earlier.round);
              // A new round never adds anyone: the set only shrinks, and is the same within a round.
              for (const id of q.respondents) expect(earlier.respondents).toContain(id);
              if (earlier.status !== 'open') expect(q).toEqual(earlier);
            }
          }
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('[RL1] there is exactly one facilitator, always a member of the room', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (_b, after) => {
          expect(after.members.filter((m) => m.id === after.facilitatorId)).toHaveLength(1);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('[RC1] a refused command leaves the state untouched; an accepted one adds exactly 1 to the version', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (before, after, accepted, _type, _t0, _t1, _taken, beforeJson) => {
          // The state handed to the reducer is the same afterwards, accepted or refused.
          expect(JSON.stringify(before)).toBe(beforeJson);
          if (accepted) expect(after.version).toBe(before.version + 1);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('[RC1] the reducer never mutates the state it is given (it is deep-frozen)', () => {
    fc.assert(
      fc.property(scenario, (sequence) => {
        expect(() => run(sequence, () => {})).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('[TM3] remaining time never increases while running (but for "add 1 minute") and never changes while paused', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (before, after, accepted, type, t0, t1) => {
          const [clockBefore, clockAfter] = [phaseTimer(before), phaseTimer(after)];
          if (!clockBefore || !clockAfter || enteringPhase.has(type)) return;
          const was = remainingMs(clockBefore, t0);
          const is = remainingMs(clockAfter, t1);
          const added = accepted && type === 'timer:addMinute' ? 60_000 : 0;
          expect(is).toBeLessThanOrEqual(was + added);
          if (isPaused(clockBefore) && isPaused(clockAfter)) expect(is).toBe(was + added);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('[TM3][SF1] while the phase clock is paused, every turn, step and floor timer in the room is paused too', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (_b, after) => {
          const clock = phaseTimer(after);
          if (!clock || !isPaused(clock)) return;
          const r = currentRun(after);
          const turn = r?.kind === 'round' || r?.kind === 'commitments' ? r.turn : null;
          const step = r?.kind === 'hotseat' ? r.stepTimer : null;
          for (const timer of [turn, step, after.floor?.timer ?? null]) if (timer) expect(isPaused(timer)).toBe(true);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('[AG3] in a round no one is in the order twice and the speaker is always in it', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (_b, after) => {
          const r = currentRun(after);
          if (r?.kind !== 'round') return;
          expect(new Set(r.order).size).toBe(r.order.length);
          expect(r.turnIndex).toBeLessThanOrEqual(r.order.length);
          expect(r.turn === null).toBe(r.turnIndex >= r.order.length);
        }),
      ),
      { numRuns: 300 },
    );
  });
});

describe('talk tokens and the hand queue, for any sequence of commands and times', () => {
  it('[TK4] tokens never go below zero and spent + remaining = granted', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (before, after, _a, type) => {
          for (const m of after.members) {
            expect(m.tokens).toBeGreaterThanOrEqual(0);
            expect(m.tokens).toBeLessThanOrEqual(m.tokensGranted);
            const was = before.members.find((b) => b.id === m.id);
            // Only the start of a floor turn spends, one token, from the member called.
            if (was && m.tokens < was.tokens) {
              expect(was.tokens - m.tokens).toBe(1);
              expect(after.floor?.memberId).toBe(m.id);
              expect(['queue:callNext', 'queue:call', 'turn:end']).toContain(type);
            }
          }
        }),
      ),
      { numRuns: 400 },
    );
  });

  it('[HQ1] no member is in the queue twice, and the speaker is never in it', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (_b, after) => {
          const ids = after.hands.map((h) => h.memberId);
          expect(new Set(ids).size).toBe(ids.length);
          if (after.floor) expect(ids).not.toContain(after.floor.memberId);
        }),
      ),
      { numRuns: 400 },
    );
  });

  it('[HQ8] at most one speaker: a round turn and a floor turn never coexist', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (_b, after) => {
          if (currentRun(after)?.kind === 'round') expect(after.floor).toBeNull();
          if (after.floor) expect(currentSpeakerId(after)).toBe(after.floor.memberId);
        }),
      ),
      { numRuns: 400 },
    );
  });

  it('[HQ2] fair order: nobody with more turns in this phase precedes someone with fewer, unless first-come is on', () => {
    fc.assert(
      fc.property(scenario, (sequence) =>
        run(sequence, (_b, after) => {
          const order = queueOrder(after);
          const turns = order.map((h) => after.turnsThisPhase[h.memberId] ?? 0);
          for (let i = 1; i < order.length; i++) {
            if (after.queueMode === 'fair') {
              expect(turns[i - 1]!).toBeLessThanOrEqual(turns[i]!);
              if (turns[i - 1] === turns[i]) expect(order[i - 1]!.seq).toBeLessThan(order[i]!.seq);
            } else {
              expect(order[i - 1]!.seq).toBeLessThan(order[i]!.seq);
            }
          }
        }),
      ),
      { numRuns: 400 },
    );
  });
});
