import fc from 'fast-check';
import type { Command } from '../../shared/src/protocol/commands.ts';
import { rosterKeys } from './deviceKeys.ts';

export const memberIds = ['fac', 'ana', 'ben', 'cy', 'dee'] as const;
const someone = fc.constantFrom(...memberIds, 'ghost');

/** The commands that name no member, member and system alike, raises and calls twice (they matter most). */
export const commandsWithoutMembers: Command[] = [
  { type: 'session:start' },
  { type: 'phase:next' },
  { type: 'phase:prev' },
  { type: 'timer:pause' },
  { type: 'timer:resume' },
  { type: 'timer:addMinute' },
  { type: 'hotseat:nextStep' },
  { type: 'turn:end' },
  { type: 'facilitator:failover' },
  { type: 'hands:expire' },
  { type: 'turn:pass' },
  { type: 'hand:raise' },
  { type: 'hand:raise' },
  { type: 'hand:lower' },
  { type: 'queue:callNext' },
  { type: 'queue:callNext' },
  { type: 'queue:mode', mode: 'fair' },
  { type: 'queue:mode', mode: 'first-come' },
  { type: 'queue:autoCall', on: true },
  { type: 'queue:autoCall', on: false },
  { type: 'hotseat:choose', choice: 'ideas' },
  { type: 'hotseat:choose', choice: 'space' },
  { type: 'hotseat:prevStep' },
  { type: 'support:pause' },
  { type: 'support:resume' },
  { type: 'role:take' },
  { type: 'card:show', card: 'no-minimizing' },
  { type: 'card:hide' },
  { type: 'queue:scope', scope: 'session' },
  { type: 'queue:scope', scope: 'phase' },
  { type: 'answers:ask', questionId: 'question-a', kind: 'valuable', prompt: null },
  { type: 'answers:ask', questionId: 'question-b', kind: 'poll', prompt: { epoch: 1, sealed: 'c2VhbGVk' } },
  { type: 'answers:ask', questionId: 'question-c', kind: 'stress', prompt: null },
  { type: 'answers:close' },
  { type: 'answers:expire' },
];

/** Any command a member or the server could send, valid or not for the state it meets. */
export const anyCommand: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.constant<Command>({ type: 'room:end' }), weight: 1 },
  {
    weight: 20,
    arbitrary: fc.constantFrom<Command>(...commandsWithoutMembers),
  },
  {
    weight: 24,
    arbitrary: fc.constantFrom<Command>(
      { type: 'hand:raise' },
      { type: 'hand:raise' },
      { type: 'hand:lower' },
      { type: 'queue:callNext' },
      { type: 'turn:end' },
      { type: 'hotseat:nextStep' },
    ),
  },
  { weight: 4, arbitrary: someone.map((memberId): Command => ({ type: 'queue:call', memberId })) },
  { weight: 2, arbitrary: someone.map((memberId): Command => ({ type: 'queue:lower', memberId })) },
  { weight: 2, arbitrary: someone.map((memberId): Command => ({ type: 'token:grant', memberId })) },
  { weight: 4, arbitrary: someone.map((memberId): Command => ({ type: 'hotseat:pick', memberId })) },
  { weight: 4, arbitrary: someone.map((memberId): Command => ({ type: 'role:facilitator', memberId })) },
  {
    weight: 4,
    arbitrary: fc.option(someone, { nil: null }).map((memberId): Command => ({ type: 'role:scribe', memberId })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({ memberId: someone, connected: fc.boolean() })
      .map((p): Command => ({ type: 'member:presence', ...p })),
  },
  {
    weight: 4,
    arbitrary: someone.map(
      (memberId): Command => ({ type: 'member:join', memberId, name: memberId, keys: rosterKeys(memberId) }),
    ),
  },
  { weight: 2, arbitrary: someone.map((memberId): Command => ({ type: 'turn:giveBack', memberId })) },
  {
    weight: 6,
    arbitrary: fc
      .record({
        memberId: someone,
        questionId: fc.constantFrom('phase-0-stress', 'question-a', 'question-b', 'question-c'),
        round: fc.integer({ min: 1, max: 3 }),
      })
      .map((p): Command => ({ type: 'answers:submitted', ...p })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ memberId: someone, from: fc.constantFrom('last' as const, 'this' as const) })
      .map((p): Command => ({ type: 'report:next', ...p })),
  },
);

/** A command, who sends it (null: the server), and how much later than the previous one. */
export const step = fc.record({
  command: anyCommand,
  actor: fc.oneof(
    { weight: 4, arbitrary: fc.constant('fac') },
    { weight: 8, arbitrary: fc.constantFrom('ana', 'ben', 'cy', 'dee', 'ghost') },
    { weight: 3, arbitrary: fc.constant(null) },
  ),
  afterMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 90_000 })),
});

export type Step = { command: Command; actor: string | null; afterMs: number };
export const steps: fc.Arbitrary<Step[]> = fc.array(step, { minLength: 5, maxLength: 80, size: 'large' });

/** Where a generated run starts: the lobby (-1) or any phase of the Bi-weekly 60 agenda. */
export const scenario = fc.record({
  // Mostly the open floor (2) and the hot seat (1), where the queue lives.
  startPhase: fc.oneof(fc.constantFrom(1, 2, 2), fc.integer({ min: -1, max: 4 })),
  steps,
});
export type Scenario = { startPhase: number; steps: Step[] };

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
