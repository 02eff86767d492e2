import { describe, expect, it } from 'vitest';
import type { MemberLink, MemberMessage } from '../../../server/src/rooms/host.ts';
import { CONTRIBUTION_BYTES } from '../../../shared/src/answers/contribution.ts';
import { AWAY_GRACE_MS, RERUN_MS, questionOpenMs } from '../../../shared/src/answers/questionKinds.ts';
import { randomBytes, toBase64Url } from '../../../shared/src/crypto/bytes.ts';
import type { AnsweredRound } from '../../../shared/src/protocol/answers.ts';
import { openQuestion } from '../../../shared/src/room/questions.ts';
import { ReplicaHarness } from '../../helpers/replicaHarness.ts';

/** A second device per member that keeps what the host sends it alone: here, the answered rounds. */
class Listener implements MemberLink {
  readonly rounds: AnsweredRound[] = [];
  send(message: MemberMessage): void {
    if (message.kind === 'answers') this.rounds.push(...message.rounds);
  }
  close(): void {}
}

function room(names = ['Fran', 'Ana', 'Ben', 'Cleo', 'Dev']) {
  const harness = new ReplicaHarness(names);
  const listeners = harness.devices.map((d) => {
    const listener = new Listener();
    harness.host.attach(d.memberId, listener);
    return listener;
  });
  return { harness, host: harness.host, listeners };
}

/** A member's every device goes. */
function leave(r: ReturnType<typeof room>, index: number) {
  r.harness.device(index).disconnect();
  r.host.detach(r.harness.device(index).memberId, r.listeners[index] as Listener);
}

const sealedBytes = () => toBase64Url(randomBytes(CONTRIBUTION_BYTES));

function submit(harness: ReplicaHarness, index: number, epoch = 1) {
  const q = openQuestion(harness.host.state);
  if (!q) throw new Error('nothing open');
  return harness.command(index, {
    type: 'answer:submit',
    questionId: q.id,
    round: q.round,
    epoch,
    sealed: sealedBytes(),
  });
}

const ask = { type: 'answers:ask', questionId: 'question-a1', kind: 'valuable', prompt: null } as const;

