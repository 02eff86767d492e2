import type { Reveal } from '../../../../shared/src/answers/vectors.ts';
import type { AnsweredRound } from '../../../../shared/src/protocol/answers.ts';
import type { AnswerSubmit } from '../../../../shared/src/protocol/commands.ts';
import type { Question, SealedPrompt } from '../../../../shared/src/room/question.ts';
import type { RoomState } from '../../../../shared/src/room/state.ts';
import type { EpochKey } from '../board/keyring.ts';

type Work = typeof import('./answerWork.ts');

/** What this device made of a question: the room's answer, or why there is none to show. */
export type AnswerResult =
  | { kind: 'shown'; reveal: Extract<Reveal, { shown: true }> }
  | { kind: 'too-few' }
  /** The answers did not add up to honest ones: someone sent a malformed answer [PA4]. */
  | { kind: 'malformed' }
  /** Sealed under a board key from before this device was in the room. */
  | { kind: 'unreadable' };

export interface DeskDeps {
  roomId: string;
  send(command: AnswerSubmit): Promise<boolean>;
  boardKey(): EpochKey | null;
}

/**
 * This device's private answers in one room [PA1–PA4]: the answer chosen for each question, kept
 * in memory alone and sent again, masked anew, when a round runs again without someone; the
 * room's answers added up from the rounds the server hands out; a poll's words, opened. Driven by
 * the room's state: `follow` after every change, and when the board key arrives.
 */
export class AnswerDesk {
  /** What this device answered, by question id; never stored, never sent as it is. */
  chosen: ReadonlyMap<string, number | null> = $state.raw(new Map());
  results: ReadonlyMap<string, AnswerResult> = $state.raw(new Map());
  prompts: ReadonlyMap<string, string> = $state.raw(new Map());
  /** Questions whose answer is on its way from this device (the round it was sent for). */
  sent: ReadonlyMap<string, number> = $state.raw(new Map());

  #rounds = new Map<string, AnsweredRound>();
  /**
   * Every board key this device has held in the room, by epoch: a removal starts a new key, and a
   * round or a poll's words sealed just before it must still open.
   */
  #keys = new Map<number, CryptoKey>();
  #firstEpoch: number | null = null;
  #state: RoomState | null = null;
  #you = '';
  #work: Promise<Work> | null = null;
  #queue: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(private readonly deps: DeskDeps) {}

  /** This device's answer to the open question; the page offers it only to respondents. */
  answer(question: Question, answer: number | null): void {
    this.chosen = new Map(this.chosen).set(question.id, answer);
    this.#step();
  }

  /** Rounds every respondent answered, as the server hands them out. */
  take(rounds: readonly AnsweredRound[]): void {
    for (const round of rounds) this.#rounds.set(round.questionId, round);
    this.#step();
  }

  follow(state: RoomState, you: string): void {
    this.#state = state;
    this.#you = you;
    this.#step();
  }

  /** A poll's words sealed for the question id the facilitator's device chose; null without the board key. */
  async sealPrompt(questionId: string, text: string): Promise<SealedPrompt | null> {
    const key = this.deps.boardKey();
    if (!key) return null;
    return (await this.#load()).sealPrompt(this.deps.roomId, questionId, text, key);
  }

  /** The room is over for this device: its answers go; what the room was shown stays for the history file. */
  dispose(): void {
    this.#disposed = true;
    this.chosen = new Map();
    this.#rounds.clear();
    this.#keys.clear();
  }

  /** Removed from the room: nothing of it stays, not even what the room was shown. */
  forget(): void {
    this.dispose();
    this.results = new Map();
    this.prompts = new Map();
  }

  /** The board key now, remembered by its epoch. */
  #currentKey(): EpochKey | null {
    const key = this.deps.boardKey();
    if (key) {
      this.#keys.set(key.epoch, key.key);
      this.#firstEpoch ??= key.epoch;
    }
    return key;
  }

  readonly #keyFor = (epoch: number): CryptoKey | null => this.#keys.get(epoch) ?? null;

  /** Whether a round needs a key from before this device held any: it will never open here. */
  #beforeMe(round: AnsweredRound): boolean {
    const first = this.#firstEpoch;
    return first !== null && round.answers.some((a) => a.epoch < first && !this.#keys.has(a.epoch));
  }

  #load(): Promise<Work> {
    this.#work ??= import('./answerWork.ts');
    this.#work.catch(() => {
      this.#work = null;
    });
    return this.#work;
  }

  /** One pass at a time, in order: sending and adding up are async, and each reads the latest state. */
  #step(): void {
    this.#queue = this.#queue.then(() => this.#pass()).catch(() => {});
  }

  async #pass(): Promise<void> {
    const state = this.#state;
    const key = this.#currentKey();
    if (!state || !key || this.#disposed || state.questions.length === 0) return;
    const work = await this.#load();
    for (const question of state.questions) {
      if (question.prompt && !this.prompts.has(question.id)) {
        const text = await work.openPrompt(this.deps.roomId, question, this.#keyFor);
        if (text !== null) this.prompts = new Map(this.prompts).set(question.id, text);
      }
      if (question.status === 'open') await this.#send(work, state, question, key);
      const round = this.#rounds.get(question.id);
      if (question.status === 'complete' && round && !this.results.has(question.id)) {
        const added = await work.addUp(this.deps.roomId, question, round, this.#keyFor, state.minAnswers);
        // A key still to come (this device is being rekeyed) is waited for; an older one never comes.
        if (added.kind === 'missing-key' && !this.#beforeMe(round)) continue;
        const result: AnswerResult =
          added.kind === 'shown' && added.reveal.shown
            ? { kind: 'shown', reveal: added.reveal }
            : {
                kind:
                  added.kind === 'missing-key' ? 'unreadable' : added.kind === 'malformed' ? 'malformed' : 'too-few',
              };
        this.results = new Map(this.results).set(question.id, result);
      }
    }
  }

  /** Sends this device's answer for the question's current round, once per round. */
  async #send(work: Work, state: RoomState, question: Question, key: EpochKey): Promise<void> {
    const me = this.#you;
    if (!this.chosen.has(question.id) || !question.respondents.includes(me) || question.submitted.includes(me)) return;
    if (this.sent.get(question.id) === question.round) return;
    // Made before it counts as sent: a respondent the roster no longer has makes it throw, and the
    // next pass (the round run again without them) tries afresh.
    const submit = await work.makeAnswer(
      this.deps.roomId,
      state,
      me,
      question,
      this.chosen.get(question.id) ?? null,
      key,
    );
    this.sent = new Map(this.sent).set(question.id, question.round);
    if (!(await this.deps.send(submit))) {
      // Refused or lost: another pass may try this round again.
      const sent = new Map(this.sent);
      sent.delete(question.id);
      this.sent = sent;
    }
  }
}
