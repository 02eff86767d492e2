import type { QuestionKind } from '../answers/questionKinds.ts';

/** A poll's words, sealed on the facilitator's device with the board key: the server cannot read them [PA1]. */
export interface SealedPrompt {
  epoch: number;
  sealed: string;
}

/**
 * A question answered in private [PA1–PA4]. Who is asked is fixed when it opens: the members then
 * present. The state holds who has answered this round, never an answer: the answers travel
 * masked and sealed, and the room host hands them out only once every respondent of the round has
 * sent theirs.
 */
export interface Question {
  /** Chosen by the facilitator's device (it seals the prompt to it); `auto-N` when the room asks. */
  id: string;
  kind: QuestionKind;
  prompt: SealedPrompt | null;
  openedAt: number;
  /** When this round stops waiting; the round goes on with those who answered, if enough did. */
  closesAt: number;
  /** Sorted member ids. */
  respondents: string[];
  /** Counts from 1; a new round has new masks, so no two rounds' vectors combine [PA2]. */
  round: number;
  submitted: string[];
  /** `complete`: every respondent answered this round and the room can add the answers up. */
  status: 'open' | 'complete' | 'withheld';
}
