import * as Y from 'yjs';
import { placeOf, rowsRoot, samePlace, type Place } from './boardShape.ts';
import { commitmentStatuses } from './model.ts';
import { BOARD_TEXT_MAX } from './rules.ts';
import { defaultUpdateLimits, type UpdateLimits, type UpdateRefusal } from './updateLimits.ts';
import { type NewPart, NewParts } from './newParts.ts';
import { type Placement, ScanBudget } from './scanBudget.ts';
import { readUpdate, type ReadContent, type ReadItem, type ReadSection, type StructId } from './updateReader.ts';

/** `newStructs`: at most this many more structs in the board's store (new items, and the items they split). */
export type UpdateVerdict = { ok: true; newStructs: number } | { ok: false; reason: UpdateRefusal };

function fits(content: ReadContent, place: Place): boolean {
  if (content.kind === 'deleted') return true;
  if (place.kind === 'text') return content.kind === 'string';
  return content.kind === 'status' && (commitmentStatuses as readonly string[]).includes(content.value);
}

function overlap(clock: number, length: number, start: number, stop: number): number {
  return Math.max(0, Math.min(stop, clock + length) - Math.max(start, clock));
}

/** Ranges sorted and merged, so that no character is counted as deleted twice. */
function merged(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [start, stop] of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], stop);
    else out.push([start, stop]);
  }
  return out;
}

