import { z } from 'zod';
import { cardIds } from '../room/cards.ts';
import { Agenda } from './agenda.ts';
import { questionKinds } from '../answers/questionKinds.ts';
import { SHARED_HISTORY_MAX_CHARS } from './history.ts';
import { MemberKeys } from './memberKeys.ts';
import { RoomResources } from './resources.ts';

/** Public member ids are short random strings made by the server; never the member's secret. */
export const MemberId = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/);

/** A question's id: chosen by the facilitator's device, which seals a poll's words to it [PA1]. */
export const QuestionId = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/);
const Base64Url = z.string().regex(/^[A-Za-z0-9_-]*$/);
const Epoch = z.number().int().min(1).max(0xffffffff);
/** A poll's words sealed with the board key, padded: at most 1 KiB of text [PA1]. */
export const SealedPrompt = z.strictObject({ epoch: Epoch, sealed: Base64Url.max(1500) });

/** The knocks one screen showed: no more than a door holds (its waiting list is the room's capacity, at most 50). */
const ShownKnocks = z.array(MemberId).min(1).max(50);

/** Every command a client may send; who may send which is `commandAuthors` in room/commandAuthors.ts. */
const clientCommands = [
  z.strictObject({ type: z.literal('agenda:set'), agenda: Agenda }),
  z.strictObject({ type: z.literal('session:start') }),
  z.strictObject({ type: z.literal('phase:next') }),
  z.strictObject({ type: z.literal('phase:prev') }),
  z.strictObject({ type: z.literal('timer:pause') }),
  z.strictObject({ type: z.literal('timer:resume') }),
  z.strictObject({ type: z.literal('timer:addMinute') }),
  z.strictObject({ type: z.literal('hotseat:pick'), memberId: MemberId }),
  z.strictObject({ type: z.literal('hotseat:nextStep') }),
  /** Takes back one "Next step", hands and clock as they were [AG5]. */
  z.strictObject({ type: z.literal('hotseat:prevStep') }),
  z.strictObject({ type: z.literal('role:facilitator'), memberId: MemberId }),
  z.strictObject({ type: z.literal('role:scribe'), memberId: MemberId.nullable() }),
  /** A member takes the facilitator role: the creator always, the scribe or the next in line when the facilitator is away [RL5]. */
  z.strictObject({ type: z.literal('role:take') }),
  z.strictObject({ type: z.literal('room:end') }),
  z.strictObject({ type: z.literal('queue:callNext') }),
  z.strictObject({ type: z.literal('queue:call'), memberId: MemberId }),
  z.strictObject({ type: z.literal('queue:lower'), memberId: MemberId }),
  z.strictObject({ type: z.literal('queue:mode'), mode: z.enum(['fair', 'first-come']) }),
  z.strictObject({ type: z.literal('queue:autoCall'), on: z.boolean() }),
  z.strictObject({ type: z.literal('queue:scope'), scope: z.enum(['phase', 'session']) }),
  z.strictObject({ type: z.literal('token:grant'), memberId: MemberId }),
  z.strictObject({ type: z.literal('room:lock'), locked: z.boolean() }),
  z.strictObject({ type: z.literal('member:remove'), memberId: MemberId }),
  /** Ends the current turn: the speaker's own, or any turn when sent by the facilitator. */
  z.strictObject({ type: z.literal('turn:end') }),
  /** The member whose round turn it is passes; passing is normal and costs nothing. */
  z.strictObject({ type: z.literal('turn:pass') }),
  z.strictObject({ type: z.literal('hand:raise') }),
  z.strictObject({ type: z.literal('hand:lower') }),
  z.strictObject({ type: z.literal('hotseat:choose'), choice: z.enum(['ideas', 'space']) }),
  /** A turn that went by while its member was away comes back to them (the facilitator, or the member) [AG3]. */
  z.strictObject({ type: z.literal('turn:giveBack'), memberId: MemberId }),
  /** The report-back moves on from the member and the part this device showed [RB1]. */
  z.strictObject({ type: z.literal('report:next'), memberId: MemberId, from: z.enum(['last', 'this']) }),
  z.strictObject({ type: z.literal('card:show'), card: z.enum(cardIds) }),
  z.strictObject({ type: z.literal('card:hide') }),
  z.strictObject({ type: z.literal('support:pause') }),
  z.strictObject({ type: z.literal('support:resume') }),
  z.strictObject({ type: z.literal('resources:set'), resources: RoomResources }),
  /** Asks the members present a question answered in private; a poll carries its sealed words [PA1]. */
  z.strictObject({
    type: z.literal('answers:ask'),
    questionId: QuestionId,
    kind: z.enum(questionKinds),
    prompt: SealedPrompt.nullable(),
  }),
  /** Stops waiting: the question goes on with those who answered, if enough did [PA2]. */
  z.strictObject({ type: z.literal('answers:close') }),
] as const;

