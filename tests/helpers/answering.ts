import { answerRound, type RoundKey } from '../../shared/src/answers/deviceRound.ts';
import type { AnswerSubmit } from '../../shared/src/protocol/commands.ts';
import { openQuestion } from '../../shared/src/room/questions.ts';
import type { TestMember } from './member.ts';

/**
 * What `member`'s device sends for the open question, made with the page's own code: the answer
 * masked with every other respondent in the member's replica and sealed with `key`.
 */
export async function pageAnswer(member: TestMember, key: RoundKey, value: number | null): Promise<AnswerSubmit> {
  const state = member.state;
  const question = state && openQuestion(state);
  if (!question) throw new Error('no question is open on this device');
  const device = {
    roomId: member.roomId,
    me: member.id,
    keys: await member.keys.pairs(),
    boxKeyOf: (id: string) => state.members.find((m) => m.id === id)?.keys.box ?? null,
  };
  return answerRound(device, question, value, key);
}
