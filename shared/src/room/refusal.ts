import { ROOM_LIMITS } from './limits.ts';

/** Every kind of "no" the room can answer, shared by server and client; the page keys on these. */
export const refusalCodes = [
  'BAD_INPUT',
  'NOT_A_MEMBER',
  'NOT_FACILITATOR',
  'NOT_YOUR_TURN',
  'NOT_ALLOWED',
  'WRONG_PHASE',
  'ROOM_FULL',
  'ROOM_ENDED',
  'ROOM_NOT_FOUND',
  'ROOM_LOCKED',
  'NO_TOKENS',
  'UNKNOWN_MEMBER',
  'RATE_LIMITED',
] as const;
export type RefusalCode = (typeof refusalCodes)[number];

/**
 * A refusal, in the one shape every edge uses: the reducer's answer, a Socket.IO acknowledgement
 * and an HTTP body alike [RC1].
 */
export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
}

/** A refusal's code and its words; words that name something are a function of it. */
type Copy = readonly [RefusalCode, string | ((what: string) => string)];

/**
 * What every refusal says, in one table keyed by the reason, so the same situation always reads
 * the same and the words can be reviewed (or translated) in one place.
 */
export const refusalCopy = {
  // The room and its members
  roomEnded: ['ROOM_ENDED', 'This room has ended.'],
  roomLocked: ['ROOM_LOCKED', 'This room is locked: no one new can join.'],
  roomFull: ['ROOM_FULL', (capacity) => `This room is full (${capacity} people).`],
  serverFull: ['ROOM_FULL', 'This server is at capacity. Please try again later.'],
  serverDraining: ['ROOM_FULL', 'This server is about to restart. Please try again in a moment.'],
  waitingListFull: ['ROOM_FULL', 'Too many people are waiting to be let in. Try again in a few minutes.'],
  notAMember: ['NOT_A_MEMBER', 'Join the room first.'],
  memberCommandWithoutMember: ['NOT_A_MEMBER', 'A member command needs a member.'],
  systemCommand: ['NOT_ALLOWED', 'Not a member command.'],
  notFacilitator: ['NOT_FACILITATOR', 'Only the facilitator can do that.'],
  noSuchMember: ['UNKNOWN_MEMBER', 'No such member.'],
  alreadyAMember: ['BAD_INPUT', 'Already a member.'],
  alreadyJoined: ['NOT_ALLOWED', 'You have already joined this room.'],
  badName: ['BAD_INPUT', 'A name needs 1 to 40 visible characters.'],
  badKeys: ['BAD_INPUT', 'This device could not prove its keys. Reload and join again.'],
  keysInUse: ['BAD_INPUT', 'These keys are already in use here. Reload and join again.'],
  presenceUnchanged: ['NOT_ALLOWED', 'Presence unchanged.'],
  knockRoom: ['NOT_ALLOWED', 'In this room the facilitator lets people in.'],
  openRoom: ['NOT_ALLOWED', 'This room takes people without a knock.'],
  alreadyLocked: ['NOT_ALLOWED', 'The room is already locked.'],
  notLocked: ['NOT_ALLOWED', 'The room is not locked.'],
  notWaiting: ['UNKNOWN_MEMBER', 'That person is no longer waiting.'],
  nobodyWaiting: ['NOT_ALLOWED', 'No one is waiting.'],
  declinedRecently: ['RATE_LIMITED', 'The facilitator declined. You can knock again in a minute.'],
  neighboursWaiting: [
    'RATE_LIMITED',
    'Several people from your network are already waiting. Knock again once they are in.',
  ],
  tooManyKnocks: ['RATE_LIMITED', 'Too many knocks from here. Wait a minute.'],
  removeSelf: ['NOT_ALLOWED', 'Hand the facilitator role to someone else first.'],
  // Roles
  alreadyFacilitator: ['NOT_ALLOWED', 'You are already the facilitator.'],
  notConnected: ['NOT_ALLOWED', (name) => `${name} is not connected right now.`],
  alreadyScribe: ['NOT_ALLOWED', 'That is already the scribe.'],
  cannotTakeRole: ['NOT_ALLOWED', 'The facilitator is here: ask them to hand you the role.'],
  facilitatorInGrace: ['NOT_ALLOWED', 'The facilitator is still within the grace period.'],
  nobodyToFacilitate: ['NOT_ALLOWED', 'No one is here to take the facilitator role.'],
  // The agenda and its phases
  agendaLocked: ['WRONG_PHASE', 'The session is over: there are no phases left to change.'],
  agendaPastLocked: ['WRONG_PHASE', 'Only the phases still to come can change: the ones done or under way stay.'],
  alreadyStarted: ['WRONG_PHASE', 'The session has already started.'],
  noNextPhase: ['WRONG_PHASE', 'There is no next phase.'],
  noPreviousPhase: ['WRONG_PHASE', 'There is no previous phase.'],
  noPhaseRunning: ['WRONG_PHASE', 'No phase is running.'],
  notARound: ['WRONG_PHASE', 'This is not a round.'],
  roundDone: ['WRONG_PHASE', 'Everyone has had their turn.'],
  notYourTurn: ['NOT_YOUR_TURN', 'It is not your turn.'],
  notSkipped: ['NOT_ALLOWED', 'Their turn has not gone by: there is nothing to give back.'],
  notAReportBack: ['WRONG_PHASE', 'This is not the report-back.'],
  reportDone: ['WRONG_PHASE', 'Everyone has reported back.'],
  reportMoved: ['NOT_ALLOWED', 'The report-back has already moved on.'],
  notReporter: ['NOT_ALLOWED', 'The facilitator, the scribe or the person in focus moves the report-back on.'],
  notAHotSeat: ['WRONG_PHASE', 'This is not a hot-seat phase.'],
  seatEmpty: ['WRONG_PHASE', 'No one is in the hot seat.'],
  notTheSeat: ['NOT_YOUR_TURN', 'Only the person in the hot seat chooses.'],
  notChoosingTime: ['WRONG_PHASE', 'The choice is made at "Reflections & options".'],
  noStepBack: ['NOT_ALLOWED', 'There is no step to go back to.'],
  // The guide and the safety path
  noCardShown: ['NOT_ALLOWED', 'No card is showing.'],
  alreadyInSupport: ['NOT_ALLOWED', 'The room is already paused for support.'],
  notInSupport: ['NOT_ALLOWED', 'The room is not paused for support.'],
  pausedForSupport: ['NOT_ALLOWED', 'The room is paused for support. Resume the session first.'],
  // The clock
  alreadyPaused: ['NOT_ALLOWED', 'The timer is already paused.'],
  notPaused: ['NOT_ALLOWED', 'The timer is not paused.'],
  // The hand queue and tokens
  handsClosed: ['WRONG_PHASE', 'Hands go up in an open floor or a hot seat’s question steps.'],
  inTheSeat: ['NOT_ALLOWED', 'You are in the hot seat: the group is here for you.'],
  handAlreadyUp: ['NOT_ALLOWED', 'Your hand is already up.'],
  youHaveTheFloor: ['NOT_ALLOWED', 'You have the floor right now.'],
  noTokensLeft: ['NO_TOKENS', 'You have no talk tokens left. The facilitator can grant you one.'],
  memberOutOfTokens: ['NO_TOKENS', (name) => `${name} has no talk tokens left.`],
  tokensFull: ['NOT_ALLOWED', (name) => `${name} already holds ${ROOM_LIMITS.maxTokensHeld} tokens.`],
  handNotUp: ['NOT_ALLOWED', 'That hand is not up.'],
  noHands: ['NOT_ALLOWED', 'No hands are up.'],
  queueAway: ['NOT_ALLOWED', 'Everyone in the queue is away right now.'],
  seatNotCalled: ['NOT_ALLOWED', 'The person in the hot seat is not called from the queue.'],
  nobodyCallable: ['WRONG_PHASE', 'No one can be called in this phase.'],
  floorTaken: ['NOT_ALLOWED', (name) => `${name} has the floor. End that turn first.`],
  nobodyOnTheFloor: ['WRONG_PHASE', 'No one has the floor.'],
  queueModeUnchanged: ['NOT_ALLOWED', 'The queue already works that way.'],
  autoCallAlreadyOn: ['NOT_ALLOWED', 'Auto-call is already on.'],
  autoCallAlreadyOff: ['NOT_ALLOWED', 'Auto-call is already off.'],
  noHandDue: ['NOT_ALLOWED', 'No hand is due to be lowered.'],
  // Rooms that outlive their process
  resumeRefused: ['NOT_A_MEMBER', 'This device could not prove it was in this room.'],
  resumeUnavailable: ['NOT_ALLOWED', 'This server cannot bring rooms back.'],
  // The encrypted board
  boardNotOpen: ['NOT_ALLOWED', 'Open the board first.'],
  boardNoKeyYet: ['NOT_ALLOWED', 'The board has no key yet: the facilitator’s device makes the first.'],
  boardStaleEpoch: ['NOT_ALLOWED', 'The board key has changed since: open the board again.'],
  boardKeyHeld: ['NOT_ALLOWED', 'That member already has this board key.'],
  boardCannotSeal: ['NOT_FACILITATOR', 'In this room only the facilitator hands out the board key.'],
  boardBadSignature: ['BAD_INPUT', 'The board key was not signed by this device’s key.'],
  boardRekeyMembers: ['BAD_INPUT', 'A new board key goes to current members, each at most once, you included.'],
  // Private answers
  questionNotNow: ['WRONG_PHASE', 'Questions are asked once the session has started.'],
  questionOpen: ['NOT_ALLOWED', 'A question is already open. Close it first.'],
  pollPrompt: ['BAD_INPUT', 'A poll needs its question; stress and “how valuable” need none.'],
  questionIdUsed: ['BAD_INPUT', 'That question was asked already.'],
  askedAlready: [
    'NOT_ALLOWED',
    'The room has answered that this session. Asked again of fewer people, the difference would show someone’s answer.',
  ],
  tooManyQuestions: ['NOT_ALLOWED', (max) => `A session asks at most ${max} questions.`],
  tooFewToAsk: ['NOT_ALLOWED', (min) => `At least ${min} people must be here: fewer answers are never shown.`],
  questionClosed: ['NOT_ALLOWED', 'That question is no longer taking answers.'],
  notARespondent: ['NOT_ALLOWED', 'This question was asked before you were here.'],
  alreadyAnswered: ['NOT_ALLOWED', 'You have already answered.'],
  answerUnreadable: ['BAD_INPUT', 'That answer is not a sealed answer.'],
  notAWriter: ['NOT_ALLOWED', 'Only the facilitator and the scribe bring the group’s history in.'],
  // Budgets and the edges
  tooManyCommands: ['RATE_LIMITED', 'Too many commands at once. Wait a moment and try again.'],
  tooManyMessages: ['RATE_LIMITED', 'Too many messages at once. Wait a moment and try again.'],
  tooManyRoomsMade: ['RATE_LIMITED', 'Too many rooms created from here. Try again in a minute.'],
  tooManyRoomsOpen: ['RATE_LIMITED', 'Too many rooms are open from here. End one, or try again later.'],
  unreadable: ['BAD_INPUT', 'The server could not handle that message.'],
  badInput: ['BAD_INPUT', (what) => what],
} as const satisfies Record<string, Copy>;

export type RefusalReason = keyof typeof refusalCopy;
type Words<R extends RefusalReason> = (typeof refusalCopy)[R][1];

/**
 * The refusal for a reason, with what its words name where they name something.
 *
 * refuse('roomEnded') // { ok: false, code: 'ROOM_ENDED', message: 'This room has ended.' }
 * refuse('notConnected', 'Ana') // { ok: false, code: 'NOT_ALLOWED', message: 'Ana is not connected right now.' }
 */
export function refuse<R extends RefusalReason>(
  reason: R,
  ...what: Words<R> extends string ? [] : [what: string | number]
): Refusal {
  const [code, words] = refusalCopy[reason] as Copy;
  return { ok: false, code, message: typeof words === 'string' ? words : words(String(what[0])) };
}
