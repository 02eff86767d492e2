import {
  type AwarenessEntry,
  encodeAwarenessEntries,
  readAwarenessEntries,
  stateIsFrom,
} from '../../../../shared/src/board/awarenessEntries.ts';

/** Client ids remembered per member: a few tabs' worth; a member beyond forgets their oldest. */
const IDS_PER_MEMBER = 8;

/**
 * Awareness as this device lets it through [BD3]: a state comes only from a device of the member
 * whose signature the frame carries, and names that member; a client id belongs to the member who
 * first announced it with a state (a departure claims nothing), at most `IDS_PER_MEMBER` each.
 * What this device sends is its own client's entry alone: the provider also re-announces the
 * states it holds of others.
 */
export class AwarenessGate {
  /** Client id -> member id. */
  readonly #owners = new Map<number, string>();
  /** Member id -> their client ids, oldest first. */
  readonly #ids = new Map<string, number[]>();

  /** The entries of `from`'s awareness frame this device takes, encoded for the provider; null for none. */
  admit(from: string, plaintext: Uint8Array, mine: number): Uint8Array | null {
    const entries = readAwarenessEntries(plaintext);
    if (!entries) return null;
    const kept: AwarenessEntry[] = [];
    for (const entry of entries) {
      const owner = this.#owners.get(entry.clientId);
      if (entry.clientId === mine || (owner !== undefined && owner !== from) || !stateIsFrom(entry.state, from)) {
        continue;
      }
      if (owner === undefined && entry.state !== 'null') this.#claim(from, entry.clientId);
      kept.push(entry);
    }
    return kept.length > 0 ? encodeAwarenessEntries(kept) : null;
  }

  /** This device's own entry of a provider's awareness update, encoded; null when it has none. */
  static own(update: Uint8Array, clientId: number): Uint8Array | null {
    const mine = readAwarenessEntries(update)?.filter((entry) => entry.clientId === clientId) ?? [];
    return mine.length > 0 ? encodeAwarenessEntries(mine) : null;
  }

  #claim(memberId: string, clientId: number): void {
    const ids = this.#ids.get(memberId) ?? [];
    ids.push(clientId);
    if (ids.length > IDS_PER_MEMBER) {
      const oldest = ids.shift();
      if (oldest !== undefined) this.#owners.delete(oldest);
    }
    this.#ids.set(memberId, ids);
    this.#owners.set(clientId, memberId);
  }
}
