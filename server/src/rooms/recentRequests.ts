/** How many request ids are remembered per member: far more than a client ever retries [RC4]. */
export const REMEMBERED_REQUESTS = 16;

/**
 * The request ids of each member's last accepted commands and the version each produced, so a
 * retried send is acknowledged again and applied once [RC4]. The host keeps it beside the room's
 * state, not in it: no device needs to know anyone's request ids. Bounded per member; it goes
 * with the room.
 */
export class RecentRequests {
  readonly #byMember = new Map<string, Map<string, number>>();

  /** The version an earlier command with this id produced, if it was accepted. */
  versionOf(memberId: string, requestId: string): number | undefined {
    return this.#byMember.get(memberId)?.get(requestId);
  }

  remember(memberId: string, requestId: string, version: number): void {
    let recent = this.#byMember.get(memberId);
    if (!recent) {
      recent = new Map();
      this.#byMember.set(memberId, recent);
    }
    recent.set(requestId, version);
    // A Map iterates in insertion order: the first key is the oldest.
    if (recent.size > REMEMBERED_REQUESTS) recent.delete(recent.keys().next().value as string);
  }

  forget(memberId: string): void {
    this.#byMember.delete(memberId);
  }

  clear(): void {
    this.#byMember.clear();
  }
}