/**
 * Commands about facts kept beside the replicated state, never in it, so the room host decides
 * them, not the reducer, and no other device hears of them: the facilitator's answers at the door
 * [RM6], and a member's private signals to the facilitator [PS1].
 */
const hostCommands = [
  z.strictObject({ type: z.literal('knock:admit'), knockId: MemberId }),
  z.strictObject({ type: z.literal('knock:decline'), knockId: MemberId }),
  /** "Admit all" and "Decline everyone waiting" name the knocks the facilitator's screen showed [RM6]. */
  z.strictObject({ type: z.literal('knock:declineAll'), knockIds: ShownKnocks }),
  z.strictObject({ type: z.literal('knock:admitAll'), knockIds: ShownKnocks }),
  z.strictObject({ type: z.literal('signal:set'), signal: z.enum(['space', 'talkAfter']), on: z.boolean() }),
  /**
   * A respondent's masked answer, sealed with the board key: the host holds it unread until every
   * respondent of the round has sent theirs, then hands them all out at once [PA1, PA2].
   */
  z.strictObject({
    type: z.literal('answer:submit'),
    questionId: QuestionId,
    round: z.number().int().min(1).max(10_000),
    epoch: Epoch,
    sealed: Base64Url.max(200),
  }),
  /** The group's history, sealed with the board key on a writer's device, for every device here [HF9]. */
  z.strictObject({
    type: z.literal('history:share'),
    epoch: Epoch,
    sealed: Base64Url.min(1).max(SHARED_HISTORY_MAX_CHARS),
  }),
] as const;

/** A command the replicated room applies with the shared reducer. */
export const RoomCommand = z.discriminatedUnion('type', clientCommands);
export type RoomCommand = z.infer<typeof RoomCommand>;
export const HostCommand = z.discriminatedUnion('type', hostCommands);
export type HostCommand = z.infer<typeof HostCommand>;
export type DoorCommand = Exclude<HostCommand, { type: 'signal:set' | 'answer:submit' | 'history:share' }>;
export type AnswerSubmit = Extract<HostCommand, { type: 'answer:submit' }>;

/** Everything a client may ask of the room. Validated at the edge; the reducer trusts its type. */
export const ClientCommand = z.discriminatedUnion('type', [...clientCommands, ...hostCommands]);
export type ClientCommand = z.infer<typeof ClientCommand>;

/** What the server itself applies: joins, presence, and time-driven changes. Never accepted from a client. */
export const SystemCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('member:join'), memberId: MemberId, name: z.string(), keys: MemberKeys }),
  /** A knock the facilitator let in: a member under the knock's id, name and keys [RM6]. */
  z.strictObject({ type: z.literal('member:admit'), memberId: MemberId, name: z.string(), keys: MemberKeys }),
  z.strictObject({ type: z.literal('member:presence'), memberId: MemberId, connected: z.boolean() }),
  z.strictObject({ type: z.literal('facilitator:failover') }),
  z.strictObject({ type: z.literal('hands:expire') }),
  z.strictObject({ type: z.literal('room:expire'), reason: z.enum(['empty', 'unclaimed', 'lifetime', 'shutdown']) }),
  /** The host took a respondent's sealed answer for this round [PA1]. */
  z.strictObject({
    type: z.literal('answers:submitted'),
    questionId: QuestionId,
    round: z.number().int().min(1),
    memberId: MemberId,
  }),
  /** The open round's deadline: its time is up, or an away respondent's grace has ended [PA2]. */
  z.strictObject({ type: z.literal('answers:expire') }),
  /**
   * The room came back on another process, which never held this round's sealed answers: the
   * round runs again with the same respondents, and their devices send their answers anew [RS2].
   */
  z.strictObject({ type: z.literal('answers:restart') }),
]);
export type SystemCommand = z.infer<typeof SystemCommand>;

/** What the reducer applies: the room's own commands and the server's. */
export type Command = RoomCommand | SystemCommand;
export type CommandType = Command['type'];

export const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** The envelope of a client command: a request id so a retried send is applied once. */
export const CommandRequest = z.strictObject({ requestId: RequestId, command: ClientCommand });
export type CommandRequest = z.infer<typeof CommandRequest>;
