/** One respondent's sealed, masked answer as the room host hands it out: who sent it, under which board key. */
export interface SealedAnswer {
  from: string;
  epoch: number;
  sealed: string;
}

/**
 * A round every respondent answered, handed to every member at once: the masked vectors, each
 * sealed with the board key. Only a device that holds the key can add them up, and only the sum
 * of all of them means anything [PA1].
 */
export interface AnsweredRound {
  questionId: string;
  round: number;
  answers: SealedAnswer[];
}
