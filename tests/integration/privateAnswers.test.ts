import { describe, expect, it } from 'vitest';
import { addUpRound } from '../../shared/src/answers/deviceRound.ts';
import { pageAnswer } from '../helpers/answering.ts';
import { openContribution } from '../../shared/src/answers/contribution.ts';
import { openPollPrompt, sealPollPrompt } from '../../shared/src/answers/pollPrompt.ts';
import type { QuestionKind } from '../../shared/src/answers/questionKinds.ts';
import type { AnsweredRound } from '../../shared/src/protocol/answers.ts';
import { openQuestion } from '../../shared/src/room/questions.ts';
import type { Question } from '../../shared/src/room/question.ts';
import { openBoard } from '../helpers/board.ts';
import { canary } from '../helpers/canaries.ts';
import { TestMember } from '../helpers/member.ts';
import { converge, roomWith } from '../helpers/room.ts';
import { serverPerTest } from '../helpers/serverPerTest.ts';

const suite = serverPerTest();
const { members, boards } = suite;

/** A running session of five, every board open and keyed: every device can answer. */
async function answeringRoom() {
  const room = await roomWith(suite.server, ['Ana', 'Ben', 'Cy', 'Dee'], { templateId: 'biweekly-60' });
  members.push(...room.everyone);
  for (const m of room.everyone) boards.push(await openBoard(m));
  await room.facilitator.do({ type: 'session:start' });
  await converge(room.facilitator, room.everyone);
  return room;
}

function keyOf(member: TestMember) {
  const key = boards.find((b) => b.member === member)?.link.boardKey();
  if (!key) throw new Error('no board key on this device');
  return key;
}

/** What `member`'s device sends for the open question, as the page makes it. */
async function answer(member: TestMember, value: number | null) {
  const submit = await pageAnswer(member, keyOf(member), value);
  const reply = await member.send(submit);
  if (!reply.ok) throw new Error(reply.message);
  return submit;
}

async function ask(facilitator: TestMember, everyone: TestMember[], kind: QuestionKind, words?: string) {
  const questionId = `q-${kind}-${Math.random().toString(36).slice(2, 10)}`;
  const prompt = words
    ? await sealPollPrompt(keyOf(facilitator).key, keyOf(facilitator).epoch, facilitator.roomId, questionId, words)
    : null;
  await facilitator.do({ type: 'answers:ask', questionId, kind, prompt });
  await converge(facilitator, everyone);
  return questionId;
}

const completeRound = (m: TestMember, questionId: string) => m.answered.find((r) => r.questionId === questionId);

