import type { ClientCommand, Command, DoorCommand } from '../../../shared/src/protocol/commands.ts';
import type { PrivateView, RoomEvent, Snapshot } from '../../../shared/src/protocol/socket.ts';
import { doorRefusal, knockRefusal } from '../../../shared/src/room/admission.ts';
import { isDoorCommand } from '../../../shared/src/room/commandAuthors.ts';
import { lookalikeOf } from '../../../shared/src/room/lookalike.ts';
import { reduce, type ReduceResult } from '../../../shared/src/room/reduce.ts';
import { nextDeadline } from '../../../shared/src/room/deadlines.ts';
import {
  createRoomState,
  findMember,
  type EndReason,
  type RoomSettings,
  type RoomState,
} from '../../../shared/src/room/state.ts';
import { uniqueName } from '../../../shared/src/room/nameSkeleton.ts';
import { normalizeDisplayName } from '../../../shared/src/room/names.ts';
import { type Refusal, refuse } from '../../../shared/src/room/refusal.ts';
import type { Clock } from '../clock.ts';
import { newMemberId, newMemberSecret } from '../ids.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';
import { DoorBudget, type DoorLimits } from './doorBudget.ts';
import { type Knock, type KnockWaiter, Knocks, knockView } from './knocks.ts';
import { RecentRequests } from './recentRequests.ts';

export type { KnockWaiter } from './knocks.ts';

/** Removed members' secrets remembered, so a device that was away is told it was removed [RM7]. */
const REMEMBERED_REMOVALS = 64;

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
  /** What one address may do at the door [RM6, RC5]. */
  door: DoorLimits;
}

export interface HostEvents {
  /** An accepted command, to be delivered to every member of the room. */
  onEvent(event: RoomEvent, state: RoomState): void;
  /** What only `memberId`'s devices may know changed: deliver `view` to them alone. */
  onPrivate(memberId: string, view: PrivateView): void;
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
  readonly #knocks = new Knocks();
  readonly #door: DoorBudget;
  /** Secrets of members the facilitator removed, newest last. */
  readonly #removed = new Set<string>();
  /** Each member's command budget, shared by all their connections. */
  readonly #budgets = new Map<string, TokenBucket>();
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
    this.#door = new DoorBudget(options.clock, options.door);
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

  /** Whether this is the creator's secret and they have yet to join; a removed creator is a removed member [RM1, RM7]. */
  isCreatorSecret(secret: string | undefined): boolean {
    return secret === this.#creatorSecret && this.memberFor(secret) === null && !this.#removed.has(secret);
  }

  /** Whether this secret was a member's whom the facilitator removed: their device is told so [RM7]. */
  wasRemoved(secret: string | undefined): boolean {
    return secret !== undefined && this.#removed.has(secret);
  }

