import type * as Y from 'yjs';
import type { Place } from './boardShape.ts';
import type { StructId } from './updateReader.ts';

/** A struct of an update that the board does not have yet (the part of it that is new). */
export interface NewPart {
  clock: number;
  end: number;
  place: Place;
  /** Characters that count towards the text's length (deleted content does not). */
  countable: boolean;
  /** The board items it goes between (null: the start, or the end, of its list). */
  after: Y.Item | null;
  before: Y.Item | null;
}

/** The new parts of one update, by client in clock order, found by binary search. */
export class NewParts {
  readonly #byClient = new Map<number, NewPart[]>();

  add(client: number, part: NewPart): void {
    const parts = this.#byClient.get(client) ?? [];
    parts.push(part);
    this.#byClient.set(client, parts);
  }

  /** The part holding `id`, if this update adds it. */
  at(id: StructId): NewPart | undefined {
    const parts = this.#byClient.get(id.client) ?? [];
    const part = parts[this.#index(parts, id.clock)];
    return part && part.clock <= id.clock ? part : undefined;
  }

  /** The parts of `client` that overlap `[start, stop)`. */
  *within(client: number, start: number, stop: number): Generator<NewPart> {
    const parts = this.#byClient.get(client) ?? [];
    for (let i = this.#index(parts, start); i < parts.length && (parts[i] as NewPart).clock < stop; i++) {
      yield parts[i] as NewPart;
    }
  }

  /** Where `client`'s clocks end once the update is in: `known` if it adds nothing. */
  end(client: number, known: number): number {
    return this.#byClient.get(client)?.at(-1)?.end ?? known;
  }

  /** Index of the part holding `clock`, or of the first part after it. */
  #index(parts: readonly NewPart[], clock: number): number {
    let low = 0;
    let high = parts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((parts[mid] as NewPart).end <= clock) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
