import type { PrivateView } from '../../../shared/src/protocol/socket.ts';
import { nextSpeaker } from '../../../shared/src/room/queue.ts';
import { nextInRound } from '../../../shared/src/room/turnOrder.ts';
import {
  currentHotSeat,
  currentRound,
  currentRun,
  phaseIndexOf,
  phaseTimer,
  type RoomState,
} from '../../../shared/src/room/state.ts';
import { hotSeatStepTitles } from '../../../shared/src/room/hotSeatSteps.ts';
import { nameOf } from './names.ts';

/**
 * What a screen reader should hear when the room moves on: a new phase, a new speaker, a new
 * hot-seat step, a new facilitator. Null when nothing worth announcing changed.
 */
export function describeChange(before: RoomState, after: RoomState, you: string): string | null {
  if (after.session.stage === 'finished' && before.session.stage !== 'finished') return 'Session complete.';
  const index = phaseIndexOf(after);
  if (index !== null && index !== phaseIndexOf(before)) {
    const phase = after.agenda[index];
    return phase ? `Phase ${index + 1} of ${after.agenda.length}: ${phase.title}.` : null;
  }
  // Becoming facilitator yourself is shown as a notice, which is announced too (givenToYou).
  if (after.facilitatorId !== before.facilitatorId && after.facilitatorId !== you) {
    return `${nameOf(after, after.facilitatorId)} now facilitates.`;
  }
  const b = currentRun(before);
  const a = currentRun(after);
  if (a?.kind === 'round' && b?.kind === 'round' && a.turnIndex !== b.turnIndex) {
    const speaker = a.order[a.turnIndex];
    if (speaker === undefined) return 'Everyone has had their turn.';
    return speaker === you ? 'Your turn.' : `Now speaking: ${nameOf(after, speaker)}.`;
  }
  const seatAfter = currentHotSeat(after);
  const seatBefore = currentHotSeat(before);
  if (seatAfter && seatBefore) {
    const [a, b] = [seatAfter.run, seatBefore.run];
    if (a.seatId !== b.seatId) {
      if (a.seatId === null) return 'The hot seat is free.';
      return a.seatId === you ? 'You are in the hot seat.' : `${nameOf(after, a.seatId)} is in the hot seat.`;
    }
    if (a.stepIndex !== b.stepIndex) {
      const step = seatAfter.phase.steps[a.stepIndex];
      return step ? `Next step: ${hotSeatStepTitles[step.step]}.` : null;
    }
    if (a.choice !== b.choice && a.choice !== null) {
      const who = a.seatId === you ? 'You' : nameOf(after, a.seatId);
      // Worded apart from the visible banners, so a search for their text finds one element.
      return a.choice === 'space' ? `${who} chose space: listen and reflect, no advice.` : `${who} chose ideas.`;
    }
  }
  const floor = after.floor?.memberId;
  if (floor !== undefined && floor !== before.floor?.memberId) {
    return floor === you ? 'It’s your turn to speak.' : `${nameOf(after, floor)} has the floor.`;
  }
  const wasPaused = phaseTimer(before)?.pausedAt != null;
  const isPaused = phaseTimer(after)?.pausedAt != null;
  if (wasPaused !== isPaused) return isPaused ? 'Timer paused.' : 'Timer resumed.';
  return null;
}

/** Whether you speak next: after the current round turn [AG3], or the one "Call next speaker" would call [HQ4]. */
export function isNext(state: RoomState, you: string): boolean {
  const round = currentRound(state);
  if (round) return nextInRound(state, round.run) === you;
  return nextSpeaker(state) === you;
}

/** You just became first in the queue order: the moment for a private "You're next" [HQ2]. */
export function becameNext(before: RoomState, after: RoomState, you: string): boolean {
  return isNext(after, you) && !isNext(before, you);
}

/**
 * What the room just gave you, to show (not only announce) until its cause has passed [UX3]: the
 * facilitator role, the scribe's pen, a talk token.
 */
export function givenToYou(
  before: RoomState,
  after: RoomState,
  you: string,
): { text: string; gone: (view: { state: RoomState; you: string }) => boolean } | null {
  if (after.facilitatorId === you && before.facilitatorId !== you) {
    return {
      text: 'You facilitate now: the room’s controls are yours.',
      gone: ({ state }) => state.facilitatorId !== you,
    };
  }
  if (after.scribeId === you && before.scribeId !== you) {
    return { text: 'You are the scribe now: you write on the board.', gone: ({ state }) => state.scribeId !== you };
  }
  const was = before.members.find((m) => m.id === you);
  const is = after.members.find((m) => m.id === you);
  if (was && is && is.tokensGranted > was.tokensGranted) {
    const left = `${is.tokens} talk ${is.tokens === 1 ? 'token' : 'tokens'} left`;
    const phase = phaseIndexOf(after);
    return {
      text: `The facilitator gave you a talk token: ${left}.`,
      gone: ({ state }) => phaseIndexOf(state) !== phase,
    };
  }
  return null;
}

/**
 * What the facilitator should hear when what only they know changes: a new knock, or a member's
 * new private signal [RM6, PS1]. Null when nothing new arrived.
 */
export function describePrivate(before: PrivateView, after: PrivateView, state: RoomState | null): string | null {
  const known = new Set(before.knocks.map((k) => k.id));
  const knocking = after.knocks.find((k) => !known.has(k.id));
  if (knocking) return `${knocking.name} asks to join.`;
  if (!state) return null;
  for (const signal of after.signals) {
    const was = before.signals.find((s) => s.memberId === signal.memberId);
    if (signal.space && !was?.space) return `${nameOf(state, signal.memberId)} asked for space.`;
    if (signal.talkAfter && !was?.talkAfter) return `${nameOf(state, signal.memberId)} would like to talk after.`;
  }
  return null;
}
