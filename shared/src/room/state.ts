import type { MemberKeys } from '../protocol/memberKeys.ts';
import type { PhaseDef, TemplateId } from '../protocol/agenda.ts';
import type { CardId } from './cards.ts';
import type { MeetingNumber } from './guide.ts';
import { MIN_ANSWERS } from '../answers/questionKinds.ts';
import type { Question } from './question.ts';
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
  /** Their device's public keys, proved at join: what their signatures and sealed keys are checked against. */
  keys: MemberKeys;
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
/** Which turns the fair queue counts: this phase's, or the whole session's [HQ10]. */
export type FairScope = 'phase' | 'session';
export type HotSeatChoice = 'ideas' | 'space';

/** A turn order walked one member at a time: a round's speakers, or the report-back's rows [AG3, RB1]. */
export interface TurnOrder {
  /** Member ids in order; no one appears twice. */
  order: string[];
  /** Index into order of the current member; order.length once everyone has had their turn. */
  turnIndex: number;
  turn: Timer | null;
  /** Members whose turn came while they were away: the order went on without them [AG3]. */
  skipped: string[];
}

/** Where the report-back stands for the member in focus: last time's commitment, then this time's [RB1]. */
export type ReportPart = 'last' | 'this';

/** What the current phase is doing; one shape per phase kind [AG2]. */
export type PhaseRun =
  | (TurnOrder & {
      /** A round phase, or the closing round of a check phase [AG2, AG3]. */
      kind: 'round';
      /** Members who passed their turn; passing is normal and costs nothing [HQ6]. */
      passed: string[];
    })
  | (TurnOrder & {
      /** The report-back round: each member's row in focus in turn [RB1]. */
      kind: 'commitments';
      part: ReportPart;
    })
  | {
      kind: 'hotseat';
      seatId: string | null;
      stepIndex: number;
      stepTimer: Timer | null;
      seatsDone: string[];
      /** What the person in the seat asked for at "Reflections & options" [HQ7]. */
      choice: HotSeatChoice | null;
      /** The step just left, as it was, so one slip of "Next step" can be taken back [AG5]. */
      previous: {
        seatId: string;
        stepIndex: number;
        stepTimer: Timer | null;
        hands: Hand[];
        choice: HotSeatChoice | null;
      } | null;
    }
  | { kind: 'open' | 'rules' };

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
  /** The hands that were up when it was left: coming back puts them back in the queue [AG4]. */
  hands: Hand[];
}

/** How newcomers get in: they knock and the facilitator admits them, or the link is enough [RM6]. */
export type Admission = 'knock' | 'open';

/** A support resource of the group's own, beside the operator's list [SF2]. */
export interface RoomResource {
  name: string;
  /** A phone number or a link, checked when it is set. */
  contact: string;
}

/** A card the facilitator put on every screen, until it is dismissed or its time is up [GD2]. */
export interface ShownCard {
  id: CardId;
  shownAt: number;
}

/** The room paused for support: every timer stopped, the support panel on every screen [SF1]. */
export interface SupportPause {
  since: number;
  /** Whether the room's clock was already paused, so that resuming leaves it as it was. */
  wasPaused: boolean;
}

export interface Handover {
  from: string;
  to: string;
  reason: 'handover' | 'failover' | 'taken';
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
  /** Which meeting of the group this is; the round prompts follow it [GD3]. */
  meeting: MeetingNumber;
  /** The format the agenda came from, for the group's history and its next dates [HF4]. */
  templateId: TemplateId | null;
  /** Fewest answers a private question shows, and fewest people it is asked of [PA3]. */
  minAnswers: number;
  /** When the session started, and when the agenda then planned it to end [GD4]. */
  startedAt: number | null;
  plannedEnd: number | null;
  /** The group's own support resources, at most five, beside the operator's [SF2]. */
  resources: RoomResource[];
  card: ShownCard | null;
  support: SupportPause | null;
  /** How many round phases have started, so each round starts with someone else [AG3]. */
  roundsStarted: number;
  /** In join order. Members who leave stay listed, marked away. */
  members: Member[];
  /** Exactly one facilitator, always [RL1]. Until the creator joins, their reserved id. */
  facilitatorId: string;
  /** Who made the room: they can always take the facilitator role back [RL5]. */
  creatorId: string;
  scribeId: string | null;
  lastHandover: Handover | null;
  queueMode: QueueMode;
  fairScope: FairScope;
  /** Call the next in the queue as soon as a turn ends [HQ5]. */
  autoCall: boolean;
  hands: Hand[];
  handSeq: number;
  floor: FloorTurn | null;
  /** Turns taken in the current phase, by member id: round turns and turns from the queue [HQ2]. */
  turnsThisPhase: Record<string, number>;
  /** The same, over the whole session [HQ10]. */
  turnsThisSession: Record<string, number>;
  /** Phases left behind, by index, as they were [AG4]. */
  savedPhases: Record<number, SavedPhase>;
  /** Questions asked this session, answered in private: who answered, never what [PA1]. */
  questions: Question[];
}

export interface RoomSettings {
  purpose: string;
  tokensPerMember: number;
  capacity: number;
  admission: Admission;
  agenda: PhaseDef[];
  meeting: MeetingNumber;
  resources: RoomResource[];
  creatorId: string;
  templateId?: TemplateId;
  minAnswers?: number;
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
    meeting: settings.meeting,
    templateId: settings.templateId ?? null,
    minAnswers: settings.minAnswers ?? MIN_ANSWERS,
    startedAt: null,
    plannedEnd: null,
    resources: settings.resources,
    card: null,
    support: null,
    roundsStarted: 0,
    members: [],
    facilitatorId: settings.creatorId,
    creatorId: settings.creatorId,
    scribeId: null,
    lastHandover: null,
    queueMode: 'fair',
    fairScope: 'phase',
    autoCall: false,
    hands: [],
    handSeq: 0,
    floor: null,
    turnsThisPhase: {},
    turnsThisSession: {},
    savedPhases: {},
    questions: [],
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

export type RoundPhase = Extract<PhaseDef, { kind: 'round' | 'check' }>;
export type ReportPhase = Extract<PhaseDef, { kind: 'commitments' }>;
export type ReportRun = Extract<PhaseRun, { kind: 'commitments' }>;
export type RoundRun = Extract<PhaseRun, { kind: 'round' }>;
export type HotSeatPhase = Extract<PhaseDef, { kind: 'hotseat' }>;
export type HotSeatRun = Extract<PhaseRun, { kind: 'hotseat' }>;

/** The running round, its definition and its progress together; null in any other phase [AG3]. */
export function currentRound(state: RoomState): { phase: RoundPhase; run: RoundRun } | null {
  const phase = currentPhase(state);
  const run = currentRun(state);
  return (phase?.kind === 'round' || phase?.kind === 'check') && run?.kind === 'round' ? { phase, run } : null;
}

/** The running report-back round, its definition and its progress together [RB1]. */
export function currentReport(state: RoomState): { phase: ReportPhase; run: ReportRun } | null {
  const phase = currentPhase(state);
  const run = currentRun(state);
  return phase?.kind === 'commitments' && run?.kind === 'commitments' ? { phase, run } : null;
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