describe('private answers over real sockets', () => {
  it('[PA1] rounds of all three kinds: the server relays masked, sealed vectors only, and every device adds up the true answer', async () => {
    const { facilitator, everyone } = await answeringRoom();
    // Bi-weekly 60's check-in asked stress as the session started.
    const stressId = openQuestion(facilitator.state!)!.id;
    const cases: { id: string; kind: QuestionKind; answers: (number | null)[]; counts: number[] }[] = [
      { id: stressId, kind: 'stress', answers: [2, 4, 4, null, 5], counts: [0, 1, 0, 2, 1] },
    ];
    const pollWords = `Do we want to continue? ${canary()}`;
    const sentSealed: string[] = [];
    for (const c of cases) {
      const sent = await Promise.all(everyone.map((m, i) => answer(m, c.answers[i] ?? null)));
      sentSealed.push(...sent.map((s) => s.sealed));
    }
    const later: typeof cases = [
      { id: '', kind: 'valuable', answers: [7, 8, 8, 10, 3], counts: [0, 0, 1, 0, 0, 0, 1, 2, 0, 1] },
      { id: '', kind: 'poll', answers: [1, 1, 2, 1, null], counts: [3, 1] },
    ];
    for (const c of later) {
      await facilitator.until(() => openQuestion(facilitator.state!) === null, 'the question before complete');
      c.id = await ask(facilitator, everyone, c.kind, c.kind === 'poll' ? pollWords : undefined);
      const sent = await Promise.all(everyone.map((m, i) => answer(m, c.answers[i] ?? null)));
      sentSealed.push(...sent.map((s) => s.sealed));
      cases.push(c);
    }
    for (const m of everyone) await m.until(() => cases.every((c) => completeRound(m, c.id)), 'every round complete');

    for (const c of cases) {
      const question = facilitator.state!.questions.find((q) => q.id === c.id) as Question;
      expect(question.status).toBe('complete');
      // Every device, the facilitator's included, is handed the same round and adds up the same truth.
      const rounds = everyone.map((m) => completeRound(m, c.id) as AnsweredRound);
      for (const r of rounds) expect(r).toEqual(rounds[0]);
      for (const m of everyone) {
        const key = keyOf(m);
        const added = await addUpRound(m.roomId, question, completeRound(m, c.id)!, (e) =>
          e === key.epoch ? key.key : null,
        );
        expect(added).toMatchObject({ ok: true, totals: { counts: c.counts } });
      }
      // Each vector the server relayed, opened with the board key, is masked: no one-hot answer in it.
      const key = keyOf(facilitator);
      for (const a of rounds[0]!.answers) {
        const vector = await openContribution(key.key, a.sealed, {
          roomId: facilitator.roomId,
          questionId: c.id,
          round: 1,
          from: a.from,
          epoch: a.epoch,
        });
        expect(vector).not.toBeNull();
        expect(Math.max(...(vector as Uint32Array))).toBeGreaterThan(12);
      }
    }
    // The poll's words reach the state sealed; only a key holder reads them.
    const poll = facilitator.state!.questions.find((q) => q.kind === 'poll')!;
    expect(JSON.stringify(facilitator.state)).not.toContain(pollWords);
    expect(await openPollPrompt(keyOf(everyone[3]!).key, facilitator.roomId, poll.id, poll.prompt!)).toBe(pollWords);

    // Nothing any device was sent carries an answer: events say who answered; rounds carry the sealed bytes as sent.
    for (const m of everyone) {
      const wire = JSON.stringify(m.frames);
      expect(wire).not.toContain(pollWords);
      for (const e of m.events.filter((e) => e.command.type === 'answers:submitted')) {
        expect(Object.keys(e.command).sort()).toEqual(['memberId', 'questionId', 'round', 'type']);
      }
      const relayed = m.answered.flatMap((r) => r.answers.map((a) => a.sealed)).sort();
      expect(relayed).toEqual([...sentSealed].sort());
    }
  }, 60_000);

  it('[PA2] a respondent removed before answering: the held answers are never relayed, the round runs again and adds up', async () => {
    const {
      facilitator,
      members: [ana, ben, cy, dee],
    } = await answeringRoom();
    const first = openQuestion(facilitator.state!)!;
    const firstSent = await Promise.all([facilitator, ana!, ben!].map((m, i) => answer(m, [1, 2, 3][i]!)));
    await facilitator.do({ type: 'member:remove', memberId: dee!.id });
    const stayed = [facilitator, ana!, ben!, cy!];
    await facilitator.until(() => openQuestion(facilitator.state!)?.round === 2, 'the round again');
    await converge(facilitator, stayed);
    expect(openQuestion(facilitator.state!)!.respondents).not.toContain(dee!.id);
    await Promise.all(stayed.map((m, i) => answer(m, [1, 2, 3, 3][i]!)));
    for (const m of stayed) await m.until(() => completeRound(m, first.id) !== undefined, 'the round complete');
    for (const m of stayed) {
      expect(m.answered.map((r) => [r.questionId, r.round])).toEqual([[first.id, 2]]);
      const relayed = JSON.stringify(m.frames);
      for (const s of firstSent) expect(relayed).not.toContain(s.sealed);
    }
    const question = facilitator.state!.questions[0]!;
    const key = keyOf(ana!);
    expect(await addUpRound(ana!.roomId, question, completeRound(ana!, first.id)!, () => key.key)).toMatchObject({
      ok: true,
      totals: { counts: [1, 1, 2, 0, 0] },
    });
  }, 60_000);

  it('[PA1][RC2] a bad answer is refused with a typed error: not a respondent, twice, wrong round, not sealed', async () => {
    const {
      facilitator,
      members: [ana],
      everyone,
    } = await answeringRoom();
    const q = openQuestion(facilitator.state!)!;
    const good = await answer(ana!, 3);
    expect(await ana!.send(good)).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
      message: 'You have already answered.',
    });
    expect(await facilitator.send({ ...good, round: 7 })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(await facilitator.send({ ...good, sealed: 'x'.repeat(201) })).toMatchObject({
      ok: false,
      code: 'BAD_INPUT',
    });
    expect(await facilitator.send({ ...good, sealed: 'AAAA' })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    const late = await TestMember.join(suite.server.url, facilitator.roomId, 'Eve');
    members.push(late);
    expect(await late.send(good)).toMatchObject({
      ok: false,
      message: 'This question was asked before you were here.',
    });
    expect(facilitator.state!.questions[0]!.submitted).toEqual([ana!.id]);
    expect(q.respondents).toHaveLength(everyone.length);
  }, 60_000);
});

describe('the group’s history shared through the room', () => {
  it('[HF9] only a writer shares it; every device, a later one too, gets the sealed copy the server cannot read', async () => {
    const { sixWeeks } = await import('../unit/history/fixture.ts');
    const { openFromRoom, sealForRoom } = await import('../../shared/src/history/sharedHistory.ts');
    const {
      facilitator,
      members: [ana],
      everyone,
    } = await answeringRoom();
    const history = sixWeeks();
    const key = keyOf(facilitator);
    const sealed = (await sealForRoom(key.key, key.epoch, facilitator.roomId, history))!.sealed;
    expect(await ana!.send({ type: 'history:share', epoch: key.epoch, sealed })).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
    expect((await facilitator.send({ type: 'history:share', epoch: key.epoch, sealed })).ok).toBe(true);
    const shared = (m: TestMember) => m.sharedHistory ?? undefined;
    for (const m of everyone) await m.until(() => shared(m) !== undefined, 'the shared history');
    for (const m of everyone) expect(shared(m)).toEqual({ from: facilitator.id, epoch: key.epoch, sealed });
    const late = await TestMember.join(suite.server.url, facilitator.roomId, 'Eve');
    members.push(late);
    await late.until(() => shared(late) !== undefined, 'the shared history for a later device');
    const lateBoard = await openBoard(late);
    boards.push(lateBoard);
    const lateKey = lateBoard.link.boardKey()!;
    expect(await openFromRoom(lateKey.key, late.roomId, shared(late)!)).toEqual(history);
    // What the server was given is ciphertext: no name or commitment of the file is in it.
    for (const words of ['Walk 20 minutes', 'Tom B.', '"Cleo"']) expect(sealed).not.toContain(words);
    expect(
      await facilitator.send({ type: 'history:share', epoch: key.epoch, sealed: 'x'.repeat(60_001) }),
    ).toMatchObject({ code: 'BAD_INPUT' });
  }, 60_000);
});
