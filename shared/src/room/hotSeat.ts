import { refuse } from './refusal.ts';
import { accept, type ReduceResult } from './result.ts';
import { currentHotSeat, findMember, type HotSeatChoice, phaseTimer, type RoomState, withRun } from './state.ts';
import { isPaused, pauseTimer, resumeTimer } from './timer.ts';
import { startTimerInRoom } from './turnOrder.ts';

/** The queue belongs to one phase or hot-seat step: a new one starts with no hands and no speaker [HQ3]. */
export function clearQueue(state: RoomState): RoomState {
  return { ...state, hands: [], floor: null };
}

/** The facilitator picks who takes the hot seat; its steps start from the first [AG5]. */
export function pickHotSeat(state: RoomState, memberId: string, now: number): ReduceResult {
  const seat = currentHotSeat(state);
  if (!seat) return refuse('notAHotSeat');
  const { phase, run } = seat;
  if (!findMember(state, memberId)) return refuse('noSuchMember');
  const first = phase.steps[0];
  const stepTimer = first ? startTimerInRoom(state, first.durationMs, now) : null;
  const picked = { ...run, seatId: memberId, stepIndex: 0, stepTimer, choice: null, previous: null };
  return accept(withRun(clearQueue(state), picked));
}

/**
 * Moves the hot seat to its next step; after the last, the seat is free for the next person. The
 * step left behind is kept as it was, hands and all, so that one slip can be taken back [AG5].
 */
export function nextHotSeatStep(state: RoomState, now: number): ReduceResult {
  const seat = currentHotSeat(state);
  if (!seat) return refuse('notAHotSeat');
  const { phase, run } = seat;
  if (run.seatId === null) return refuse('seatEmpty');
  const previous = {
    seatId: run.seatId,
    stepIndex: run.stepIndex,
    // Stopped while it is not the step: coming back, it runs on from where it stood.
    stepTimer: run.stepTimer && pauseTimer(run.stepTimer, now),
    hands: state.hands,
    choice: run.choice,
  };
  const stepIndex = run.stepIndex + 1;
  const step = phase.steps[stepIndex];
  if (!step) {
    const seatsDone = [...run.seatsDone, run.seatId];
    const freed = { ...run, seatId: null, stepIndex: 0, stepTimer: null, seatsDone, choice: null, previous };
    return accept(withRun(clearQueue(state), freed));
  }
  const next = { ...run, stepIndex, stepTimer: startTimerInRoom(state, step.durationMs, now), previous };
  return accept(withRun(clearQueue(state), next));
}

/**
 * Takes back the last "Next step": the step comes back as it was left — its clock where it stood,
 * its raised hands in the queue, the seat's choice — and a finished seat is occupied again [AG5].
 * Not while someone has the floor: their turn is under way, its token spent; it ends first.
 */
export function previousHotSeatStep(state: RoomState, now: number): ReduceResult {
  const seat = currentHotSeat(state);
  if (!seat) return refuse('notAHotSeat');
  const { run } = seat;
  const back = run.previous;
  if (!back) return refuse('noStepBack');
  if (state.floor) return refuse('floorTaken', findMember(state, state.floor.memberId)?.name ?? 'Someone');
  const stillHere = back.hands.filter((h) => findMember(state, h.memberId));
  const seatsDone = run.seatId === null ? run.seatsDone.filter((id) => id !== back.seatId) : run.seatsDone;
  const clock = phaseTimer(state);
  const roomPaused = clock !== null && isPaused(clock);
  const restored = {
    ...run,
    seatId: back.seatId,
    stepIndex: back.stepIndex,
    stepTimer: back.stepTimer && (roomPaused ? back.stepTimer : resumeTimer(back.stepTimer, now)),
    choice: back.choice,
    seatsDone,
    previous: null,
  };
  return accept(withRun({ ...state, hands: stillHere }, restored));
}

/** The person in the seat says whether they want ideas or just space [HQ7]. */
export function chooseHotSeat(state: RoomState, actor: string, choice: HotSeatChoice): ReduceResult {
  const seat = currentHotSeat(state);
  if (!seat) return refuse('notAHotSeat');
  const { phase, run } = seat;
  if (run.seatId !== actor) return refuse('notTheSeat');
  if (phase.steps[run.stepIndex]?.step !== 'reflections') return refuse('notChoosingTime');
  return accept(withRun(state, { ...run, choice }));
}