/** One validation: what the update adds, where, and how the field texts' lengths change. */
class Check {
  readonly #rows;
  readonly #added = new NewParts();
  readonly #lengthChange = new Map<Y.Text, number>();
  readonly #rowsWithNewStatus = new Set<Y.Map<unknown>>();
  readonly #scan: ScanBudget;
  #lookups = 0;
  /** New items, and items Yjs will split in two to put something between. */
  newStructs = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly limits: UpdateLimits,
  ) {
    this.#rows = rowsRoot(doc);
    this.#scan = new ScanBudget(doc, limits.maxScanSteps);
  }

  #known(client: number): number {
    return Y.getState(this.doc.store, client);
  }

  /** The board's struct holding `clock`, which must be below `#known(client)`. */
  #boardStructs(client: number): (Y.Item | Y.GC)[] {
    return this.doc.store.clients.get(client) ?? [];
  }

  /** The board's item holding `id`, which must be below `#known(id.client)`; null for a GC. */
  #boardItem(id: StructId): Y.Item | null {
    const structs = this.#boardStructs(id.client);
    const struct = structs[Y.findIndexSS(structs, id.clock)];
    return struct instanceof Y.Item ? struct : null;
  }

  /**
   * The place of whatever holds `id`: on the board, or new earlier in this update. `undefined`
   * when nothing holds it (yet), null when it is somewhere no writer may put anything.
   */
  #placeAt(id: StructId): Place | null | undefined {
    if (id.clock < this.#known(id.client)) {
      const item = this.#boardItem(id);
      return item ? placeOf(this.#rows, item.parent, item.parentSub) : null;
    }
    return this.#added.at(id)?.place;
  }

  /** Where Yjs would put the item: after its origin, before its right origin, or in its parent. */
  #place(item: ReadItem): Place | UpdateRefusal {
    const neighbours: Place[] = [];
    for (const id of [item.origin, item.rightOrigin]) {
      if (id === null) continue;
      const place = this.#placeAt(id);
      if (place === undefined) return 'not-integrable';
      if (place === null) return 'wrong-place';
      neighbours.push(place);
    }
    const [first, second] = neighbours;
    if (first) return second && !samePlace(first, second) ? 'wrong-place' : first;
    const parent = item.parent;
    if (parent === null || 'root' in parent) return 'wrong-place';
    if (parent.clock >= this.#known(parent.client)) return this.#placeAt(parent) ? 'wrong-place' : 'not-integrable';
    const holder = this.#boardItem(parent);
    const type = holder?.content instanceof Y.ContentType ? holder.content.type : null;
    return placeOf(this.#rows, type, item.parentSub) ?? 'wrong-place';
  }

  /** Where a new item goes, for the scan budget: its anchors and the board items around it. */
  #placement(item: ReadItem, start: number): Placement & { ordered: boolean } {
    const left = start > item.id.clock ? { client: item.id.client, clock: start - 1 } : item.origin;
    const right = item.rightOrigin;
    const onBoard = (id: StructId | null): id is StructId => id !== null && id.clock < this.#known(id.client);
    const after = left === null ? null : onBoard(left) ? this.#boardItem(left) : (this.#added.at(left)?.after ?? null);
    const before =
      right === null ? null : onBoard(right) ? this.#boardItem(right) : (this.#added.at(right)?.before ?? null);
    // Within one board item, the origin must come before the right origin, or replicas disagree.
    const ordered =
      !(after !== null && after === before && onBoard(left) && onBoard(right)) || left.clock < right.clock;
    return { client: item.id.client, start, end: item.id.clock + item.length, left, right, after, before, ordered };
  }

  /** Counts a split if Yjs must cut the struct holding `id` right after it (an origin) or right before it. */
  #cut(id: StructId, side: 'after' | 'before'): void {
    const onBoard = id.clock < this.#known(id.client);
    const item = onBoard ? this.#boardItem(id) : null;
    const part = onBoard ? undefined : this.#added.at(id);
    const first = item ? item.id.clock : part?.clock;
    const end = item ? item.id.clock + item.length : part?.end;
    if (first === undefined || end === undefined) return;
    if (side === 'after' ? id.clock < end - 1 : id.clock > first) this.newStructs++;
  }

  section(section: ReadSection): UpdateRefusal | null {
    const known = this.#known(section.client);
    if (section.clock > known) return 'not-integrable';
    for (const item of section.items) {
      // Yjs resolves every struct's references, even one it already has, so all are checked.
      const place = this.#place(item);
      if (typeof place === 'string') return place;
      if (!fits(item.content, place)) return 'wrong-content';
      if (item.origin) this.#cut(item.origin, 'after');
      if (item.rightOrigin) this.#cut(item.rightOrigin, 'before');
      const end = item.id.clock + item.length;
      if (end <= known) continue;
      const start = Math.max(item.id.clock, known);
      if (start > item.id.clock) {
        // Partly known: Yjs integrates the new rest right after the board's struct at start - 1.
        const left = this.#placeAt({ client: section.client, clock: start - 1 });
        if (!left || !samePlace(left, place)) return 'wrong-place';
      }
      const placement = this.#placement(item, start);
      if (!placement.ordered) return 'wrong-place';
      const scanned = this.#scan.charge(place, placement);
      if (scanned !== 'ok') return scanned === 'over-limit' ? 'over-limit' : 'wrong-place';
      const { after, before } = placement;
      this.#add(section.client, { clock: start, end, place, countable: item.content.kind === 'string', after, before });
    }
    return null;
  }

  #add(client: number, part: NewPart): void {
    this.#added.add(client, part);
    this.newStructs++;
    if (part.place.kind === 'status') this.#rowsWithNewStatus.add(part.place.row);
    else if (part.countable) this.#changeLength(part.place.text, part.end - part.clock);
  }

  #changeLength(text: Y.Text, by: number): void {
    this.#lengthChange.set(text, (this.#lengthChange.get(text) ?? 0) + by);
  }

  deletes(deletes: Map<number, [number, number][]>): UpdateRefusal | null {
    for (const [client, ranges] of deletes) {
      const known = this.#known(client);
      const end = this.#added.end(client, known);
      for (const [start, stop] of merged(ranges)) {
        if (stop > end) return 'wrong-delete';
        const refusal =
          (start < known ? this.#deleteKnown(client, start, Math.min(stop, known)) : null) ??
          (stop > known ? this.#deleteNew(client, Math.max(start, known), stop) : null);
        if (refusal) return refusal;
      }
    }
    return null;
  }

  /** Deleting what the board has: field text, or a status this update replaces; already deleted is a no-op. */
  #deleteKnown(client: number, start: number, stop: number): UpdateRefusal | null {
    const structs = this.#boardStructs(client);
    for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
      const struct = structs[i] as Y.Item | Y.GC;
      if (struct.id.clock >= stop) break;
      if (++this.#lookups > this.limits.maxDeleteLookups) return 'over-limit';
      if (struct.deleted || !(struct instanceof Y.Item)) continue;
      // A range that starts or ends inside a live item splits it.
      if (struct.id.clock < start) this.newStructs++;
      if (struct.id.clock + struct.length > stop) this.newStructs++;
      const place = placeOf(this.#rows, struct.parent, struct.parentSub);
      if (place?.kind === 'text') {
        if (struct.countable) this.#changeLength(place.text, -overlap(struct.id.clock, struct.length, start, stop));
      } else if (place?.kind !== 'status' || !this.#rowsWithNewStatus.has(place.row)) {
        return 'wrong-delete';
      }
    }
    return null;
  }

  /** Deleting what this same update adds: always allowed; its characters no longer count. */
  #deleteNew(client: number, start: number, stop: number): UpdateRefusal | null {
    for (const part of this.#added.within(client, start, stop)) {
      if (++this.#lookups > this.limits.maxDeleteLookups) return 'over-limit';
      this.newStructs += (part.clock < start ? 1 : 0) + (part.end > stop ? 1 : 0);
      if (part.place.kind === 'text' && part.countable) {
        this.#changeLength(part.place.text, -overlap(part.clock, part.end - part.clock, start, stop));
      }
    }
    return null;
  }

  textLengths(): UpdateRefusal | null {
    for (const [text, change] of this.#lengthChange) if (text.length + change > BOARD_TEXT_MAX) return 'text-too-long';
    return null;
  }
}

/**
 * Decides whether one update (Yjs format V1, as y-websocket sends it) keeps the commitment board
 * in its one shape, without touching `doc` [BD7]. The shape: a root map `rows` (rows are
 * made only by the server) of row maps keyed by member id, each with a `lastStatus` (one string of
 * `commitmentStatuses`) and three `Y.Text` fields (`textFields`). A writer may only:
 *
 * - insert characters (ContentString) into an existing field text,
 * - set `lastStatus` on an existing row (ContentAny holding one status string),
 * - send deleted content (ContentDeleted) in either place,
 * - delete characters of field texts, and statuses that the same update replaces,
 *
 * each field text staying within `BOARD_TEXT_MAX`. Everything Yjs would have to park as pending
 * (gaps, Skips, references to ids that exist nowhere) is refused, since pending structs are an
 * unbounded memory sink. The work is proportional to the update's size, with lookups in the
 * board's struct store bounded by `limits`; never to the board's size.
 *
 * @example
 *   const verdict = validateUpdate(board, update);
 *   if (verdict.ok) Y.applyUpdate(board, update);
 */
export function validateUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  limits: UpdateLimits = defaultUpdateLimits,
): UpdateVerdict {
  try {
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      return { ok: false, reason: 'not-integrable' };
    }
    const read = readUpdate(update, limits);
    if (!read.ok) return read;
    const check = new Check(doc, limits);
    for (const section of read.update.sections) {
      const refusal = check.section(section);
      if (refusal) return { ok: false, reason: refusal };
    }
    const refusal = check.deletes(read.update.deletes) ?? check.textLengths();
    return refusal ? { ok: false, reason: refusal } : { ok: true, newStructs: check.newStructs };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}
