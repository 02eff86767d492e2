import type { ClientCommand, Command, RoomCommand, SystemCommand } from '../protocol/commands.ts';
import { admit, doorRefusal, setLocked } from './admission.ts';
import { isFacilitatorCommand, isHostCommand, isSystemCommand } from './commandAuthors.ts';
import { chooseHotSeat, nextHotSeatStep, pickHotSeat, previousHotSeatStep } from './hotSeat.ts';
import { join, setPresence } from './members.ts';
import { nextPhase, previousPhase, setAgenda, startSession } from './phases.ts';
import {
  callNext,
  endFloorTurn,
  expireHands,
  giveFloor,
  grantToken,
  lowerHand,
  raiseHand,
  setAutoCall,
  setFairScope,
  setQueueMode,
} from './queue.ts';
import { type Refusal, refuse } from './refusal.ts';
import {
  askedByThePhase,
  askQuestion,
  closeQuestion,
  noteSubmitted,
  questionDue,
  restartRound,
  settleQuestions,
} from './questions.ts';
import { removeMember } from './removal.ts';
import { nextReport } from './reportBack.ts';
import { accept, type ReduceContext, type ReduceResult } from './result.ts';
import { failOver, handOverFacilitator, nameScribe, takeFacilitator } from './roles.ts';
import { currentRound, findMember, type RoomState } from './state.ts';
import { hideCard, pauseForSupport, resumeFromSupport, setResources, showCard } from './support.ts';
import { addMinute, pauseRoom, resumeRoom } from './timerControls.ts';
import { endRoundTurn, giveTurnBack } from './turnOrder.ts';

export type { ReduceContext, ReduceResult } from './result.ts';

function applySystem(state: RoomState, command: SystemCommand, now: number): ReduceResult {
  switch (command.type) {
    case 'member:join':
      return join(state, command.memberId, command.name, command.keys, now);
    case 'member:admit':
      return admit(state, command.memberId, command.name, command.keys, now);
    case 'member:presence':
      return setPresence(state, command.memberId, command.connected, now);
    case 'facilitator:failover':
      return failOver(state, now);
    case 'hands:expire':
      return expireHands(state, now);
    case 'room:expire':
      return accept({ ...state, session: { stage: 'ended', reason: command.reason } });
    case 'answers:submitted':
      return noteSubmitted(state, command.questionId, command.round, command.memberId);
    case 'answers:expire':
      return questionDue(state, now);
    case 'answers:restart':
      return restartRound(state, now);
  }
}

/**
 * What a room paused for support still does: nothing that moves the session on, starts a turn or
 * runs a clock, until the facilitator resumes it [SF1].
 */
const heldDuringSupport: ReadonlySet<RoomCommand['type']> = new Set<RoomCommand['type']>([
  'session:start',
  'phase:next',
  'phase:prev',
  'timer:pause',
  'timer:resume',
  'timer:addMinute',
  'hotseat:pick',
  'hotseat:nextStep',
  'hotseat:prevStep',
  'queue:callNext',
  'queue:call',
  'turn:end',
  'turn:pass',
  'turn:giveBack',
  'report:next',
  'hand:raise',
  'answers:ask',
]);

