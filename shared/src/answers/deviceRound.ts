import type { MemberKeyPairs } from '../crypto/memberKeys.ts';
import type { AnsweredRound } from '../protocol/answers.ts';
import type { AnswerSubmit } from '../protocol/commands.ts';
import type { Question } from '../room/question.ts';
import { openContribution, sealContribution } from './contribution.ts';
import { maskVector, type Respondent } from './pairMasks.ts';
import { answerVector, readTotals, sumVectors, type Totals, type Vector } from './vectors.ts';

/** This device in a room: who it is, its member keys, and each member's X25519 key from the roster. */
export interface AnsweringDevice {
  roomId: string;
  me: string;
  keys: MemberKeyPairs;
  boxKeyOf(memberId: string): string | null;
}

/** A board key as the device holds it. */
export interface RoundKey {
  epoch: number;
  key: CryptoKey;
}

function respondentsOf(device: AnsweringDevice, question: Question): Respondent[] {
  return question.respondents.map((id) => {
    const box = device.boxKeyOf(id);
    if (!box) throw new Error('a respondent is not in the roster');
    return { id, box };
  });
}

/**
 * This device's answer to the question's current round, ready to send: one-hot, masked with every
 * other respondent, sealed with the board key. Nothing of the answer leaves the device otherwise.
 */
export async function answerRound(
  device: AnsweringDevice,
  question: Question,
  answer: number | null,
  boardKey: RoundKey,
): Promise<AnswerSubmit> {
  const round = { roomId: device.roomId, questionId: question.id, round: question.round };
  const masked = await maskVector(
    answerVector(question.kind, answer),
    device.me,
    device.keys,
    respondentsOf(device, question),
    round,
  );
  const sealed = await sealContribution(boardKey.key, masked, { ...round, from: device.me, epoch: boardKey.epoch });
  return { type: 'answer:submit', questionId: question.id, round: question.round, epoch: boardKey.epoch, sealed };
}

export type AddedUp =
  | { ok: true; totals: Totals }
  /** `missing-key`: this device does not hold a board key the answers were sealed with (yet). */
  | { ok: false; reason: 'malformed' | 'missing-key' };

/**
 * The room's totals from a complete round: every respondent's vector opened and summed, the masks
 * cancelling. Malformed when the answers are not exactly the respondents', one each, or when any
 * does not open, or when the sum is not what honest answers can add up to [PA4].
 */
export async function addUpRound(
  roomId: string,
  question: Question,
  answered: AnsweredRound,
  keyFor: (epoch: number) => CryptoKey | null,
): Promise<AddedUp> {
  const from = answered.answers.map((a) => a.from).sort();
  const expected = question.respondents;
  if (
    answered.questionId !== question.id ||
    answered.round !== question.round ||
    from.length !== expected.length ||
    from.some((id, i) => id !== expected[i])
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const vectors: Vector[] = [];
  for (const answer of answered.answers) {
    const key = keyFor(answer.epoch);
    if (!key) return { ok: false, reason: 'missing-key' };
    const context = { roomId, questionId: question.id, round: question.round, from: answer.from, epoch: answer.epoch };
    const vector = await openContribution(key, answer.sealed, context);
    if (!vector) return { ok: false, reason: 'malformed' };
    vectors.push(vector);
  }
  const totals = readTotals(question.kind, sumVectors(vectors), expected.length);
  return totals ? { ok: true, totals } : { ok: false, reason: 'malformed' };
}
