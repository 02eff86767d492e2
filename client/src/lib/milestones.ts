import { nextSpeaker } from '../../../shared/src/room/queue.ts';
import { currentHotSeat, type RoomState } from '../../../shared/src/room/state.ts';
import { hotSeatStepTitles } from '../../../shared/src/room/templates.ts';

function nameOf(state: RoomState, id: string | null | undefined): string {
  return state.members.find((m) => m.id === id)?.name ?? 'Someone';
}

/**
 * What a screen reader should hear when the room moves on: a new phase, a new speaker, a new
 * hot-seat step, a new facilitator. Null when nothing worth announcing changed.
 */
export function describeChange(before: RoomState, after: RoomState, you: string): string | null {
  if (after.stage === 'finished' && before.stage !== 'finished') return 'Session complete.';
  if (after.stage === 'running' && (before.stage !== 'running' || before.phaseIndex !== after.phaseIndex)) {
    const phase = after.agenda[after.phaseIndex];
    return phase ? `Phase ${after.phaseIndex + 1} of ${after.agenda.length}: ${phase.title}.` : null;
  }
  if (after.facilitatorId === you) {
    const known = new Set(before.knocks.map((k) => k.id));
    const knocking = after.knocks.find((k) => !known.has(k.id));
    if (knocking) return `${knocking.name} asks to join.`;
  }
  if (after.facilitatorId !== before.facilitatorId) {
    return after.facilitatorId === you
      ? 'You are now the facilitator.'
      : `${nameOf(after, after.facilitatorId)} now facilitates.`;
  }
  const b = before.phase;
  const a = after.phase;
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
  const wasPaused = before.phaseTimer?.pausedAt != null;
  const isPaused = after.phaseTimer?.pausedAt != null;
  if (wasPaused !== isPaused) return isPaused ? 'Timer paused.' : 'Timer resumed.';
  return null;
}

/** Whether "Call next speaker" would call you now [HQ4]. */
export function isNext(state: RoomState, you: string): boolean {
  return nextSpeaker(state) === you;
}

/** You just became first in the queue order: the moment for a private "You're next" [HQ2]. */
export function becameNext(before: RoomState, after: RoomState, you: string): boolean {
  return isNext(after, you) && !isNext(before, you);
}
