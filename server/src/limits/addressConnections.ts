/**
 * Open connections counted by the address they come from, Socket.IO and board alike, so that
 * one address cannot hold the sockets everyone else needs [RC5].
 */
export class AddressConnections {
  readonly #open = new Map<string, number>();

  constructor(private readonly perAddress: number) {}

  /** Counts a connection in if the address has room; returns its release, or null when full. */
  open(address: string): (() => void) | null {
    const count = this.#open.get(address) ?? 0;
    if (count >= this.perAddress) return null;
    this.#open.set(address, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(address) ?? 1) - 1;
      if (left > 0) this.#open.set(address, left);
      else this.#open.delete(address);
    };
  }
}
