import type { MemberKeys } from '../../../shared/src/protocol/memberKeys.ts';
import type { DoorCommand } from '../../../shared/src/protocol/commands.ts';
import type { KnockView } from '../../../shared/src/protocol/socket.ts';
import { doorRefusal, knockRefusal } from '../../../shared/src/room/admission.ts';
import { lookalikeOf } from '../../../shared/src/room/lookalike.ts';
import { type Refusal, refuse } from '../../../shared/src/room/refusal.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';
import type { Clock } from '../clock.ts';
import { newMemberId } from '../ids.ts';
import { DoorBudget, type DoorLimits } from './doorBudget.ts';
import { type Knock, type KnockWaiter, Knocks, knockView } from './knocks.ts';

/** What the door needs from the room it belongs to. */
export interface DoorRoom {
  readonly state: RoomState;
  /** `name`, numbered when it looks like one here or waiting [RM4]. */
  unusedName(name: string, waiting: readonly string[]): string;
  /** Lets a knock in as a member; their device hears its secret through the knock's waiter. */
  admit(knock: Knock): Refusal | null;
  /** Who is knocking changed: the facilitator's devices are told. */
  changed(): void;
}

export interface DoorOptions {
  /** A knock nobody answers lapses after this [RM6]. */
  knockTtlMs: number;
  /** What one address may do at the door [RM6, RC5]. */
  limits: DoorLimits;
}

/**
 * A room's door: the people knocking, kept here beside the replicated state and never in it, so
 * that a name the facilitator declines has reached the facilitator's devices and no one else's;
 * and the answers to them [RM6]. No more people wait than the room holds, and one address holds
 * only a few of those places, knocks only so often, and waits after a decline [RC5].
 */
export class Door {
  readonly #knocks = new Knocks();
  readonly #budget: DoorBudget;

  constructor(
    private readonly clock: Clock,
    private readonly options: DoorOptions,
    private readonly room: DoorRoom,
  ) {
    this.#budget = new DoorBudget(clock, options.limits);
  }

  get size(): number {
    return this.#knocks.size;
  }

  names(): string[] {
    return this.#knocks.names();
  }

  /** Who is knocking, as the facilitator's devices show it: with a word when a name looks like a member's. */
  view(): KnockView[] {
    const here = this.room.state.members.map((m) => m.name);
    return this.#knocks.all().map((k) => knockView(k, lookalikeOf(k.typed, here)));
  }

  /**
   * Someone knocks under a cleaned name and waits, under that name numbered if it looks like one
   * here or waiting, until the facilitator answers or the knock lapses. A knock retried with the
   * same join id is the knock it already made, now heard by `waiter` [RM5, RM6].
   */
  knock(
    name: string,
    joinId: string | undefined,
    keys: MemberKeys,
    waiter: KnockWaiter,
    address: string,
  ): string | Refusal {
    const again = joinId === undefined ? null : this.#knocks.rejoin(joinId, waiter);
    if (again !== null) return again;
    const refusal = knockRefusal(this.room.state) ?? this.#waitingListFull() ?? this.#budget.knock(address);
    if (refusal) return refusal;
    const id = newMemberId();
    const shown = this.room.unusedName(name, this.#knocks.names());
    const cancelLapse = this.clock.schedule(() => this.#lapse(id), this.options.knockTtlMs);
    const at = this.clock.now();
    this.#knocks.add({ id, name: shown, typed: name, at, joinId, keys, address, waiter, cancelLapse });
    this.room.changed();
    return id;
  }

  /**
   * The knocker's connection went away: their knock goes with it, unless another connection of
   * theirs (a retry with the same join id) has taken it over since.
   */
  withdraw(knockId: string, waiter: KnockWaiter): void {
    if (!this.#knocks.heardBy(knockId, waiter)) return;
    const knock = this.#knocks.take(knockId);
    if (knock) this.#budget.left(knock.address);
    this.room.changed();
  }

  /**
   * The facilitator answers: lets a knock in, declines one, lets in everyone their screen showed
   * while places last ("Admit all"), or declines them all (as locking the room offers). Only the
   * knocks named are answered: someone who knocked after the list was drawn waits to be seen. Who
   * may answer is the shared rule; the knocks are the door's.
   */
  answer(actor: string, command: DoorCommand): Refusal | null {
    const refusal = doorRefusal(this.room.state, actor);
    if (refusal) return refusal;
    if (command.type === 'knock:declineAll' || command.type === 'knock:admitAll') {
      const shown = new Set(command.knockIds);
      const waiting = this.#knocks.all().filter((knock) => shown.has(knock.id));
      if (waiting.length === 0) return refuse('nobodyWaiting');
      for (const knock of waiting) {
        if (command.type === 'knock:declineAll') this.#decline(knock);
        else if (this.room.admit(knock) === null) this.#leave(knock);
      }
    } else {
      const knock = this.#knocks.get(command.knockId);
      if (!knock) return refuse('notWaiting');
      if (command.type === 'knock:decline') this.#decline(knock);
      else {
        const refused = this.room.admit(knock);
        if (refused) return refused;
        this.#leave(knock);
      }
    }
    this.room.changed();
    return null;
  }

  clear(): void {
    this.#knocks.clear();
    this.#budget.clear();
  }

  #waitingListFull(): Refusal | null {
    return this.#knocks.size < this.room.state.capacity ? null : refuse('waitingListFull');
  }

  #lapse(knockId: string): void {
    const knock = this.#knocks.take(knockId);
    if (!knock) return;
    this.#budget.left(knock.address);
    knock.waiter.declined('lapsed');
    this.room.changed();
  }

  /** A knock let in: no longer waiting, and its address's place at the door free again. */
  #leave(knock: Knock): void {
    this.#knocks.take(knock.id);
    this.#budget.left(knock.address);
  }

  #decline(knock: Knock): void {
    this.#knocks.take(knock.id);
    this.#budget.declined(knock.address);
    knock.waiter.declined('declined');
  }
}
