import type { SharedHistory } from './history.ts';
import type { AnsweredRound } from './answers.ts';
import { z } from 'zod';
import { JoinKeys } from './memberKeys.ts';
import { ROOM_ID_PATTERN } from './roomLink.ts';
import type {
  BoardClosedNotice,
  BoardEpochNotice,
  BoardNeeds,
  BoardOpenedWire,
  BoardOpenRequest,
  BoardRekeyWire,
  BoardSealRequest,
  RelayedFrame,
  SealedKey,
} from './boardRelay.ts';
import type { Command, CommandRequest } from './commands.ts';
import type { ResumeRequest, StateSeal } from './resume.ts';
import type { Refusal } from '../room/refusal.ts';
import type { Admission, EndReason, RoomState } from '../room/state.ts';

/** Room ids carry 144 random bits, base64url: unguessable links [PR3]. */
export const RoomId = z.string().regex(ROOM_ID_PATTERN);
/** A member's secret: 256 random bits, held only on their device. */
export const MemberSecret = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** The Socket.IO handshake: which room, and the member secret if this device has one. */
export const SocketAuth = z.strictObject({ roomId: RoomId, secret: MemberSecret.optional() });
export type SocketAuth = z.infer<typeof SocketAuth>;

export const JoinRequest = z.strictObject({
  name: z.string().max(200),
  /**
   * Made once per join attempt on the device; a retry with it (a lost reply) is the same member.
   * It stands for the member until the reply arrives, so it must be as unguessable as a secret.
   */
  joinId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22,64}$/)
    .optional(),
  agreed: z.literal(true, { error: 'You need to agree to the ground rules to join.' }),
  /** This device's public keys for the room, proved against this connection's challenge. */
  keys: JoinKeys,
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const SyncRequest = z.strictObject({});

/** Every acknowledgement: data on success, or a typed refusal. */
export type Ack<T extends object = object> = ({ ok: true } & T) | Refusal;

/** One accepted command, as every member's device applies it with the shared reducer. */
export interface RoomEvent {
  version: number;
  at: number;
  actor: string | null;
  command: Command;
  /** The seal over the state after this command, when the processes share seal keys. */
  seal?: StateSeal;
}

/** Only members receive snapshots: `you` is their own member id. */
export interface Snapshot {
  state: RoomState;
  you: string;
  serverNow: number;
  /** The seal over `state`, when the processes share seal keys. */
  seal?: StateSeal;
  /**
   * Which life of the room on a process this is: a snapshot of another one (the room moved) is
   * taken whatever its version, and the page says the room moved.
   */
  incarnation: string;
}

/** What someone holding the link sees before joining: nothing about who is in the room. */
export interface RoomPreview {
  purpose: string;
  memberCount: number;
  capacity: number;
  started: boolean;
  /** No place is left for someone new (the creator's own is always kept) [RM3]. */
  full: boolean;
  /** Whether newcomers knock and wait for the facilitator [RM6]. */
  admission: Admission;
  locked: boolean;
  /** Whether this device's secret belongs to the room's creator, who joins as facilitator. */
  creator: boolean;
  /** Fresh for this connection: a join proves its keys by signing it (`joinProofText`). */
  challenge: string;
}

/** Someone asking to join, as only the facilitator's devices see them [RM6]. */
export interface KnockView {
  /** Becomes their member id if they are let in. */
  id: string;
  /** Their name, numbered if someone here or waiting already uses one that looks the same [RM4]. */
  name: string;
  at: number;
  /** The name of a member here whose name this one looks like ("looks like Ana, who is here"). */
  resembles: string | null;
}

/** A member's private signals to the facilitator [PS1]. */
export interface Signals {
  /** "I need space today": they would like a hot seat. */
  space: boolean;
  /** "I'd like to talk after": they would like a word with the facilitator after the session. */
  talkAfter: boolean;
}

/**
 * What one member's devices receive beside the replicated state, and no one else's: the host
 * keeps these facts apart from the state every device replays, and decides per recipient what
 * each link carries. Sent whole whenever it changes for that member, and on every connect.
 */
export interface PrivateView {
  /** Who is knocking, oldest first: the facilitator's alone; empty for everyone else [RM6]. */
  knocks: KnockView[];
  /** Members' private signals that are on, in join order: the facilitator's alone [PS1]. */
  signals: ({ memberId: string } & Signals)[];
  /** This member's own signals, as the facilitator sees them [PS1]. */
  mine: Signals;
}

/** The answer to a join: a member at once, or a knock waiting for the facilitator [RM6]. */
export type JoinReply = { memberId: string; secret: string } | { knocking: true };

export interface ServerToClientEvents {
  'room:preview': (preview: RoomPreview) => void;
  'room:snapshot': (snapshot: Snapshot) => void;
  'room:event': (event: RoomEvent) => void;
  /** What only this member may know, beside the state [RM6]. */
  'room:private': (view: PrivateView) => void;
  /** Rounds of private answers that every respondent sent, sealed with the board key [PA1]. */
  'room:answers': (rounds: AnsweredRound[]) => void;
  /** The group's history a writer shared, sealed with the board key [HF9]. */
  'room:history': (shared: SharedHistory) => void;
  'room:ended': (notice: { reason: EndReason }) => void;
  /** A fresh seal for the same version: the board's key epoch changed. */
  'room:seal': (seal: StateSeal) => void;
  /**
   * This process does not know the room: a device that was in it answers with `room:resume`,
   * signing this challenge. Other devices wait for the room to come back.
   */
  'room:unknown': (notice: { challenge: string }) => void;
  /** No one brought the room back: it is gone (or never was). The connection closes next. */
  'room:missing': () => void;
  /** This device's knock was let in: its member secret, before the snapshot [RM6]. */
  'room:admitted': (admission: { memberId: string; secret: string }) => void;
  'room:declined': (notice: { reason: 'declined' | 'lapsed' }) => void;
  /** The facilitator removed this member; the connection closes next [RM7]. */
  'room:removed': () => void;
  /** Another device's board frame (never this socket's own), to a subscribed socket. */
  'board:frame': (relayed: RelayedFrame) => void;
  /** This member's board key for an epoch, sealed to them. */
  'board:key': (key: SealedKey) => void;
  /** The facilitator rekeyed the board. */
  'board:epoch': (notice: BoardEpochNotice) => void;
  /** What the board needs from this device changed. */
  'board:needs': (needs: BoardNeeds) => void;
  /** This socket's board subscription ended; the socket stays connected. */
  'board:closed': (notice: BoardClosedNotice) => void;
}

export interface ClientToServerEvents {
  'clock:ping': (payload: unknown, ack: (reply: { serverNow: number }) => void) => void;
  'room:join': (request: JoinRequest, ack: (reply: Ack<JoinReply>) => void) => void;
  'room:resume': (request: ResumeRequest, ack: (reply: Ack) => void) => void;
  'room:command': (request: CommandRequest, ack: (reply: Ack<{ version: number; duplicate: boolean }>) => void) => void;
  'room:sync': (request: object, ack: (reply: Ack<{ snapshot: Snapshot }>) => void) => void;
  'board:open': (request: BoardOpenRequest, ack: (reply: Ack<BoardOpenedWire>) => void) => void;
  /** No acknowledgement: a refused frame ends the subscription with `board:closed`. */
  'board:frame': (frame: Uint8Array) => void;
  'board:seal': (request: BoardSealRequest, ack: (reply: Ack) => void) => void;
  'board:rekey': (request: BoardRekeyWire, ack: (reply: Ack) => void) => void;
}