  snapshotFor(memberId: string): Snapshot {
    return { state: this.#state, you: memberId, serverNow: this.#clock.now() };
  }

  /**
   * What `memberId`'s devices may know beside the state: who is knocking, for the facilitator
   * alone; nothing for anyone else [RM6]. The one place that decides what each recipient gets.
   */
  privateViewFor(memberId: string): PrivateView {
    if (memberId !== this.#state.facilitatorId || this.#knocks.size === 0) return { knocks: [] };
    const here = this.#state.members.map((m) => m.name);
    return { knocks: this.#knocks.all().map((k) => knockView(k, lookalikeOf(k.typed, here))) };
  }

  /**
   * Someone asks to join under a name. The creator joins at once, to the place and role kept for
   * them [RM1]; so does anyone in a room that needs no knock. Elsewhere they knock and `waiter` hears
   * the facilitator's answer [RM6]. A join retried with the same `joinId` (its reply was lost) is the
   * member or the knock it already made [RM5]. The name is cleaned here, so what goes on the wire
   * carries no invisible or direction-changing characters [RM4].
   */
  join(
    rawName: string,
    secret: string | undefined,
    joinId: string | undefined,
    waiter: KnockWaiter,
    address: string,
  ): JoinResult {
    const name = normalizeDisplayName(rawName);
    if (name === null) return refuse('BAD_INPUT', 'A name needs 1 to 40 visible characters.');
    const earlier = joinId === undefined ? undefined : this.#joins.get(joinId);
    const earlierId = earlier === undefined ? null : this.memberFor(earlier);
    if (earlier !== undefined && earlierId !== null) {
      this.memberConnected(earlierId);
      return { ok: true, kind: 'member', memberId: earlierId, secret: earlier };
    }
    const creator = this.isCreatorSecret(secret);
    if (!creator && this.#state.admission === 'knock') return this.#knock(name, joinId, waiter, address);
    const memberId = creator ? this.#creatorId : newMemberId();
    const result = this.#apply({ type: 'member:join', memberId, name: this.#unusedName(name) }, null);
    if (!result.ok) return result;
    if (creator) {
      this.#cancelUnclaimed?.();
      this.#cancelUnclaimed = null;
    }
    const memberSecret = this.#enrol(memberId, joinId, creator ? this.#creatorSecret : newMemberSecret());
    return { ok: true, kind: 'member', memberId, secret: memberSecret };
  }

  /**
   * The knocker's connection went away: their knock goes with it [RM6], unless another connection
   * of theirs (a retry with the same join id) has taken it over since.
   */
  withdrawKnock(knockId: string, waiter: KnockWaiter): void {
    if (!this.#knocks.heardBy(knockId, waiter)) return;
    const knock = this.#knocks.take(knockId);
    if (knock) this.#door.left(knock.address);
    this.#doorChanged();
  }

  /**
   * Someone knocks: they wait, under a name numbered if it looks like one here or waiting, until
   * the facilitator answers or the knock lapses [RM4, RM6]. No more people wait than the room
   * holds, and one address holds only a few of those places, knocks only so often, and waits
   * after a decline [RC5].
   */
  #knock(name: string, joinId: string | undefined, waiter: KnockWaiter, address: string): JoinResult {
    const again = joinId === undefined ? null : this.#knocks.rejoin(joinId, waiter);
    if (again !== null) return { ok: true, kind: 'knocking', knockId: again };
    const refusal = knockRefusal(this.#state) ?? this.#waitingListFull() ?? this.#door.knock(address);
    if (refusal) return { ok: false, refusal };
    const id = newMemberId();
    const shown = this.#unusedName(name);
    const cancelLapse = this.#clock.schedule(() => this.#lapse(id), this.options.knockTtlMs);
    this.#knocks.add({ id, name: shown, typed: name, at: this.#clock.now(), joinId, address, waiter, cancelLapse });
    this.#doorChanged();
    return { ok: true, kind: 'knocking', knockId: id };
  }

  /**
   * `name`, numbered when it looks like a name already here or waiting: the same letters, another
   * case, or lookalikes from other scripts (Unicode's confusables) [RM4]. The server decides it, so
   * the rule's data never has to reach the page.
   */
  #unusedName(name: string): string {
    return uniqueName(name, [...this.#state.members.map((m) => m.name), ...this.#knocks.names()]);
  }

  #waitingListFull(): Refusal | null {
    if (this.#knocks.size < this.#state.capacity) return null;
    return { code: 'ROOM_FULL', message: 'Too many people are waiting to be let in. Try again in a few minutes.' };
  }

  #lapse(knockId: string): void {
    const knock = this.#knocks.take(knockId);
    if (!knock) return;
    this.#door.left(knock.address);
    knock.waiter.declined('lapsed');
    this.#doorChanged();
  }

  /**
   * The facilitator answers at the door: lets a knock in, declines one, or declines everyone
   * waiting (as locking the room offers). The knocks are the host's, so the host decides these;
   * the rule of who may is shared [RM6].
   */
  #answerDoor(actor: string, command: DoorCommand): { ok: true } | { ok: false; refusal: Refusal } {
    const refusal = doorRefusal(this.#state, actor);
    if (refusal) return { ok: false, refusal };
    if (command.type === 'knock:declineAll') {
      if (this.#knocks.size === 0) return refuse('NOT_ALLOWED', 'No one is waiting.');
      for (const knock of this.#knocks.all()) this.#decline(knock);
      this.#doorChanged();
      return { ok: true };
    }
    const knock = this.#knocks.get(command.knockId);
    if (!knock) return refuse('UNKNOWN_MEMBER', 'That person is no longer waiting.');
    if (command.type === 'knock:decline') this.#decline(knock);
    else {
      // Numbered again if someone who looks the same came in while they waited.
      const name = uniqueName(
        knock.name,
        this.#state.members.map((m) => m.name),
      );
      const result = this.#apply({ type: 'member:admit', memberId: knock.id, name }, null);
      if (!result.ok) return result;
      this.#knocks.take(knock.id);
      this.#door.left(knock.address);
      knock.waiter.admitted(knock.id, this.#enrol(knock.id, knock.joinId, newMemberSecret()));
    }
    this.#doorChanged();
    return { ok: true };
  }

  #decline(knock: Knock): void {
    this.#knocks.take(knock.id);
    this.#door.declined(knock.address);
    knock.waiter.declined('declined');
  }

  /** Who is knocking changed: the facilitator's devices hear the new list [RM6]. */
  #doorChanged(): void {
    if (this.#state.stage === 'ended') return;
    const facilitatorId = this.#state.facilitatorId;
    this.events.onPrivate(facilitatorId, this.privateViewFor(facilitatorId));
  }

  /** A member's secret, the join that made it, and their first connection. */
  #enrol(memberId: string, joinId: string | undefined, secret: string): string {
    this.#secrets.set(secret, memberId);
    if (joinId !== undefined) this.#joins.set(joinId, secret);
    this.#memberSocketOpened();
    this.#connections.set(memberId, (this.#connections.get(memberId) ?? 0) + 1);
    return secret;
  }

  /**
   * A removed member's secret stops working at once; their connections are closed by the
   * listeners; a device of theirs that comes back later is told it was removed [RM7].
   */
  #revoke(memberId: string): void {
    for (const [secret, id] of this.#secrets) {
      if (id !== memberId) continue;
      this.#secrets.delete(secret);
      this.#removed.add(secret);
      if (this.#removed.size > REMEMBERED_REMOVALS) this.#removed.delete(this.#removed.values().next().value as string);
      for (const [joinId, joined] of this.#joins) if (joined === secret) this.#joins.delete(joinId);
    }
    this.#requests.forget(memberId);
    this.#budgets.delete(memberId);
  }

  #withinBudget(memberId: string): boolean {
    let budget = this.#budgets.get(memberId);
    if (!budget) {
      budget = new TokenBucket(this.#clock, this.options.commandBurst, this.options.commandsPerSecond);
      this.#budgets.set(memberId, budget);
    }
    return budget.take();
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
    const result = isDoorCommand(command) ? this.#answerDoor(memberId, command) : this.#apply(command, memberId);
    if (!result.ok) return result;
    const version = this.#state.version;
    this.#requests.remember(memberId, requestId, version);
    if (command.type === 'member:remove') this.#revoke(command.memberId);
    return { ok: true, version, duplicate: false };
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
    const before = this.#state;
    const result = reduce(before, command, { actor, now });
    if (!result.ok) return result;
    this.#state = result.state;
    this.events.onEvent({ version: result.state.version, at: now, actor, command }, result.state);
    if (result.state.stage === 'ended') {
      this.#finish(result.state.endReason ?? 'facilitator');
      return result;
    }
    // A new facilitator hears who is waiting; the one before hears that they no longer need to.
    if (before.facilitatorId !== result.state.facilitatorId && this.#knocks.size > 0) {
      this.events.onPrivate(before.facilitatorId, this.privateViewFor(before.facilitatorId));
      this.#doorChanged();
    }
    this.#armDeadline();
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
    this.#door.clear();
    this.#removed.clear();
    this.#budgets.clear();
    this.#connections.clear();
    this.events.onEnded(reason);
  }
}
