import type { PhaseDef } from '../protocol/agenda.ts';
import type { Timer } from './timer.ts';

export type EndReason = 'facilitator' | 'empty' | 'unclaimed' | 'lifetime' | 'shutdown';

export interface Member {
  id: string;
  name: string;
  joinedAt: number;
  connected: boolean;
  /** When the current connected spell began; null while away. Decides failover order [RL3]. */
  presentSince: number | null;
  /** When the member last lost every connection; null while connected. */
  awaySince: number | null;
  /** Talk tokens left [TK1]. */
  tokens: number;
  /** Tokens this member has been given: the room's count plus grants. spent = granted - tokens [TK4]. */
  tokensGranted: number;
}

/** A raised hand; `seq` is the room's running count of raises, so first-come is exact [HQ2]. */
export interface Hand {
  memberId: string;
  raisedAt: number;
  seq: number;
}

/** A turn taken from the hand queue, in an open floor or a hot seat's question steps [HQ4]. */
export interface FloorTurn {
  memberId: string;
  timer: Timer;
}

export type QueueMode = 'fair' | 'first-come';
export type HotSeatChoice = 'ideas' | 'space';

/** What the current phase is doing; one shape per phase kind [AG2]. */
export type PhaseRun =
  | {
      kind: 'round';
      /** Member ids in speaking order; no one appears twice [AG3]. */
      order: string[];
      /** Index into order of the current speaker; order.length once everyone has spoken. */
      turnIndex: number;
      turn: Timer | null;
      /** Members who passed their turn; passing is normal and costs nothing [HQ6]. */
      passed: string[];
      /** Members whose turn came while they were away: the round went on without them [AG3]. */
      skipped: string[];
    }
  | {
      kind: 'hotseat';
      seatId: string | null;
      stepIndex: number;
      stepTimer: Timer | null;
      seatsDone: string[];
      /** What the person in the seat asked for at "Reflections & options" [HQ7]. */
      choice: HotSeatChoice | null;
    }
  | { kind: 'open' | 'commitments' | 'check' | 'rules' };

/**
 * Where the session stands, one shape per moment, so that a state no room can be in cannot be
 * written: a lobby has no phase, a running session always has its phase, its clock and its
 * progress, a finished one has none, and only an ended room has a reason [AG4, RM2].
 */
export type Session =
  | { stage: 'lobby' }
  | { stage: 'running'; phaseIndex: number; timer: Timer; run: PhaseRun }
  | { stage: 'finished' }
  | { stage: 'ended'; reason: EndReason };
export type Stage = Session['stage'];
export type RunningSession = Extract<Session, { stage: 'running' }>;

/** A phase left behind, kept as it was so that coming back to it resumes it [AG4]. */
export interface SavedPhase {
  run: PhaseRun;
  /** Its clock, paused at the moment it was left; a round turn or step timer is paused in `run`. */
  timer: Timer;
  turnsThisPhase: Record<string, number>;
}

/** How newcomers get in: they knock and the facilitator admits them, or the link is enough [RM6]. */
export type Admission = 'knock' | 'open';

export interface Handover {
  from: string;
  to: string;
  reason: 'handover' | 'failover';
  at: number;
}

export interface RoomState {
  /** Count of accepted commands; every event carries the version it produced. */
  version: number;
  createdAt: number;
  purpose: string;
  tokensPerMember: number;
  capacity: number;
  admission: Admission;
  /**
   * A locked room takes no one new: no knocks, no joins; knocks already waiting may still be let in
   * [RM6]. Who is knocking is not in this state at all: the room host keeps it, and only the
   * facilitator's devices hear of it.
   */
  locked: boolean;
  agenda: PhaseDef[];
  session: Session;
  /** How many round phases have started, so each round starts with someone else [AG3]. */
  roundsStarted: number;
  /** In join order. Members who leave stay listed, marked away. */
  members: Member[];
  /** Exactly one facilitator, always [RL1]. Until the creator joins, their reserved id. */
  facilitatorId: string;
  scribeId: string | null;
  lastHandover: Handover | null;
  queueMode: QueueMode;
  /** Call the next in the queue as soon as a turn ends [HQ5]. */
  autoCall: boolean;
  hands: Hand[];
  handSeq: number;
  floor: FloorTurn | null;
  /** Turns taken in the current phase, by member id: round turns and turns from the queue [HQ2]. */
  turnsThisPhase: Record<string, number>;
  /** Phases left behind, by index, as they were [AG4]. */
  savedPhases: Record<number, SavedPhase>;
}

