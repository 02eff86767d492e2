import type { ClientCommand, Command } from '../../../shared/src/protocol/commands.ts';
import type { RoomEvent, Snapshot } from '../../../shared/src/protocol/socket.ts';
import { reduce, type ReduceResult } from '../../../shared/src/room/reduce.ts';
import { nextDeadline } from '../../../shared/src/room/deadlines.ts';
import {
  createRoomState,
  findMember,
  type EndReason,
  type RoomSettings,
  type RoomState,
} from '../../../shared/src/room/state.ts';
import type { Clock } from '../clock.ts';
import { newMemberId, newMemberSecret } from '../ids.ts';
import { RecentRequests } from './recentRequests.ts';

export interface HostEvents {
  /** An accepted command, to be delivered to every member of the room. */
  onEvent(event: RoomEvent, state: RoomState): void;
  /** The room reached its end; the registry drops it. */
  onEnded(reason: EndReason): void;
}

export type JoinResult = { ok: true; memberId: string; secret: string } | Extract<ReduceResult, { ok: false }>;
/** A member's command: accepted (perhaps earlier, under the same request id) or refused. */
export type CommandOutcome = { ok: true; version: number; duplicate: boolean } | Extract<ReduceResult, { ok: false }>;

/**
 * One live room: its state, the secrets that identify its members, who is connected, and the
 * one timer each for the time-driven rules. Parse happens before it; broadcast after it.
 */
export class RoomHost {
  #state: RoomState;
  readonly #secrets = new Map<string, string>();
  readonly #connections = new Map<string, number>();
  /** Join request id -> the secret it made, so a retried join is not a second member. */
  readonly #joins = new Map<string, string>();
  readonly #requests = new RecentRequests();
  readonly #creatorSecret: string;
  readonly #creatorId: string;
  #memberSockets = 0;
  #cancelDeadline: (() => void) | null = null;
  #cancelEmpty: (() => void) | null = null;

  constructor(
    settings: Omit<RoomSettings, 'creatorId'>,
    private readonly clock: Clock,
    private readonly emptyGraceMs: number,
    private readonly events: HostEvents,
  ) {
    const creatorId = newMemberId();
    this.#creatorId = creatorId;
    this.#creatorSecret = newMemberSecret();
    this.#secrets.set(this.#creatorSecret, creatorId);
    this.#state = createRoomState({ ...settings, creatorId }, clock.now());
    this.#armEmptyTimer();
  }

  get state(): RoomState {
    return this.#state;
  }

  get creatorSecret(): string {
    return this.#creatorSecret;
  }

