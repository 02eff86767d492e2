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
import { normalizeDisplayName } from '../../../shared/src/room/names.ts';
import { refuse } from '../../../shared/src/room/refusal.ts';
import type { Clock } from '../clock.ts';
import { newMemberId, newMemberSecret } from '../ids.ts';
import { tokenBucket } from '../limits/tokenBucket.ts';
import { type KnockWaiter, KnockWaiters } from './knockWaiters.ts';
import { RecentRequests } from './recentRequests.ts';

export type { KnockWaiter } from './knockWaiters.ts';

export interface HostOptions {
  clock: Clock;
  /** A room with no member connected ends after this [RM2]. */
  emptyGraceMs: number;
  /** A room whose creator never joins ends after this [RM2]. */
  unclaimedGraceMs: number;
  /** A knock nobody answers lapses after this [RM6]. */
  knockTtlMs: number;
  /** Commands one member may send across all their connections: a burst, then a rate [RC5]. */
  commandBurst: number;
  commandsPerSecond: number;
}

export interface HostEvents {
  /** An accepted command, to be delivered to every member of the room. */
  onEvent(event: RoomEvent, state: RoomState): void;
  /** The room reached its end; the registry drops it. */
  onEnded(reason: EndReason): void;
}

type Refused = Extract<ReduceResult, { ok: false }>;
export type JoinResult =
  | { ok: true; kind: 'member'; memberId: string; secret: string }
  | { ok: true; kind: 'knocking'; knockId: string }
  | Refused;
/** A member's command: accepted (perhaps earlier, under the same request id) or refused. */
export type CommandOutcome = { ok: true; version: number; duplicate: boolean } | Refused;

/**
 * One live room: its state, the secrets that identify its members, who is connected, who is
 * knocking, and the one timer each for the time-driven rules. Parse happens before it; broadcast
 * after it.
 */
export class RoomHost {
  #state: RoomState;
  readonly #secrets = new Map<string, string>();
  readonly #connections = new Map<string, number>();
  /** Join request id -> the secret it made, so a retried join is not a second member. */
  readonly #joins = new Map<string, string>();
  readonly #requests = new RecentRequests();
  readonly #knocks = new KnockWaiters();
  /** Each member's command budget, shared by all their connections. */
  readonly #budgets = new Map<string, () => boolean>();
  readonly #clock: Clock;
  readonly #creatorSecret: string;
  readonly #creatorId: string;
  #memberSockets = 0;
  #cancelDeadline: (() => void) | null = null;
  #cancelEmpty: (() => void) | null = null;
  #cancelUnclaimed: (() => void) | null = null;

  constructor(
    settings: Omit<RoomSettings, 'creatorId'>,
    private readonly options: HostOptions,
    private readonly events: HostEvents,
  ) {
    this.#clock = options.clock;
    const creatorId = newMemberId();
    this.#creatorId = creatorId;
    this.#creatorSecret = newMemberSecret();
    this.#secrets.set(this.#creatorSecret, creatorId);
    this.#state = createRoomState({ ...settings, creatorId }, this.#clock.now());
    this.#armEmptyTimer(options.emptyGraceMs);
    // Until its creator comes, a room is only a claim on the server's capacity: it lapses soon,
    // whoever else is in it [RM2].
    this.#cancelUnclaimed = this.#clock.schedule(() => this.expire('unclaimed'), options.unclaimedGraceMs);
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
    return { state: this.#state, you: memberId, serverNow: this.#clock.now() };
  }

  /**
   * Someone asks to join under a name. The creator joins at once, to the place and role kept for
   * them [RM1]; so does anyone in a room that needs no knock. Elsewhere they knock and `waiter` hears
   * the facilitator's answer [RM6]. A join retried with the same `joinId` (its reply was lost) is the
   * member or the knock it already made [RM5]. The name is cleaned here, so what goes on the wire
   * carries no invisible or direction-changing characters [RM4].
   */
  join(rawName: string, secret: string | undefined, joinId: string | undefined, waiter: KnockWaiter): JoinResult {
    const name = normalizeDisplayName(rawName);
    if (name === null) return refuse('BAD_INPUT', 'A name needs 1 to 40 visible characters.');
    const earlier = joinId === undefined ? undefined : this.#joins.get(joinId);
    const earlierId = earlier === undefined ? null : this.memberFor(earlier);
    if (earlier !== undefined && earlierId !== null) {
      this.memberConnected(earlierId);
      return { ok: true, kind: 'member', memberId: earlierId, secret: earlier };
    }
    const creator = this.isCreatorSecret(secret);
    if (!creator && this.#state.admission === 'knock') return this.#knock(name, joinId, waiter);
    const memberId = creator ? this.#creatorId : newMemberId();
    const result = this.#apply({ type: 'member:join', memberId, name }, null);
    if (!result.ok) return result;
    if (creator) {
      this.#cancelUnclaimed?.();
      this.#cancelUnclaimed = null;
    }
    const memberSecret = this.#enrol(memberId, joinId, creator ? this.#creatorSecret : newMemberSecret());
    return { ok: true, kind: 'member', memberId, secret: memberSecret };
  }

  /** The knocker's connection went away: their knock goes with it [RM6]. */
  withdrawKnock(knockId: string): void {
    if (this.#knocks.take(knockId)) this.#apply({ type: 'knock:withdraw', knockId }, null);
  }

  #knock(name: string, joinId: string | undefined, waiter: KnockWaiter): JoinResult {
    const again = joinId === undefined ? null : this.#knocks.rejoin(joinId, waiter);
    if (again !== null) return { ok: true, kind: 'knocking', knockId: again };
    const knockId = newMemberId();
    const result = this.#apply({ type: 'member:knock', knockId, name }, null);
    if (!result.ok) return result;
    const cancelLapse = this.#clock.schedule(() => this.#lapse(knockId), this.options.knockTtlMs);
    this.#knocks.add(knockId, joinId, waiter, cancelLapse);
    return { ok: true, kind: 'knocking', knockId };
  }

  #lapse(knockId: string): void {
    const waiting = this.#knocks.take(knockId);
    if (!waiting) return;
    this.#apply({ type: 'knock:withdraw', knockId }, null);
    waiting.waiter.declined('lapsed');
  }

  /** A member's secret, the join that made it, and their first connection. */
  #enrol(memberId: string, joinId: string | undefined, secret: string): string {
    this.#secrets.set(secret, memberId);
    if (joinId !== undefined) this.#joins.set(joinId, secret);
    this.#memberSocketOpened();
    this.#connections.set(memberId, (this.#connections.get(memberId) ?? 0) + 1);
    return secret;
  }

