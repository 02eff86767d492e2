/**
 * Which member each awareness client id belongs to. An id belongs to the member whose device first
 * announced it, for as long as that member is in the room: a device that drops and reconnects
 * comes back to its own id, and nobody else can take it over in between [BD3]. A member owns at
 * most `perMember` ids (a tab reloaded gets a new one); a new id beyond that replaces the member's
 * oldest id no open connection is using.
 */
export class AwarenessOwners {
  /** Client id -> member id. */
  readonly #owner = new Map<number, string>();
  /** Member id -> their ids, oldest first. */
  readonly #ids = new Map<string, number[]>();

  constructor(private readonly perMember: number) {}

  /**
   * Whether `memberId` may speak for every one of `clientIds`; if so, the new ones become theirs.
   * `inUse` says whether an id is announced by an open connection (such an id is never evicted).
   */
  claim(memberId: string, clientIds: readonly number[], inUse: (clientId: number) => boolean): boolean {
    const fresh: number[] = [];
    for (const id of clientIds) {
      const owner = this.#owner.get(id);
      if (owner === undefined) fresh.push(id);
      else if (owner !== memberId) return false;
    }
    if (fresh.length === 0) return true;
    const owned = this.#ids.get(memberId) ?? [];
    const evictable = owned.filter((id) => !inUse(id) && !clientIds.includes(id));
    const over = owned.length + fresh.length - this.perMember;
    if (over > evictable.length) return false;
    const evicted = new Set(evictable.slice(0, Math.max(0, over)));
    for (const id of evicted) this.#owner.delete(id);
    const kept = owned.filter((id) => !evicted.has(id));
    for (const id of fresh) this.#owner.set(id, memberId);
    this.#ids.set(memberId, [...kept, ...fresh]);
    return true;
  }

  /** The member left the room for good (removed): their ids are free again. */
  release(memberId: string): void {
    for (const id of this.#ids.get(memberId) ?? []) this.#owner.delete(id);
    this.#ids.delete(memberId);
  }

  clear(): void {
    this.#owner.clear();
    this.#ids.clear();
  }
}