  /** The member a secret stands for, if they have joined. */
  memberFor(secret: string | undefined): string | null {
    const id = secret === undefined ? undefined : this.#secrets.get(secret);
    return id !== undefined && findMember(this.#state, id) ? id : null;
  }

  isCreatorSecret(secret: string | undefined): boolean {
    return secret === this.#creatorSecret && this.memberFor(secret) === null;
  }

  snapshotFor(memberId: string): Snapshot {
    return { state: this.#state, you: memberId, serverNow: this.clock.now() };
  }

  /**
   * A member joins; the creator keeps the facilitator id reserved for them at creation [RM1]. A
   * join retried with the same `joinId` (its reply was lost) is the member it already made [RM5].
   */
  join(name: string, secret: string | undefined, joinId?: string): JoinResult {
    const earlier = joinId === undefined ? undefined : this.#joins.get(joinId);
    const earlierId = earlier === undefined ? null : this.memberFor(earlier);
    if (earlier !== undefined && earlierId !== null) {
      this.memberConnected(earlierId);
      return { ok: true, memberId: earlierId, secret: earlier };
    }
    const creator = this.isCreatorSecret(secret);
    const memberId = creator ? this.#creatorId : newMemberId();
    const result = this.#apply({ type: 'member:join', memberId, name }, null);
    if (!result.ok) return result;
    const memberSecret = creator ? this.#creatorSecret : newMemberSecret();
    this.#secrets.set(memberSecret, memberId);
    if (joinId !== undefined) this.#joins.set(joinId, memberSecret);
    this.#memberSocketOpened();
    this.#connections.set(memberId, (this.#connections.get(memberId) ?? 0) + 1);
    return { ok: true, memberId, secret: memberSecret };
  }

  /**
   * Applies a member's command with the shared rules and broadcasts it if accepted. A request id
   * this member already used for an accepted command is acknowledged again, not applied twice [RC4].
   */
  command(memberId: string, command: ClientCommand, requestId: string): CommandOutcome {
    const earlier = this.#requests.versionOf(memberId, requestId);
    if (earlier !== undefined) return { ok: true, version: earlier, duplicate: true };
    const result = this.#apply(command, memberId);
    if (!result.ok) return result;
    this.#requests.remember(memberId, requestId, result.state.version);
    return { ok: true, version: result.state.version, duplicate: false };
  }

  /**
   * A member's device connected; the first connection makes them present [RM5]. Only members'
   * connections keep a room from counting as empty: a page left open on the join form does not [RM2].
   */
  memberConnected(memberId: string): void {
    this.#memberSocketOpened();
    const count = (this.#connections.get(memberId) ?? 0) + 1;
    this.#connections.set(memberId, count);
    if (count === 1) this.#apply({ type: 'member:presence', memberId, connected: true }, null);
  }

  memberDisconnected(memberId: string): void {
    const count = (this.#connections.get(memberId) ?? 1) - 1;
    this.#connections.set(memberId, Math.max(0, count));
    if (count <= 0) this.#apply({ type: 'member:presence', memberId, connected: false }, null);
    this.#memberSockets -= 1;
    if (this.#memberSockets === 0) this.#armEmptyTimer();
  }

  #memberSocketOpened(): void {
    this.#memberSockets += 1;
    this.#cancelEmpty?.();
    this.#cancelEmpty = null;
  }

  /** Ends the room for a reason of the server's own (empty, lifetime, shutdown). */
  expire(reason: 'empty' | 'lifetime' | 'shutdown'): void {
    this.#apply({ type: 'room:expire', reason }, null);
  }

  #apply(command: Command, actor: string | null): ReduceResult {
    const now = this.clock.now();
    const result = reduce(this.#state, command, { actor, now });
    if (!result.ok) return result;
    this.#state = result.state;
    this.events.onEvent({ version: result.state.version, at: now, actor, command }, result.state);
    if (result.state.stage === 'ended') this.#finish(result.state.endReason ?? 'facilitator');
    else this.#armDeadline();
    return result;
  }

  /** One timer for whatever the room does next by itself (failover, lowering stale hands), re-armed after every change. */
  #armDeadline(): void {
    this.#cancelDeadline?.();
    this.#cancelDeadline = null;
    const next = nextDeadline(this.#state);
    if (next === null) return;
    const delay = next.at - this.clock.now();
    if (delay <= 0) {
      this.#apply(next.command, null);
      return;
    }
    // Re-armed rather than applied blindly: a timer may fire a little early, and the rule would refuse.
    this.#cancelDeadline = this.clock.schedule(() => {
      this.#cancelDeadline = null;
      this.#armDeadline();
    }, delay);
  }

  #armEmptyTimer(): void {
    this.#cancelEmpty?.();
    this.#cancelEmpty = null;
    if (this.#state.stage === 'ended') return;
    this.#cancelEmpty = this.clock.schedule(() => this.expire('empty'), this.emptyGraceMs);
  }

  #finish(reason: EndReason): void {
    this.#cancelDeadline?.();
    this.#cancelEmpty?.();
    this.#cancelDeadline = this.#cancelEmpty = null;
    this.#secrets.clear();
    this.#joins.clear();
    this.#requests.clear();
    this.#connections.clear();
    this.events.onEnded(reason);
  }
}
