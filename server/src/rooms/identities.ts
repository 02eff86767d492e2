/** Removed members' secrets remembered, so a device that was away is told it was removed [RM7]. */
const REMEMBERED_REMOVALS = 64;

/**
 * Who each member secret stands for, which join made it (so a retried join is the same member
 * [RM5]), and the secrets the facilitator revoked [RM7]. Secrets live here only, in memory, for
 * the room's life.
 */
export class Identities {
  /** Secret -> member id. */
  readonly #secrets = new Map<string, string>();
  /** Join request id -> the secret it made. */
  readonly #joins = new Map<string, string>();
  /** Secrets of members the facilitator removed, newest last. */
  readonly #removed = new Set<string>();

  /** The member id a secret stands for, whether or not they are still in the room. */
  idOf(secret: string | undefined): string | undefined {
    return secret === undefined ? undefined : this.#secrets.get(secret);
  }

  /** The secret an earlier join with this id made. */
  secretOfJoin(joinId: string | undefined): string | undefined {
    return joinId === undefined ? undefined : this.#joins.get(joinId);
  }

  enrol(memberId: string, secret: string, joinId: string | undefined): void {
    this.#secrets.set(secret, memberId);
    if (joinId !== undefined) this.#joins.set(joinId, secret);
  }

  /** `secret` stands for `memberId`, and no other secret does any more. */
  replace(memberId: string, secret: string): void {
    for (const [held, id] of this.#secrets) if (id === memberId) this.#secrets.delete(held);
    this.#secrets.set(secret, memberId);
  }

  wasRemoved(secret: string | undefined): boolean {
    return secret !== undefined && this.#removed.has(secret);
  }

  /** A removed member's secrets stop working at once; a device that comes back with one is told why. */
  revoke(memberId: string): void {
    for (const [secret, id] of this.#secrets) {
      if (id !== memberId) continue;
      this.#secrets.delete(secret);
      this.#removed.add(secret);
      if (this.#removed.size > REMEMBERED_REMOVALS) this.#removed.delete(this.#removed.values().next().value as string);
      for (const [joinId, joined] of this.#joins) if (joined === secret) this.#joins.delete(joinId);
    }
  }

  clear(): void {
    this.#secrets.clear();
    this.#joins.clear();
    this.#removed.clear();
  }
}
