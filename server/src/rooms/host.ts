import type { MemberKeys } from '../../../shared/src/protocol/memberKeys.ts';
import type { ClientCommand, Command, HostCommand } from '../../../shared/src/protocol/commands.ts';
import type { PrivateView, RoomEvent, Snapshot } from '../../../shared/src/protocol/socket.ts';
import { canWriteBoard } from '../../../shared/src/board/rules.ts';
import type { SharedHistory } from '../../../shared/src/protocol/history.ts';
import type { StateSeal } from '../../../shared/src/protocol/resume.ts';
import { isHostCommand } from '../../../shared/src/room/commandAuthors.ts';
import { nextDeadline } from '../../../shared/src/room/deadlines.ts';
import { openQuestion } from '../../../shared/src/room/questions.ts';
import { uniqueName } from '../../../shared/src/room/nameSkeleton.ts';
import { normalizeDisplayName } from '../../../shared/src/room/names.ts';
import { reduce, type ReduceResult } from '../../../shared/src/room/reduce.ts';
import { type Refusal, refuse } from '../../../shared/src/room/refusal.ts';
import {
  createRoomState,
  type EndReason,
  findMember,
  type RoomSettings,
  type RoomState,
} from '../../../shared/src/room/state.ts';
import type { Clock } from '../clock.ts';
import { newChallenge, newMemberId, newMemberSecret } from '../ids.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';
import { Door, type DoorRoom } from './door.ts';
import type { DoorLimits } from './doorBudget.ts';
import { Identities } from './identities.ts';
import type { Knock, KnockWaiter } from './knocks.ts';
import { type MemberLink, MemberLinks } from './memberLinks.ts';
import { AnswerBox } from './answerBox.ts';
import { RecentRequests } from './recentRequests.ts';
import { PrivateSignals } from './signals.ts';

export type { KnockWaiter } from './knocks.ts';
export type { MemberLink, MemberMessage } from './memberLinks.ts';

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
  /** Devices one member may have connected; one more lets the oldest go [RC5]. */
  linksPerMember: number;
  /** What one address may do at the door [RM6, RC5]. */
  door: DoorLimits;
}

export interface HostEvents {
  /** An accepted command, the same for every member: broadcast it to all their devices. */
  onEvent(event: RoomEvent, state: RoomState): void;
  /** The room reached its end; the registry drops it. */
  onEnded(reason: EndReason): void;
  /**
   * The seal over `state` when the processes share seal keys; `creatorSecret` while the creator
   * has not joined, so the seal can stand for them.
   */
  sealOf?(state: RoomState, creatorSecret: string | null, command?: Command): StateSeal | undefined;
}

/** How a host begins: a new room, or one a process brought back from its members' sealed state. */
export type HostStart =
  | { kind: 'new'; settings: Omit<RoomSettings, 'creatorId'> }
  /** `creatorSecret`: the creator's, when the room came back before they joined (a sealed genesis). */
  | { kind: 'resumed'; state: RoomState; creatorSecret: string | null };

export type JoinResult =
  | { ok: true; kind: 'member'; memberId: string; secret: string }
  | { ok: true; kind: 'knocking'; knockId: string }
  | Refusal;
/** A member's command: accepted (perhaps earlier, under the same request id) or refused. */
export type CommandOutcome = { ok: true; version: number; duplicate: boolean } | Refusal;

/**
 * One live room: its state, the secrets that identify its members, their connected devices, the
 * door, and the one timer each for the time-driven rules. Parse happens before it; what every
 * member receives is broadcast after it, and what one member alone may know goes to that member's
 * devices through `privateViewFor`, the one place that decides it.
 */
