import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addUpRound, answerRound, type AnsweringDevice } from '../../../shared/src/answers/deviceRound.ts';
import { optionCounts, type QuestionKind, questionKinds } from '../../../shared/src/answers/questionKinds.ts';
import { answerVector, readTotals, reveal, sumVectors } from '../../../shared/src/answers/vectors.ts';
import { importBoardKey, newBoardKeyBytes } from '../../../shared/src/crypto/boardKey.ts';
import type { AnsweredRound } from '../../../shared/src/protocol/answers.ts';
import type { Question } from '../../../shared/src/room/question.ts';
import { DeviceKeys } from '../../helpers/deviceKeys.ts';

const ROOM = 'room-masking-test';

/** A pool of member keys, made once: the property runs pick respondents from it. */
const pool = Array.from({ length: 12 }, (_, i) => ({
  id: `member-${String(i).padStart(2, '0')}`,
  keys: new DeviceKeys(),
}));

function deviceOf(index: number, pairs: Awaited<ReturnType<DeviceKeys['pairs']>>): AnsweringDevice {
  return {
    roomId: ROOM,
    me: pool[index]?.id ?? '',
    keys: pairs,
    boxKeyOf: (id) => pool.find((p) => p.id === id)?.keys.public.box ?? null,
  };
}

function questionFor(kind: QuestionKind, respondents: string[], round = 1, id = 'question-1'): Question {
  return {
    id,
    kind,
    prompt: null,
    openedAt: 0,
    closesAt: 1,
    respondents: [...respondents].sort(),
    round,
    submitted: [],
    status: 'complete',
  };
}

/** Every chosen device answers the round; the answers come back as the host would hand them out. */
async function playRound(kind: QuestionKind, chosen: number[], answers: (number | null)[], round = 1) {
  const key = { epoch: 1, key: await importBoardKey(newBoardKeyBytes()) };
  const question = questionFor(
    kind,
    chosen.map((i) => pool[i]?.id ?? ''),
    round,
  );
  const sent = await Promise.all(
    chosen.map(async (index, n) => {
      const device = deviceOf(index, await (pool[index] as (typeof pool)[number]).keys.pairs());
      const submit = await answerRound(device, question, answers[n] ?? null, key);
      return { from: device.me, epoch: submit.epoch, sealed: submit.sealed };
    }),
  );
  const answered: AnsweredRound = { questionId: question.id, round, answers: sent };
  return { question, answered, key, keyFor: (epoch: number) => (epoch === 1 ? key.key : null) };
}

function trueCounts(kind: QuestionKind, answers: (number | null)[]): number[] {
  const counts = new Array(optionCounts[kind]).fill(0);
  for (const a of answers) if (a !== null) counts[a - 1] += 1;
  return counts;
}

const roundInput = fc.constantFrom(...questionKinds).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    chosen: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 3, maxLength: 12 }),
    answers: fc.array(fc.option(fc.integer({ min: 1, max: optionCounts[kind] }), { nil: null }), {
      minLength: 12,
      maxLength: 12,
    }),
  }),
);