  /** What the host does beyond the state when certain commands are accepted. */
  #followUp(command: ClientCommand): void {
    if (command.type === 'knock:admit') {
      const waiting = this.#knocks.take(command.knockId);
      if (waiting)
        waiting.waiter.admitted(command.knockId, this.#enrol(command.knockId, waiting.joinId, newMemberSecret()));
      // Admitted with no one left to tell: a member who is away until they come (they cannot).
      else this.#apply({ type: 'member:presence', memberId: command.knockId, connected: false }, null);
    } else if (command.type === 'knock:decline') {
      this.#knocks.take(command.knockId)?.waiter.declined('declined');
    } else if (command.type === 'member:remove') {
      this.#revoke(command.memberId);
    }
  }

  /** A removed member's secret stops working at once; their connections are closed by the listeners [RM7]. */
  #revoke(memberId: string): void {
    for (const [secret, id] of this.#secrets) {
      if (id !== memberId) continue;
      this.#secrets.delete(secret);
      for (const [joinId, joined] of this.#joins) if (joined === secret) this.#joins.delete(joinId);
    }
    this.#requests.forget(memberId);
    this.#budgets.delete(memberId);
  }

  #withinBudget(memberId: string): boolean {
    let budget = this.#budgets.get(memberId);
    if (!budget) {
      budget = tokenBucket(this.#clock, this.options.commandBurst, this.options.commandsPerSecond);
      this.#budgets.set(memberId, budget);
    }
    return budget();
  }

  /**
   * Applies a member's command with the shared rules and broadcasts it if accepted. A request id
   * this member already used for an accepted command is acknowledged again, not applied twice [RC4].
   */
  command(memberId: string, command: ClientCommand, requestId: string): CommandOutcome {
    const earlier = this.#requests.versionOf(memberId, requestId);
    if (earlier !== undefined) return { ok: true, version: earlier, duplicate: true };
    if (!this.#withinBudget(memberId)) {
      return refuse('RATE_LIMITED', 'Too many commands at once. Wait a moment and try again.');
    }
    const result = this.#apply(command, memberId);
    if (!result.ok) return result;
    this.#requests.remember(memberId, requestId, result.state.version);
    this.#followUp(command);
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
    this.#memberSockets -= 1;
    if (this.#memberSockets === 0) this.#armEmptyTimer(this.options.emptyGraceMs);
    // A removed member's connections close after their record is gone.
    if (!findMember(this.#state, memberId)) return;
    const count = (this.#connections.get(memberId) ?? 1) - 1;
    this.#connections.set(memberId, Math.max(0, count));
    if (count <= 0) this.#apply({ type: 'member:presence', memberId, connected: false }, null);
  }

  #memberSocketOpened(): void {
    this.#memberSockets += 1;
    this.#cancelEmpty?.();
    this.#cancelEmpty = null;
  }

  /** Ends the room for a reason of the server's own (empty, unclaimed, lifetime, shutdown). */
  expire(reason: Exclude<EndReason, 'facilitator'>): void {
    this.#apply({ type: 'room:expire', reason }, null);
  }

  #apply(command: Command, actor: string | null): ReduceResult {
    const now = this.#clock.now();
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
    const delay = next.at - this.#clock.now();
    if (delay <= 0) {
      this.#apply(next.command, null);
      return;
    }
    // Re-armed rather than applied blindly: a timer may fire a little early, and the rule would refuse.
    this.#cancelDeadline = this.#clock.schedule(() => {
      this.#cancelDeadline = null;
      this.#armDeadline();
    }, delay);
  }

  #armEmptyTimer(graceMs: number): void {
    this.#cancelEmpty?.();
    this.#cancelEmpty = null;
    if (this.#state.stage === 'ended') return;
    this.#cancelEmpty = this.#clock.schedule(() => this.expire('empty'), graceMs);
  }

  #finish(reason: EndReason): void {
    this.#cancelDeadline?.();
    this.#cancelEmpty?.();
    this.#cancelUnclaimed?.();
    this.#cancelDeadline = this.#cancelEmpty = this.#cancelUnclaimed = null;
    this.#secrets.clear();
    this.#joins.clear();
    this.#requests.clear();
    this.#knocks.clear();
    this.#budgets.clear();
    this.#connections.clear();
    this.events.onEnded(reason);
  }
}