export class RoomHost implements DoorRoom {
  #state: RoomState;
  readonly #identities = new Identities();
  readonly #links: MemberLinks;
  readonly #door: Door;
  readonly #signals = new PrivateSignals();
  readonly #answers = new AnswerBox();
  /** The group's history as a writer shared it, sealed; the server cannot read it [HF9]. */
  #history: SharedHistory | null = null;
  readonly #requests = new RecentRequests();
  /** Each member's command budget, shared by all their connections. */
  readonly #budgets = new Map<string, TokenBucket>();
  readonly #clock: Clock;
  readonly #creatorSecret: string;
  readonly #creatorId: string;
  #cancelDeadline: (() => void) | null = null;
  #cancelEmpty: (() => void) | null = null;
  #cancelUnclaimed: (() => void) | null = null;
  /** The seal over the current state, when sealing is on. */
  #seal: StateSeal | undefined;
  /** This life of the room on this process; a device seeing another one knows the room moved. */
  readonly incarnation = newChallenge();

  constructor(
    start: HostStart,
    private readonly options: HostOptions,
    private readonly events: HostEvents,
  ) {
    this.#clock = options.clock;
    this.#links = new MemberLinks(options.linksPerMember);
    this.#door = new Door(options.clock, { knockTtlMs: options.knockTtlMs, limits: options.door }, this);
    if (start.kind === 'new') {
      this.#creatorId = newMemberId();
      this.#creatorSecret = newMemberSecret();
      this.#state = createRoomState({ ...start.settings, creatorId: this.#creatorId }, this.#clock.now());
    } else {
      this.#creatorId = start.state.creatorId;
      // Once the creator has joined, their secret is no key to anything: one nobody holds stands in.
      this.#creatorSecret = start.creatorSecret ?? newMemberSecret();
      this.#state = start.state;
    }
    const unclaimed = !findMember(this.#state, this.#creatorId);
    if (unclaimed) this.#identities.enrol(this.#creatorId, this.#creatorSecret, undefined);
    this.#seal = events.sealOf?.(this.#state, unclaimed ? this.#creatorSecret : null);
    this.#armEmptyTimer(options.emptyGraceMs);
    // Until its creator comes, a room is only a claim on the server's capacity: it lapses soon,
    // whoever else is in it [RM2].
    if (unclaimed) {
      this.#cancelUnclaimed = this.#clock.schedule(() => this.expire('unclaimed'), options.unclaimedGraceMs);
    }
    // A room that comes back catches up with whatever fell due while it was away.
    if (start.kind === 'resumed') this.#armDeadline();
  }

  get state(): RoomState {
    return this.#state;
  }

  /** The seal over the current state, when sealing is on (a new room's genesis, to its creator). */
  get seal(): StateSeal | undefined {
    return this.#seal;
  }

  /**
   * A member proved who they are to a process that did not know this device's secret (the room
   * moved, or this process brought it back): the secret stands for them from now on, in place of
   * any other it stood for, so proofs repeated with new secrets cannot pile up.
   */
  enrolResumed(memberId: string, secret: string): boolean {
    if (!findMember(this.#state, memberId) || this.wasRemoved(secret)) return false;
    this.#identities.replace(memberId, secret);
    return true;
  }

  /**
   * The room came back on this process: a round of private answers half sent runs again (their
   * sealed answers stayed with the old process), and members whose devices did not come with it
   * are away (their presence was sealed as it was) [RS2, PA2, RM5].
   */
  settleAfterMove(): void {
    if (openQuestion(this.#state)?.submitted.length) this.#apply({ type: 'answers:restart' }, null);
    for (const member of this.#state.members) {
      if (member.connected && this.#links.count(member.id) === 0) {
        this.#apply({ type: 'member:presence', memberId: member.id, connected: false }, null);
      }
    }
  }

  /** The board's key epoch changed: every member's device gets a seal that says so. */
  resealed(): void {
    if (this.#state.session.stage === 'ended') return;
    this.#seal = this.events.sealOf?.(this.#state, this.#unclaimedSecret());
    if (this.#seal) this.#links.sendAll({ kind: 'seal', seal: this.#seal });
  }

  #unclaimedSecret(): string | null {
    return findMember(this.#state, this.#creatorId) ? null : this.#creatorSecret;
  }

  get creatorSecret(): string {
    return this.#creatorSecret;
  }

  /** The member a secret stands for, if they have joined. */
  memberFor(secret: string | undefined): string | null {
    const id = this.#identities.idOf(secret);
    return id !== undefined && findMember(this.#state, id) ? id : null;
  }

  /** Whether this is the creator's secret and they have yet to join; a removed creator is a removed member [RM1, RM7]. */
  isCreatorSecret(secret: string | undefined): boolean {
    return secret === this.#creatorSecret && this.memberFor(secret) === null && !this.wasRemoved(secret);
  }

  /** Whether this secret was a member's whom the facilitator removed: their device is told so [RM7]. */
  wasRemoved(secret: string | undefined): boolean {
    return this.#identities.wasRemoved(secret);
  }

  snapshotFor(memberId: string): Snapshot {
    const snapshot: Snapshot = {
      state: this.#state,
      you: memberId,
      serverNow: this.#clock.now(),
      incarnation: this.incarnation,
    };
    if (this.#seal) snapshot.seal = this.#seal;
    return snapshot;
  }

  /**
   * What `memberId`'s devices may know beside the replicated state, decided here and nowhere else
   * (boardgame.io's playerView): who is knocking and everyone's private signals, for the
   * facilitator alone; to each member, their own signals [RM6, PS1].
   */
  privateViewFor(memberId: string): PrivateView {
    const mine = this.#signals.of(memberId);
    if (memberId !== this.#state.facilitatorId) return { knocks: [], signals: [], mine };
    const members = this.#state.members.map((m) => m.id);
    return { knocks: this.#door.view(), signals: this.#signals.on(members), mine };
  }

  /**
   * Someone asks to join under a name. The creator joins at once, to the place and role kept for
   * them [RM1]; so does anyone in a room that needs no knock. Elsewhere they knock and `waiter` hears
   * the facilitator's answer [RM6]. A join retried with the same `joinId` (its reply was lost) is the
   * member or the knock it already made [RM5]. The name is cleaned here, so what goes on the wire
   * carries no invisible or direction-changing characters [RM4]. The joining device then attaches.
   */
  join(
    rawName: string,
    secret: string | undefined,
    joinId: string | undefined,
    keys: MemberKeys,
    waiter: KnockWaiter,
    address: string,
  ): JoinResult {
    const name = normalizeDisplayName(rawName);
    if (name === null) return refuse('badName');
    const earlier = this.#identities.secretOfJoin(joinId);
    const earlierId = this.memberFor(earlier);
    if (earlier !== undefined && earlierId !== null)
      return { ok: true, kind: 'member', memberId: earlierId, secret: earlier };
    const creator = this.isCreatorSecret(secret);
    if (!creator && this.#state.admission === 'knock') {
      const knock = this.#door.knock(name, joinId, keys, waiter, address);
      return typeof knock === 'string' ? { ok: true, kind: 'knocking', knockId: knock } : knock;
    }
    const memberId = creator ? this.#creatorId : newMemberId();
    const result = this.#apply(
      { type: 'member:join', memberId, name: this.unusedName(name, this.#door.names()), keys },
      null,
    );
    if (!result.ok) return result;
    if (creator) {
      this.#cancelUnclaimed?.();
      this.#cancelUnclaimed = null;
    }
    const memberSecret = creator ? this.#creatorSecret : newMemberSecret();
    this.#identities.enrol(memberId, memberSecret, joinId);
    return { ok: true, kind: 'member', memberId, secret: memberSecret };
  }

  /** The knocker's connection went away: their knock goes with it, unless a retry took it over [RM6]. */
  withdrawKnock(knockId: string, waiter: KnockWaiter): void {
    this.#door.withdraw(knockId, waiter);
  }

  /**
   * `name`, numbered when it looks like a name here or waiting: the same letters, another case, or
   * lookalikes from other scripts (Unicode's confusables) [RM4]. The server decides it, so the
   * rule's data never has to reach the page.
   */
  unusedName(name: string, waiting: readonly string[]): string {
    return uniqueName(name, [...this.#state.members.map((m) => m.name), ...waiting]);
  }

  /** The door lets a knock in: a member under the knock's id, numbered again if someone alike came in meanwhile. */
  admit(knock: Knock): Refusal | null {
    const name = this.unusedName(knock.name, []);
    const result = this.#apply({ type: 'member:admit', memberId: knock.id, name, keys: knock.keys }, null);
    if (!result.ok) return result;
    const secret = newMemberSecret();
    this.#identities.enrol(knock.id, secret, knock.joinId);
    knock.waiter.admitted(knock.id, secret);
    return null;
  }

  /** Who is knocking changed: the facilitator's devices hear the new list [RM6]. */
  changed(): void {
    this.#sendPrivate(this.#state.facilitatorId);
  }

  /**
   * Applies a member's command with the shared rules and broadcasts it if accepted. A request id
   * this member already used for an accepted command is acknowledged again, not applied twice [RC4].
   */
  command(memberId: string, command: ClientCommand, requestId: string): CommandOutcome {
    const earlier = this.#requests.versionOf(memberId, requestId);
    if (earlier !== undefined) return { ok: true, version: earlier, duplicate: true };
    if (!this.#withinBudget(memberId)) return refuse('tooManyCommands');
    if (isHostCommand(command)) {
      const refused = this.#answer(memberId, command);
      if (refused) return refused;
    } else {
      const result = this.#apply(command, memberId);
      if (!result.ok) return result;
    }
    const version = this.#state.version;
    this.#requests.remember(memberId, requestId, version);
    if (command.type === 'member:remove') this.#remove(command.memberId);
    return { ok: true, version, duplicate: false };
  }

  /**
   * A member's device connected: it is sent the state and what only this member may know. The
   * first device makes them present [RM5]; only members' devices keep a room from counting as
   * empty, not a page left on the join form [RM2].
   */
  attach(memberId: string, link: MemberLink): void {
    if (!findMember(this.#state, memberId)) {
      link.close('removed');
      return;
    }
    this.#cancelEmpty?.();
    this.#cancelEmpty = null;
    this.#links.add(memberId, link);
    if (!findMember(this.#state, memberId)?.connected) {
      this.#apply({ type: 'member:presence', memberId, connected: true }, null);
    }
    link.send({ kind: 'snapshot', snapshot: this.snapshotFor(memberId) });
    link.send({ kind: 'private', view: this.privateViewFor(memberId) });
    const rounds = this.#answers.completeRounds();
    if (rounds.length > 0) link.send({ kind: 'answers', rounds });
    if (this.#history) link.send({ kind: 'history', shared: this.#history });
  }

  /** A member's device went away; their last one makes them away [RM5]. */
  detach(memberId: string, link: MemberLink): void {
    const left = this.#links.remove(memberId, link);
    if (left === null) return;
    if (this.#links.total === 0) this.#armEmptyTimer(this.options.emptyGraceMs);
    if (left === 0 && findMember(this.#state, memberId)) {
      this.#apply({ type: 'member:presence', memberId, connected: false }, null);
    }
  }

  /** Ends the room for a reason of the server's own (empty, unclaimed, lifetime, shutdown). */
  expire(reason: Exclude<EndReason, 'facilitator'>): void {
    this.#apply({ type: 'room:expire', reason }, null);
  }

  /**
   * A command about what the host keeps beside the state: the door, a private signal, or a sealed
   * answer [RM6, PS1, PA1].
   */
  #answer(memberId: string, command: HostCommand): Refusal | null {
    if (this.#state.session.stage === 'ended') return refuse('roomEnded');
    if (command.type === 'answer:submit') {
      const refused = this.#answers.hold(this.#state, memberId, command);
      if (refused) return refused;
      const result = this.#apply(
        { type: 'answers:submitted', questionId: command.questionId, round: command.round, memberId },
        null,
      );
      return result.ok ? null : result;
    }
    if (command.type === 'history:share') {
      if (!canWriteBoard(this.#state, memberId)) return refuse('notAWriter');
      this.#history = { from: memberId, epoch: command.epoch, sealed: command.sealed };
      this.#links.sendAll({ kind: 'history', shared: this.#history });
      return null;
    }
    if (command.type !== 'signal:set') return this.#door.answer(memberId, command);
    // Only the member and the facilitator hear of it; nothing is broadcast, and the version stays.
    if (this.#signals.set(memberId, command.signal, command.on)) {
      this.#sendPrivate(memberId);
      if (memberId !== this.#state.facilitatorId) this.#sendPrivate(this.#state.facilitatorId);
    }
    return null;
  }

  #sendPrivate(memberId: string): void {
    if (this.#state.session.stage === 'ended') return;
    this.#links.send(memberId, { kind: 'private', view: this.privateViewFor(memberId) });
  }

  /** A removed member's secret stops working at once, and their devices are let go [RM7]. */
  #remove(memberId: string): void {
    this.#identities.revoke(memberId);
    this.#requests.forget(memberId);
    this.#budgets.delete(memberId);
    this.#links.closeAll(memberId, 'removed');
    if (this.#signals.of(memberId).space || this.#signals.of(memberId).talkAfter) {
      this.#signals.forget(memberId);
      this.#sendPrivate(this.#state.facilitatorId);
    }
  }

  #withinBudget(memberId: string): boolean {
    let budget = this.#budgets.get(memberId);
    if (!budget) {
      budget = new TokenBucket(this.#clock, this.options.commandBurst, this.options.commandsPerSecond);
      this.#budgets.set(memberId, budget);
    }
    return budget.take();
  }

  #apply(command: Command, actor: string | null): ReduceResult {
    const now = this.#clock.now();
    const before = this.#state;
    const result = reduce(before, command, { actor, now });
    if (!result.ok) return result;
    this.#state = result.state;
    const event: RoomEvent = { version: result.state.version, at: now, actor, command };
    this.#seal = this.events.sealOf?.(result.state, this.#unclaimedSecret(), command);
    if (this.#seal) event.seal = this.#seal;
    this.events.onEvent(event, result.state);
    if (result.state.session.stage === 'ended') {
      this.#finish(result.state.session.reason);
      return result;
    }
    // What the facilitator alone may know moves with the role: the one before is told they no
    // longer hold it, the new one is told all of it.
    if (before.facilitatorId !== result.state.facilitatorId) {
      this.#sendPrivate(before.facilitatorId);
      this.#sendPrivate(result.state.facilitatorId);
    }
    const answered = this.#answers.settle(result.state);
    if (answered) this.#links.sendAll({ kind: 'answers', rounds: [answered] });
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
    if (this.#state.session.stage === 'ended') return;
    this.#cancelEmpty = this.#clock.schedule(() => this.expire('empty'), graceMs);
  }

  /** The room leaves this process without ending: everything it held here goes, and no one is told. */
  release(): void {
    this.#clearAll();
  }

  #finish(reason: EndReason): void {
    this.#clearAll();
    this.events.onEnded(reason);
  }

  #clearAll(): void {
    this.#cancelDeadline?.();
    this.#cancelEmpty?.();
    this.#cancelUnclaimed?.();
    this.#cancelDeadline = this.#cancelEmpty = this.#cancelUnclaimed = null;
    this.#identities.clear();
    this.#requests.clear();
    this.#door.clear();
    this.#signals.clear();
    this.#answers.clear();
    this.#history = null;
    this.#budgets.clear();
    this.#links.clear();
  }
}
