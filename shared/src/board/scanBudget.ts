import * as Y from 'yjs';
import { STATUS_KEY, type Place } from './boardShape.ts';
import type { StructId } from './updateReader.ts';

type List = Y.Text | Y.Map<unknown>;
const END = 'end';
type Next = StructId | typeof END;

const sameNext = (a: Next, b: Next) =>
  a === END || b === END ? a === b : a.client === b.client && a.clock === b.clock;
const idKey = (id: StructId) => `${id.client},${id.clock}`;

/** A new item's ids `[start, end)` of `client`, its anchors, and the board items around it. */
export interface Placement {
  client: number;
  start: number;
  end: number;
  /** The id right before it (its origin), or null at the start of the list. */
  left: StructId | null;
  /** Its right origin, or null at the end of the list. */
  right: StructId | null;
  /** The board item it goes after (null: the start), and the one it goes before (null: the end). */
  after: Y.Item | null;
  before: Y.Item | null;
}

/**
 * An upper bound of the steps Yjs takes to place an update's items, charged item by item.
 *
 * Yjs puts an item after its origin and before its right origin; when the two are not neighbours
 * it walks the list between them (the conflict scan in Item.integrate), past every struct there,
 * deleted ones too. A hostile update can make that walk span a whole text for each of its items,
 * which is quadratic: 1,900 items over a text of 9,500 structs held the server for 16 s.
 *
 * A device's anchors are neighbours (it placed the item between them), so this keeps, for each
 * list, what comes right after each id as the update's items go in, and charges one step while
 * the anchors are neighbours. Otherwise (someone else typed there meanwhile, or a hostile update)
 * it walks the board's list from one anchor to the other, counting each struct passed and every
 * item of the update that may sit in a gap passed, and from then on charges that list that way.
 */
export class ScanBudget {
  /** What comes right after an id (or a list's start) since this update's items went in. */
  readonly #next = new Map<string | List, Next>();
  /** Lists where an item went between anchors that were not neighbours: placed by walking from then on. */
  readonly #walked = new Set<List>();
  /** Items of this update that may lie right after each board item (or at the start of a list). */
  readonly #inGap = new Map<Y.Item | List, number>();
  #steps = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly maxSteps: number,
  ) {}

  charge(place: Place, item: Placement): 'ok' | 'over-limit' | 'out-of-order' {
    const list = place.kind === 'text' ? place.text : place.row;
    if (!this.#walked.has(list)) {
      const next = this.#nextOf(list, place, item.left);
      if (next !== null && sameNext(next, item.right ?? END)) {
        this.#next.set(item.left ? idKey(item.left) : list, { client: item.client, clock: item.start });
        this.#next.set(idKey({ client: item.client, clock: item.end - 1 }), item.right ?? END);
        this.#inGap.set(item.after ?? list, (this.#inGap.get(item.after ?? list) ?? 0) + 1);
        return ++this.#steps > this.maxSteps ? 'over-limit' : 'ok';
      }
      this.#walked.add(list);
    }
    return this.#walk(place, list, item.after, item.before);
  }

  /** What follows `id` (null: the list's start) right now; null once the budget is spent. */
  #nextOf(list: List, place: Place, id: StructId | null): Next | null {
    const known = this.#next.get(id ? idKey(id) : list);
    if (known !== undefined) return known;
    if (id === null) {
      const first = this.#first(place);
      if (this.#steps > this.maxSteps) return null;
      return first ? first.id : END;
    }
    if (id.clock >= Y.getState(this.doc.store, id.client)) return { client: id.client, clock: id.clock + 1 };
    const structs = this.doc.store.clients.get(id.client) ?? [];
    const item = structs[Y.findIndexSS(structs, id.clock)] as Y.Item;
    if (id.clock < item.id.clock + item.length - 1) return { client: id.client, clock: id.clock + 1 };
    return item.right ? item.right.id : END;
  }

  /** Walks the board's list from `left` (null: its start) to `right` (null: its end). */
  #walk(place: Place, list: List, left: Y.Item | null, right: Y.Item | null): 'ok' | 'over-limit' | 'out-of-order' {
    let node: Y.Item | null;
    if (left === null) {
      if (!this.#pass(list)) return 'over-limit';
      node = this.#first(place);
      if (this.#steps > this.maxSteps) return 'over-limit';
    } else {
      if (!this.#pass(left)) return 'over-limit';
      if (left === right) return 'ok';
      node = left.right;
    }
    while (node !== right) {
      if (node === null) return 'out-of-order';
      if (!this.#pass(node)) return 'over-limit';
      node = node.right;
    }
    return 'ok';
  }

  /** One step past `gap`'s owner and the update's items in it; the item being placed may end up there too. */
  #pass(gap: Y.Item | List): boolean {
    const items = this.#inGap.get(gap) ?? 0;
    this.#steps += 1 + items;
    this.#inGap.set(gap, items + 1);
    return this.#steps <= this.maxSteps;
  }

  /** The first item of the list: a text's start, or the oldest value of a row's status (Yjs walks there too). */
  #first(place: Place): Y.Item | null {
    if (place.kind === 'text') return place.text._start;
    let item = place.row._map.get(STATUS_KEY) ?? null;
    while (item?.left && this.#steps <= this.maxSteps) {
      item = item.left;
      this.#steps++;
    }
    return item;
  }
}
