// The device's side of private answers, loaded with import() the first time a question is asked:
// masking, sealing, adding up and the poll's sealed words. None of it is in the first bundle.

import { addUpRound, answerRound } from '../../../../shared/src/answers/deviceRound.ts';
import { openPollPrompt, sealPollPrompt } from '../../../../shared/src/answers/pollPrompt.ts';
import { type Reveal, reveal } from '../../../../shared/src/answers/vectors.ts';
import type { AnsweredRound } from '../../../../shared/src/protocol/answers.ts';
import type { AnswerSubmit } from '../../../../shared/src/protocol/commands.ts';
import type { Question, SealedPrompt } from '../../../../shared/src/room/question.ts';
import type { RoomState } from '../../../../shared/src/room/state.ts';
import type { EpochKey } from '../board/keyring.ts';
import { keysFor } from '../deviceKeys.ts';

export type Added = { kind: 'shown' | 'too-few'; reveal: Reveal } | { kind: 'malformed' } | { kind: 'missing-key' };

/** The board keys this device has held in this room, by epoch: answers and poll words name theirs. */
export type KeyFor = (epoch: number) => CryptoKey | null;

export async function makeAnswer(
  roomId: string,
  state: RoomState,
  me: string,
  question: Question,
  answer: number | null,
  key: EpochKey,
): Promise<AnswerSubmit> {
  const keys = await keysFor(roomId);
  const boxKeyOf = (id: string) => state.members.find((m) => m.id === id)?.keys.box ?? null;
  return answerRound({ roomId, me, keys, boxKeyOf }, question, answer, key);
}

export async function addUp(
  roomId: string,
  question: Question,
  round: AnsweredRound,
  keyFor: KeyFor,
  minAnswers: number,
): Promise<Added> {
  const added = await addUpRound(roomId, question, round, keyFor);
  if (!added.ok) return { kind: added.reason };
  const shown = reveal(question.kind, added.totals, question.respondents.length, minAnswers);
  return { kind: shown.shown ? 'shown' : 'too-few', reveal: shown };
}

export function sealPrompt(roomId: string, questionId: string, text: string, key: EpochKey): Promise<SealedPrompt> {
  return sealPollPrompt(key.key, key.epoch, roomId, questionId, text);
}

export function openPrompt(roomId: string, question: Question, keyFor: KeyFor): Promise<string | null> {
  const key = question.prompt && keyFor(question.prompt.epoch);
  return question.prompt && key ? openPollPrompt(key, roomId, question.id, question.prompt) : Promise.resolve(null);
}