export interface RoomSettings {
  purpose: string;
  tokensPerMember: number;
  capacity: number;
  admission: Admission;
  agenda: PhaseDef[];
  creatorId: string;
}

export function createRoomState(settings: RoomSettings, now: number): RoomState {
  return {
    version: 0,
    createdAt: now,
    purpose: settings.purpose,
    tokensPerMember: settings.tokensPerMember,
    capacity: settings.capacity,
    admission: settings.admission,
    locked: false,
    agenda: settings.agenda,
    session: { stage: 'lobby' },
    roundsStarted: 0,
    members: [],
    facilitatorId: settings.creatorId,
    scribeId: null,
    lastHandover: null,
    queueMode: 'fair',
    autoCall: false,
    hands: [],
    handSeq: 0,
    floor: null,
    turnsThisPhase: {},
    savedPhases: {},
  };
}

export function findMember(state: RoomState, memberId: string): Member | undefined {
  return state.members.find((m) => m.id === memberId);
}

/** Whether the creator has yet to join: their place and the facilitator role wait for them [RM1]. */
export function creatorAwaited(state: RoomState): boolean {
  return findMember(state, state.facilitatorId) === undefined;
}

/** The running session, or null in the lobby, once finished, or once ended. */
export function running(state: RoomState): RunningSession | null {
  return state.session.stage === 'running' ? state.session : null;
}

export function currentPhase(state: RoomState): PhaseDef | undefined {
  const session = running(state);
  return session ? state.agenda[session.phaseIndex] : undefined;
}

/** The running phase's place in the agenda; null when no phase runs. */
export function phaseIndexOf(state: RoomState): number | null {
  return running(state)?.phaseIndex ?? null;
}

/** The running phase's progress; null when no phase runs. */
export function currentRun(state: RoomState): PhaseRun | null {
  return running(state)?.run ?? null;
}

/** The running phase's clock; null when no phase runs. */
export function phaseTimer(state: RoomState): Timer | null {
  return running(state)?.timer ?? null;
}

/** The state with the running phase's progress replaced; unchanged when no phase runs. */
export function withRun(state: RoomState, run: PhaseRun): RoomState {
  const session = running(state);
  return session ? { ...state, session: { ...session, run } } : state;
}

export function isEnded(state: RoomState): boolean {
  return state.session.stage === 'ended';
}

export type RoundPhase = Extract<PhaseDef, { kind: 'round' }>;
export type RoundRun = Extract<PhaseRun, { kind: 'round' }>;
export type HotSeatPhase = Extract<PhaseDef, { kind: 'hotseat' }>;
export type HotSeatRun = Extract<PhaseRun, { kind: 'hotseat' }>;

/** The running round, its definition and its progress together; null in any other phase [AG3]. */
export function currentRound(state: RoomState): { phase: RoundPhase; run: RoundRun } | null {
  const phase = currentPhase(state);
  const run = currentRun(state);
  return phase?.kind === 'round' && run?.kind === 'round' ? { phase, run } : null;
}

/** The running hot seat, its definition and its progress together; null in any other phase [AG5]. */
export function currentHotSeat(state: RoomState): { phase: HotSeatPhase; run: HotSeatRun } | null {
  const phase = currentPhase(state);
  const run = currentRun(state);
  return phase?.kind === 'hotseat' && run?.kind === 'hotseat' ? { phase, run } : null;
}

/** Who has the floor right now, if anyone: the round's current speaker or the one called from the queue [HQ8]. */
export function currentSpeakerId(state: RoomState): string | null {
  const run = currentRun(state);
  if (run?.kind === 'round') return run.order[run.turnIndex] ?? null;
  return state.floor?.memberId ?? null;
}
