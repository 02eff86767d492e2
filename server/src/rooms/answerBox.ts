import type { AnsweredRound, SealedAnswer } from '../../../shared/src/protocol/answers.ts';
import type { AnswerSubmit } from '../../../shared/src/protocol/commands.ts';
import { CONTRIBUTION_BYTES } from '../../../shared/src/answers/contribution.ts';
import { fromBase64Url } from '../../../shared/src/crypto/bytes.ts';
import { openQuestion } from '../../../shared/src/room/questions.ts';
import { type Refusal, refuse } from '../../../shared/src/room/refusal.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';

/**
 * The sealed answers of the open round, held unread until every respondent has sent theirs, and
 * the rounds already complete, for a device that connects later [PA1, PA2]. A round that is run
 * again (someone dropped out, time ran out) is thrown away unsent: no device ever holds the
 * vectors of a round that does not add up, so no one can take two sums on two sets of people.
 */
export class AnswerBox {
  #round: { questionId: string; round: number; answers: Map<string, SealedAnswer> } | null = null;
  readonly #complete = new Map<string, AnsweredRound>();

  /** Checks and holds a respondent's answer; the reducer then notes that they answered. */
  hold(state: RoomState, memberId: string, command: AnswerSubmit): Refusal | null {
    const question = openQuestion(state);
    if (!question || question.id !== command.questionId || question.round !== command.round) {
      return refuse('questionClosed');
    }
    if (!question.respondents.includes(memberId)) return refuse('notARespondent');
    if (question.submitted.includes(memberId)) return refuse('alreadyAnswered');
    if (fromBase64Url(command.sealed)?.length !== CONTRIBUTION_BYTES) return refuse('answerUnreadable');
    if (this.#round?.questionId !== question.id || this.#round.round !== question.round) {
      this.#round = { questionId: question.id, round: question.round, answers: new Map() };
    }
    this.#round.answers.set(memberId, { from: memberId, epoch: command.epoch, sealed: command.sealed });
    return null;
  }

  /** The round the last change completed, to hand to every member; stale held answers are dropped. */
  settle(state: RoomState): AnsweredRound | null {
    const held = this.#round;
    if (!held) return null;
    const question = state.questions.find((q) => q.id === held.questionId);
    if (!question || question.round !== held.round || question.status === 'withheld') {
      this.#round = null;
      return null;
    }
    if (question.status !== 'complete') return null;
    this.#round = null;
    const complete = { questionId: question.id, round: question.round, answers: [...held.answers.values()] };
    this.#complete.set(question.id, complete);
    return complete;
  }

  /** Every complete round of the session, for a device that connects. */
  completeRounds(): AnsweredRound[] {
    return [...this.#complete.values()];
  }

  clear(): void {
    this.#round = null;
    this.#complete.clear();
  }
}