function applyClient(state: RoomState, command: RoomCommand, actor: string, now: number): ReduceResult {
  if (!findMember(state, actor)) return refuse('notAMember');
  if (isFacilitatorCommand(command.type) && actor !== state.facilitatorId) return refuse('notFacilitator');
  if (state.support && heldDuringSupport.has(command.type)) return refuse('pausedForSupport');
  switch (command.type) {
    case 'agenda:set':
      return setAgenda(state, command.agenda);
    case 'session:start':
      return startSession(state, now);
    case 'phase:next':
      return nextPhase(state, now);
    case 'phase:prev':
      return previousPhase(state, now);
    case 'timer:pause':
      return pauseRoom(state, now);
    case 'timer:resume':
      return resumeRoom(state, now);
    case 'timer:addMinute':
      return addMinute(state);
    case 'hotseat:pick':
      return pickHotSeat(state, command.memberId, now);
    case 'hotseat:nextStep':
      return nextHotSeatStep(state, now);
    case 'hotseat:prevStep':
      return previousHotSeatStep(state, now);
    case 'role:facilitator':
      return handOverFacilitator(state, actor, command.memberId, now);
    case 'role:scribe':
      return nameScribe(state, command.memberId);
    case 'role:take':
      return takeFacilitator(state, actor, now);
    case 'room:end':
      return accept({ ...state, session: { stage: 'ended', reason: 'facilitator' } });
    case 'turn:end':
      return currentRound(state) ? endRoundTurn(state, actor, now, false) : endFloorTurn(state, actor, now);
    case 'turn:pass':
      return endRoundTurn(state, actor, now, true);
    case 'turn:giveBack':
      return giveTurnBack(state, actor, command.memberId, now);
    case 'report:next':
      return nextReport(state, actor, command, now);
    case 'hand:raise':
      return raiseHand(state, actor, now);
    case 'hand:lower':
      return lowerHand(state, actor);
    case 'hotseat:choose':
      return chooseHotSeat(state, actor, command.choice);
    case 'queue:callNext':
      return callNext(state, now);
    case 'queue:call':
      return giveFloor(state, command.memberId, now);
    case 'queue:lower':
      return lowerHand(state, command.memberId);
    case 'queue:mode':
      return setQueueMode(state, command.mode);
    case 'queue:scope':
      return setFairScope(state, command.scope);
    case 'queue:autoCall':
      return setAutoCall(state, command.on);
    case 'token:grant':
      return grantToken(state, command.memberId);
    case 'room:lock':
      return setLocked(state, command.locked);
    case 'member:remove':
      return removeMember(state, actor, command.memberId, now);
    case 'card:show':
      return showCard(state, command.card, now);
    case 'card:hide':
      return hideCard(state);
    case 'support:pause':
      return pauseForSupport(state, now);
    case 'support:resume':
      return resumeFromSupport(state, now);
    case 'resources:set':
      return setResources(state, command.resources);
    case 'answers:ask':
      return askQuestion(state, command.questionId, command.kind, command.prompt, now);
    case 'answers:close':
      return closeQuestion(state, now);
  }
}

/**
 * The room's rules in one pure function: the same on the server, which decides, and on every
 * client, which replays accepted commands. Returns the next state (version + 1) or a refusal that
 * leaves the state untouched [RC1, RC2].
 *
 * const r = reduce(state, { type: 'phase:next' }, { actor: facilitatorId, now: 1_000 });
 */
export function reduce(state: RoomState, command: Command, { actor, now }: ReduceContext): ReduceResult {
  if (state.session.stage === 'ended') return refuse('roomEnded');
  let result: ReduceResult;
  if (isSystemCommand(command)) {
    result = actor === null ? applySystem(state, command, now) : refuse('systemCommand');
  } else {
    result = actor === null ? refuse('memberCommandWithoutMember') : applyClient(state, command, actor, now);
  }
  if (!result.ok) return result;
  const settled = settleQuestions(askedByThePhase(state, result.state, now), now);
  return accept({ ...settled, version: state.version + 1 });
}

/**
 * Why `actor` may not send `command` now, or null if the room would accept it. The page asks this
 * to decide which controls it offers; it is the reducer's own answer, so the two cannot disagree.
 * A private signal is every member's to send.
 *
 * canDo(state, { type: 'phase:prev' }, you, now) // null, or { ok: false, code: 'WRONG_PHASE', message: … }
 */
export function canDo(state: RoomState, command: ClientCommand, actor: string, now: number): Refusal | null {
  if (isHostCommand(command)) {
    if (state.session.stage === 'ended') return refuse('roomEnded');
    if (command.type === 'signal:set') return findMember(state, actor) ? null : refuse('notAMember');
    return doorRefusal(state, actor);
  }
  const result = reduce(state, command, { actor, now });
  return result.ok ? null : result;
}