describe('private answers: the room rules', () => {
  it('[PA1] the check-in of Bi-weekly 60 asks stress of everyone present; the state holds who answered, never what', () => {
    const { harness, host, listeners } = room();
    harness.command(0, { type: 'session:start' });
    const question = openQuestion(host.state);
    expect(question).toMatchObject({ kind: 'stress', round: 1, status: 'open', prompt: null });
    expect(question?.respondents).toEqual(harness.devices.map((d) => d.memberId).sort());
    for (const i of [0, 1, 2, 3]) expect(submit(harness, i).ok).toBe(true);
    expect(openQuestion(host.state)?.submitted).toHaveLength(4);
    expect(JSON.stringify(host.state.questions)).not.toMatch(/sealed/);
    // Held unread: nothing goes out until the last respondent's answer is in.
    expect(listeners.every((l) => l.rounds.length === 0)).toBe(true);
    expect(submit(harness, 4).ok).toBe(true);
    expect(host.state.questions[0]?.status).toBe('complete');
    for (const l of listeners) expect(l.rounds.map((r) => r.answers.length)).toEqual([5]);
    // Coming back to the check-in does not ask again.
    harness.command(0, { type: 'phase:next' });
    harness.command(0, { type: 'phase:prev' });
    expect(openQuestion(host.state)).toBeNull();
  });

  it('[PA1] only the facilitator asks; a poll needs sealed words, the others none; one at a time; answers once each', () => {
    const { harness, host } = room();
    harness.command(0, { type: 'session:start' });
    harness.command(0, { type: 'answers:close' });
    expect(harness.command(1, ask)).toMatchObject({ code: 'NOT_FACILITATOR' });
    expect(harness.command(0, { ...ask, kind: 'poll' })).toMatchObject({ code: 'BAD_INPUT' });
    expect(harness.command(0, { ...ask, prompt: { epoch: 1, sealed: 'abc' } })).toMatchObject({ code: 'BAD_INPUT' });
    expect(harness.command(0, ask).ok).toBe(true);
    expect(harness.command(0, { ...ask, questionId: 'question-a2' })).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(submit(harness, 1).ok).toBe(true);
    expect(submit(harness, 1)).toMatchObject({ message: 'You have already answered.' });
    const q = openQuestion(host.state);
    expect(
      harness.command(2, { type: 'answer:submit', questionId: q?.id ?? '', round: 1, epoch: 1, sealed: 'AAAA' }),
    ).toMatchObject({
      code: 'BAD_INPUT',
    });
  });

  it('[PA2] a respondent who leaves before answering makes the round run again without them; held answers are dropped unsent', () => {
    const r = room();
    const { harness, host, listeners } = r;
    harness.command(0, { type: 'session:start' });
    for (const i of [0, 1, 2]) submit(harness, i);
    leave(r, 4);
    // A phone that locks for a moment is not a drop-out: the round waits out the grace.
    harness.clock.advance(AWAY_GRACE_MS - 1);
    expect(openQuestion(host.state)?.round).toBe(1);
    harness.clock.advance(1);
    const q = openQuestion(host.state);
    expect(q).toMatchObject({ round: 2, submitted: [] });
    expect(q?.respondents).not.toContain(harness.device(4).memberId);
    for (const i of [0, 1, 2, 3]) submit(harness, i);
    const rounds = listeners[0]?.rounds ?? [];
    expect(rounds.map((r) => [r.round, r.answers.length])).toEqual([[2, 4]]);
    // A device that connects later is handed the complete round, and only it.
    const late = new Listener();
    host.attach(harness.device(1).memberId, late);
    expect(late.rounds.map((r) => r.round)).toEqual([2]);
  });

  it('[PA2] a respondent who answered and then left keeps their answer in; a removal is a drop-out, answered or not', () => {
    const r = room();
    const { harness, host } = r;
    harness.command(0, { type: 'session:start' });
    const { closesAt } = openQuestion(host.state)!;
    submit(harness, 3);
    leave(r, 3);
    harness.clock.advance(AWAY_GRACE_MS);
    expect(openQuestion(host.state)?.round).toBe(1);
    submit(harness, 2);
    // Removed after answering: no one can mask with them again, so the round runs without them,
    // and without Cleo, who answered but is away and could not send again. It keeps its time.
    harness.command(0, { type: 'member:remove', memberId: harness.device(2).memberId });
    expect(openQuestion(host.state)).toMatchObject({ round: 2, closesAt });
    expect(openQuestion(host.state)?.respondents).toEqual([0, 1, 4].map((i) => harness.device(i).memberId).sort());
  });

  it('[PA1] stress and “how valuable” are asked once a session: asked again of fewer people, two totals would show one answer', () => {
    const { harness, host } = room();
    harness.command(0, { type: 'session:start' });
    for (const i of [0, 1, 2, 3, 4]) submit(harness, i);
    expect(host.state.questions[0]?.status).toBe('complete');
    expect(harness.command(0, { ...ask, kind: 'stress' })).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(harness.command(0, ask).ok).toBe(true);
    expect(harness.command(0, { type: 'answers:close' }).ok).toBe(true);
    // A withheld question showed nothing: it may be asked again.
    harness.clock.advance(RERUN_MS);
    expect(host.state.questions[1]?.status).toBe('withheld');
    expect(harness.command(0, { ...ask, questionId: 'question-a3' }).ok).toBe(true);
  });

  it('[PA2] when time runs out the question goes on with those who answered; too few are withheld', () => {
    const { harness, host, listeners } = room();
    harness.command(0, { type: 'session:start' });
    for (const i of [0, 1, 2]) submit(harness, i);
    harness.clock.advance(questionOpenMs.stress);
    expect(openQuestion(host.state)).toMatchObject({
      round: 2,
      respondents: harness.devices
        .slice(0, 3)
        .map((d) => d.memberId)
        .sort(),
    });
    submit(harness, 0);
    harness.clock.advance(RERUN_MS);
    expect(host.state.questions[0]?.status).toBe('withheld');
    expect(listeners.every((l) => l.rounds.length === 0)).toBe(true);
  });

  it('[PA3] a question is not asked of fewer than 3 people present', () => {
    const r = room(['Fran', 'Ana', 'Ben']);
    const { harness } = r;
    harness.command(0, { type: 'session:start' });
    harness.command(0, { type: 'answers:close' });
    leave(r, 2);
    expect(harness.command(0, ask)).toMatchObject({
      message: 'At least 3 people must be here: fewer answers are never shown.',
    });
  });
});

describe('private answers: a room that wants more cover', () => {
  it('[PA3] a room may ask for more than 3 answers, never fewer: asked of that many, withheld below it', async () => {
    const { lobby, must } = await import('../../helpers/rooms.ts');
    const { reduce } = await import('../../../shared/src/room/reduce.ts');
    const { CreateRoomRequest } = await import('../../../shared/src/protocol/rest.ts');
    let state = { ...lobby(['ana', 'ben', 'cy'], 'weekly-45'), minAnswers: 5 };
    state = must(state, { type: 'session:start' }, 'fac', 0);
    const refused = reduce(state, ask, { actor: 'fac', now: 1 });
    expect(refused).toMatchObject({
      ok: false,
      message: 'At least 5 people must be here: fewer answers are never shown.',
    });
    state = { ...state, minAnswers: 4 };
    state = must(state, ask, 'fac', 1);
    state = must(state, { type: 'member:presence', memberId: 'cy', connected: false }, null, 2);
    state = must(state, { type: 'answers:expire' }, null, 2 + AWAY_GRACE_MS);
    expect(state.questions[0]?.status).toBe('withheld');
    const base = { templateId: 'weekly-45', purpose: 'p' };
    expect(CreateRoomRequest.safeParse({ ...base, minAnswers: 2 }).success).toBe(false);
    expect(CreateRoomRequest.parse({ ...base, minAnswers: 6 }).minAnswers).toBe(6);
    expect(CreateRoomRequest.parse(base).minAnswers).toBe(3);
  });
});
