import type { SealedKey } from '../../../shared/src/protocol/boardRelay.ts';

/**
 * The current epoch's board key, sealed to each member who has it: the first seal to a member
 * wins, a rekey replaces them all. The server cannot open any of them.
 */
export class SealedKeys {
  readonly #byMember = new Map<string, SealedKey>();

  of(memberId: string): SealedKey | null {
    return this.#byMember.get(memberId) ?? null;
  }

  has(memberId: string): boolean {
    return this.#byMember.has(memberId);
  }

  /** Stores `key` for `to`; false if `to` already has this epoch's key. */
  add(to: string, key: SealedKey): boolean {
    if (this.#byMember.has(to)) return false;
    this.#byMember.set(to, key);
    return true;
  }

  forget(memberId: string): void {
    this.#byMember.delete(memberId);
  }

  /** A rekey: these keys, and only these. */
  replace(keys: ReadonlyMap<string, SealedKey>): void {
    this.#byMember.clear();
    for (const [to, key] of keys) this.#byMember.set(to, key);
  }

  clear(): void {
    this.#byMember.clear();
  }
}
