import { AWAY_GRACE_MS, MAX_QUESTIONS, type QuestionKind, questionOpenMs, RERUN_MS } from '../answers/questionKinds.ts';
import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import type { Question, SealedPrompt } from './question.ts';
import { currentPhase, findMember, phaseIndexOf, type RoomState } from './state.ts';

/** The question still taking answers, if any: one at a time. */
export function openQuestion(state: RoomState): Question | null {
  return state.questions.find((q) => q.status === 'open') ?? null;
}

function present(state: RoomState): string[] {
  return state.members
    .filter((m) => m.connected)
    .map((m) => m.id)
    .sort();
}

function withQuestion(state: RoomState, question: Question): RoomState {
  return { ...state, questions: state.questions.map((q) => (q.id === question.id ? question : q)) };
}

/** Whether the session is at a stage where questions are asked: under way, or just over [PA1]. */
export function questionsAskable(state: Pick<RoomState, 'session'>): boolean {
  return state.session.stage === 'running' || state.session.stage === 'finished';
}

/**
 * Opens a question to the members present now [PA1]. A poll carries its sealed words; the others
 * carry none. Refused while another is open, or with fewer present than could ever be shown.
 */
export function askQuestion(
  state: RoomState,
  id: string,
  kind: QuestionKind,
  prompt: SealedPrompt | null,
  now: number,
): ReduceResult {
  if (!questionsAskable(state)) return refuse('questionNotNow');
  if (openQuestion(state)) return refuse('questionOpen');
  if ((kind === 'poll') !== (prompt !== null)) return refuse('pollPrompt');
  if (state.questions.some((q) => q.id === id)) return refuse('questionIdUsed');
  // Stress and "how valuable" are the same question each time: asked again of fewer people, the
  // difference of two totals would be someone's answer. Once shown, they are not asked again.
  if (kind !== 'poll' && state.questions.some((q) => q.kind === kind && q.status === 'complete')) {
    return refuse('askedAlready');
  }
  if (state.questions.length >= MAX_QUESTIONS) return refuse('tooManyQuestions', String(MAX_QUESTIONS));
  const respondents = present(state);
  if (respondents.length < state.minAnswers) return refuse('tooFewToAsk', String(state.minAnswers));
  const question: Question = {
    id,
    kind,
    prompt,
    openedAt: now,
    closesAt: now + questionOpenMs[kind],
    respondents,
    round: 1,
    submitted: [],
    status: 'open',
  };
  return accept({ ...state, questions: [...state.questions, question] });
}

/** The room host took a respondent's sealed answer for this round: the state notes who, never what [PA1]. */
export function noteSubmitted(state: RoomState, questionId: string, round: number, memberId: string): ReduceResult {
  const question = openQuestion(state);
  if (!question || question.id !== questionId || question.round !== round) return refuse('questionClosed');
  if (!question.respondents.includes(memberId)) return refuse('notARespondent');
  if (question.submitted.includes(memberId)) return refuse('alreadyAnswered');
  const submitted = [...question.submitted, memberId];
  const complete = submitted.length === question.respondents.length;
  return accept(withQuestion(state, { ...question, submitted, status: complete ? 'complete' : 'open' }));
}

/**
 * The round again with `respondents` alone, or nothing shown when too few are left [PA2]. Nothing
 * of the round before was ever handed out (the host holds a round's answers until all are in), so
 * one question is only ever added up once, on one set of people.
 */
function rerun(state: RoomState, question: Question, respondents: string[], closesAt: number): RoomState {
  if (respondents.length < state.minAnswers) return withQuestion(state, { ...question, status: 'withheld' });
  return withQuestion(state, {
    ...question,
    respondents: [...respondents].sort(),
    round: question.round + 1,
    submitted: [],
    closesAt,
  });
}

/**
 * Time is up for the open round, or the facilitator closed it: it goes on with those who answered
 * and are still here, as a new round [PA2].
 */
export function closeQuestion(state: RoomState, now: number): ReduceResult {
  const question = openQuestion(state);
  if (!question) return refuse('questionClosed');
  const stillHere = new Set(present(state));
  return accept(
    rerun(
      state,
      question,
      question.submitted.filter((id) => stillHere.has(id)),
      now + RERUN_MS,
    ),
  );
}

/**
 * The open round again, with the same respondents, once some have answered: the process that
 * held their sealed answers is gone, and the one the room came back on never had them [RS2].
 */
export function restartRound(state: RoomState, now: number): ReduceResult {
  const question = openQuestion(state);
  if (!question || question.submitted.length === 0) return refuse('questionClosed');
  return accept(rerun(state, question, question.respondents, Math.max(question.closesAt, now + RERUN_MS)));
}

/** Whether a respondent of the open round has gone: removed, or away past the grace without answering. */
function isGone(state: RoomState, question: Question, id: string, now: number): boolean {
  const member = findMember(state, id);
  if (!member) return true;
  if (member.connected || question.submitted.includes(id)) return false;
  return member.awaySince !== null && now - member.awaySince >= AWAY_GRACE_MS;
}

/** When the open round next changes by itself: its time running out, or an away respondent's grace ending. */
export function questionDueAt(state: RoomState): number | null {
  const question = openQuestion(state);
  if (!question) return null;
  let due = question.closesAt;
  for (const id of question.respondents) {
    const member = findMember(state, id);
    if (member && !member.connected && member.awaySince !== null && !question.submitted.includes(id)) {
      due = Math.min(due, member.awaySince + AWAY_GRACE_MS);
    }
  }
  return due;
}

/**
 * The open round's deadline [PA2]: a respondent's grace has ended (the settling after every command
 * runs the round again without them), or its time is up (it goes on with those who answered).
 */
export function questionDue(state: RoomState, now: number): ReduceResult {
  const question = openQuestion(state);
  if (!question || now < (questionDueAt(state) ?? Number.POSITIVE_INFINITY)) return refuse('questionClosed');
  if (question.respondents.some((id) => isGone(state, question, id, now))) return accept(state);
  return closeQuestion(state, now);
}

/**
 * After any change: a respondent removed from the room, or away past the grace before answering
 * this round, is a drop-out, and the round runs again without them and anyone else away [PA2]. It
 * keeps the time it had, so the people still to answer lose nothing. A removed respondent goes even
 * after answering: the room no longer has their key, so no one could mask with them again. Called
 * by the reducer after every accepted command.
 */
export function settleQuestions(state: RoomState, now: number): RoomState {
  const question = openQuestion(state);
  if (!question?.respondents.some((id) => isGone(state, question, id, now))) return state;
  const stillHere = question.respondents.filter((id) => {
    const member = findMember(state, id);
    return (
      member !== undefined &&
      (member.connected || (member.awaySince !== null && now - member.awaySince < AWAY_GRACE_MS))
    );
  });
  return rerun(state, question, stillHere, Math.max(question.closesAt, now + RERUN_MS));
}

/**
 * A phase that asks a question when it begins (a check-in's stress, the meta check's "how
 * valuable") asks it once per session, when the session moves into it: not again on coming back,
 * not while another question is open, and not with too few here to ever show it [PA1].
 */
export function askedByThePhase(before: RoomState, after: RoomState, now: number): RoomState {
  const index = phaseIndexOf(after);
  if (index === null || index === phaseIndexOf(before)) return after;
  const phase = currentPhase(after);
  const kind = phase && (phase.kind === 'round' || phase.kind === 'check') ? phase.ask : undefined;
  if (!kind) return after;
  const asked = askQuestion(after, `phase-${index}-${kind}`, kind, null, now);
  return asked.ok ? asked.state : after;
}