describe('private answers: pairwise masking', () => {
  it('[PA1] for any 3 to 12 respondents and answers, the room adds up exactly the true histogram', async () => {
    await fc.assert(
      fc.asyncProperty(roundInput, async ({ kind, chosen, answers }) => {
        const mine = answers.slice(0, chosen.length);
        const { question, answered, keyFor } = await playRound(kind, chosen, mine);
        const added = await addUpRound(ROOM, question, answered, keyFor);
        expect(added).toEqual({
          ok: true,
          totals: {
            counts: trueCounts(kind, mine),
            preferNot: mine.filter((a) => a === null).length,
            answered: mine.filter((a) => a !== null).length,
          },
        });
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('[PA1] a masked vector alone says nothing: every slot looks random, and all kinds are the same size', async () => {
    const { answered } = await playRound('stress', [0, 1, 2, 3], [1, 1, 1, 1]);
    const lengths = new Set(answered.answers.map((a) => a.sealed.length));
    expect(lengths.size).toBe(1);
    const { answered: poll } = await playRound('poll', [0, 1, 2], [1, 2, null]);
    expect(poll.answers[0]?.sealed.length).toBe(answered.answers[0]?.sealed.length);
  });

  it('[PA2] a round re-run without a drop-out adds up over those left, with fresh masks', async () => {
    await fc.assert(
      fc.asyncProperty(roundInput, fc.nat(), async ({ kind, chosen, answers }, drop) => {
        fc.pre(chosen.length >= 4);
        const dropped = drop % chosen.length;
        const left = chosen.filter((_, i) => i !== dropped);
        const mine = answers.slice(0, chosen.length).filter((_, i) => i !== dropped);
        const first = await playRound(kind, chosen, answers.slice(0, chosen.length), 1);
        const second = await playRound(kind, left, mine, 2);
        expect(await addUpRound(ROOM, second.question, second.answered, second.keyFor)).toMatchObject({
          ok: true,
          totals: { counts: trueCounts(kind, mine) },
        });
        // The first round's vectors, taken without the drop-out's, do not add up to anything.
        const partial = {
          ...first.answered,
          answers: first.answered.answers.filter((a) => a.from !== pool[chosen[dropped] ?? 0]?.id),
        };
        const subset = questionFor(
          kind,
          left.map((i) => pool[i]?.id ?? ''),
          1,
        );
        expect(await addUpRound(ROOM, subset, partial, first.keyFor)).toEqual({ ok: false, reason: 'malformed' });
      }),
      { numRuns: 15 },
    );
  }, 60_000);

  it('[PA3] fewer than 3 answers show nothing, whatever the number of respondents', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...questionKinds),
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 0, max: 2 }),
        (kind, n, answered) => {
          const answers = [...Array(answered).fill(1), ...Array(n - answered).fill(null)];
          const totals = readTotals(kind, sumVectors(answers.map((a) => answerVector(kind, a))), n);
          expect(totals).not.toBeNull();
          expect(reveal(kind, totals as NonNullable<typeof totals>, n, 3)).toEqual({
            shown: false,
            respondents: n,
            reason: 'too-few',
          });
        },
      ),
    );
  });

  it('[PA3] the average is rounded to a half; a unanimous answer is marked as such', () => {
    const totals = readTotals('stress', sumVectors([2, 3, 3, 5].map((a) => answerVector('stress', a))), 4);
    expect(reveal('stress', totals as NonNullable<typeof totals>, 4, 3)).toEqual({
      shown: true,
      respondents: 4,
      answers: 4,
      counts: [0, 1, 2, 0, 1],
      average: 3.5,
      unanimous: false,
    });
    const same = readTotals('poll', sumVectors([1, 1, 1].map((a) => answerVector('poll', a))), 3);
    expect(reveal('poll', same as NonNullable<typeof same>, 3, 3)).toMatchObject({ average: null, unanimous: true });
  });

  it('[PA4] a malformed contribution is detected: too many votes, a vote past the options, a relabelled or foreign vector', async () => {
    const { question, answered, keyFor, key } = await playRound('stress', [0, 1, 2, 3], [1, 2, 3, 4]);
    expect((await addUpRound(ROOM, question, answered, keyFor)).ok).toBe(true);

    // A dishonest member masks a vector with 2 votes for 5 instead of one answer.
    const cheatWith = async (vector: Uint32Array) => {
      const cheat = deviceOf(0, await (pool[0] as (typeof pool)[number]).keys.pairs());
      const { maskVector } = await import('../../../shared/src/answers/pairMasks.ts');
      const { sealContribution } = await import('../../../shared/src/answers/contribution.ts');
      const respondents = question.respondents.map((id) => ({ id, box: cheat.boxKeyOf(id) ?? '' }));
      const round = { roomId: ROOM, questionId: question.id, round: 1 };
      const masked = await maskVector(vector, cheat.me, cheat.keys, respondents, round);
      const sealed = await sealContribution(key.key, masked, { ...round, from: cheat.me, epoch: 1 });
      const answers = answered.answers.map((a) => (a.from === cheat.me ? { ...a, sealed } : a));
      return addUpRound(ROOM, question, { ...answered, answers }, keyFor);
    };
    const stuffed = new Uint32Array(12);
    stuffed[4] = 2;
    expect(await cheatWith(stuffed)).toEqual({ ok: false, reason: 'malformed' });
    const pastOptions = new Uint32Array(12);
    pastOptions[7] = 1;
    expect(await cheatWith(pastOptions)).toEqual({ ok: false, reason: 'malformed' });
    const negative = new Uint32Array(12);
    negative[0] = 0xffffffff; // -1 where only one other answered 1: the slot wraps past the respondents
    negative[1] = 2;
    expect(await cheatWith(negative)).toEqual({ ok: false, reason: 'malformed' });

    // A vector relabelled as another member's does not open; nor does one missing or doubled.
    const [a, b] = answered.answers as [AnsweredRound['answers'][0], AnsweredRound['answers'][0]];
    const swapped = answered.answers.map((x) =>
      x === a ? { ...a, sealed: b.sealed } : x === b ? { ...b, sealed: a.sealed } : x,
    );
    expect(await addUpRound(ROOM, question, { ...answered, answers: swapped }, keyFor)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    const doubled = [a, a, ...answered.answers.slice(2)];
    expect(await addUpRound(ROOM, question, { ...answered, answers: doubled }, keyFor)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(await addUpRound(ROOM, question, answered, () => null)).toEqual({ ok: false, reason: 'missing-key' });
  });

  it('[PA4] a dishonest member who keeps the sum well formed can move other answers (measured bound)', async () => {
    // Answers 1,1,1,5: the cheat (who answered 1) sends -1 on slot 1 and 2 on slot 5: the room sees 1,5,5,5.
    const { question, answered, keyFor, key } = await playRound('stress', [0, 1, 2, 3], [1, 1, 1, 5]);
    const cheat = deviceOf(0, await (pool[0] as (typeof pool)[number]).keys.pairs());
    const { maskVector } = await import('../../../shared/src/answers/pairMasks.ts');
    const { sealContribution } = await import('../../../shared/src/answers/contribution.ts');
    const vector = new Uint32Array(12);
    vector[0] = 0xffffffff; // takes one "1" away from someone else
    vector[4] = 2; // and puts two "5"s in
    const respondents = question.respondents.map((id) => ({ id, box: cheat.boxKeyOf(id) ?? '' }));
    const round = { roomId: ROOM, questionId: question.id, round: 1 };
    const sealed = await sealContribution(key.key, await maskVector(vector, cheat.me, cheat.keys, respondents, round), {
      ...round,
      from: cheat.me,
      epoch: 1,
    });
    const answers = answered.answers.map((a) => (a.from === cheat.me ? { ...a, sealed } : a));
    const added = await addUpRound(ROOM, question, { ...answered, answers }, keyFor);
    // Passes every check: masking alone cannot bound one member's weight (SECURITY.md says so).
    expect(added).toMatchObject({ ok: true, totals: { counts: [1, 0, 0, 0, 3] } });
  });
});
