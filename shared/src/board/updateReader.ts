import * as decoding from 'lib0/decoding';
import type { UpdateRefusal } from './updateLimits.ts';

/*
 * Reads a Yjs update (format V1, what y-websocket sends) into plain values without touching any
 * document, byte for byte as Yjs reads it when applying (yjs/src/utils/encoding.js,
 * readClientsStructRefs; yjs/src/utils/DeleteSet.js, readAndApplyDeleteSet). It decodes only the
 * content a board may hold and stops at anything else, so no content is ever built from hostile
 * bytes: no types, no sub-documents, no nested values.
 */

export interface StructId {
  client: number;
  clock: number;
}

/** The only contents a board update may carry. */
export type ReadContent =
  | { kind: 'string'; length: number }
  | { kind: 'deleted'; length: number }
  /** A ContentAny of exactly one string: a status value. */
  | { kind: 'status'; value: string };

export interface ReadItem {
  id: StructId;
  length: number;
  origin: StructId | null;
  rightOrigin: StructId | null;
  /** Written only when the item has no origins: a root type's name, or the id of the item holding the parent type. */
  parent: { root: string } | StructId | null;
  parentSub: string | null;
  content: ReadContent;
}

/** One client's structs, in clock order from `clock`. */
export interface ReadSection {
  client: number;
  clock: number;
  items: ReadItem[];
}

export interface ReadUpdate {
  sections: ReadSection[];
  /** Delete ranges `[start, end)` by client, in the order sent. */
  deletes: Map<number, [start: number, end: number][]>;
}

export interface ReadLimits {
  maxStructs: number;
  maxDeleteRanges: number;
  /** Clocks past this are refused: far below 2^53, where clock arithmetic loses precision. */
  maxClock: number;
}

export type ReadResult = { ok: true; update: ReadUpdate } | { ok: false; reason: UpdateRefusal };

// Content refs: the low five bits of a struct's info byte (yjs/src/structs/Item.js, contentRefs).
const GC_REF = 0;
const DELETED_REF = 1;
const STRING_REF = 4;
const ANY_REF = 8;
const SKIP_REF = 10;
const ANY_STRING_TAG = 119; // lib0 readAny: a string
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;

class Refused extends Error {
  constructor(readonly reason: UpdateRefusal) {
    super(reason);
  }
}

function readByte(d: decoding.Decoder): number {
  if (d.pos >= d.arr.length) throw new Refused('malformed');
  return decoding.readUint8(d);
}

function readString(d: decoding.Decoder): string {
  const start = d.pos;
  const bytes = decoding.readVarUint(d);
  if (d.pos + bytes > d.arr.length) throw new Refused('malformed');
  d.pos = start;
  return decoding.readVarString(d);
}

function readId(d: decoding.Decoder): StructId {
  return { client: decoding.readVarUint(d), clock: decoding.readVarUint(d) };
}

function readContent(d: decoding.Decoder, ref: number): ReadContent {
  switch (ref) {
    case DELETED_REF:
      return { kind: 'deleted', length: decoding.readVarUint(d) };
    case STRING_REF:
      return { kind: 'string', length: readString(d).length };
    case ANY_REF: {
      if (decoding.readVarUint(d) !== 1 || readByte(d) !== ANY_STRING_TAG) throw new Refused('wrong-content');
      return { kind: 'status', value: readString(d) };
    }
    default:
      // GC-only (0) and Skip (10) refs never reach here; JSON, binary, embeds, formats, types, sub-documents do.
      throw new Refused('wrong-content');
  }
}

function readItem(d: decoding.Decoder, info: number, id: StructId): ReadItem {
  const origin = info & HAS_ORIGIN ? readId(d) : null;
  const rightOrigin = info & HAS_RIGHT_ORIGIN ? readId(d) : null;
  const parentWritten = (info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0;
  const parent = parentWritten ? (decoding.readVarUint(d) === 1 ? { root: readString(d) } : readId(d)) : null;
  const parentSub = parentWritten && info & HAS_PARENT_SUB ? readString(d) : null;
  const content = readContent(d, info & 0x1f);
  return {
    id,
    length: content.kind === 'status' ? 1 : content.length,
    origin,
    rightOrigin,
    parent,
    parentSub,
    content,
  };
}

function readSections(d: decoding.Decoder, limits: ReadLimits): ReadSection[] {
  const sections: ReadSection[] = [];
  const clients = new Set<number>();
  let structs = 0;
  const count = decoding.readVarUint(d);
  for (let s = 0; s < count; s++) {
    const declared = decoding.readVarUint(d);
    const client = decoding.readVarUint(d);
    let clock = decoding.readVarUint(d);
    structs += declared;
    if (structs > limits.maxStructs) throw new Refused('over-limit');
    // Yjs keeps only the last section of a client: the ones before would vanish unchecked.
    if (clients.has(client)) throw new Refused('malformed');
    clients.add(client);
    const section: ReadSection = { client, clock, items: [] };
    for (let i = 0; i < declared; i++) {
      const info = readByte(d);
      const ref = info & 0x1f;
      if (ref === GC_REF) throw new Refused('wrong-content');
      if (ref === SKIP_REF) throw new Refused('not-integrable');
      const item = readItem(d, info, { client, clock });
      if (item.length === 0) throw new Refused('malformed');
      clock += item.length;
      if (clock > limits.maxClock) throw new Refused('not-integrable');
      section.items.push(item);
    }
    sections.push(section);
  }
  return sections;
}

function readDeletes(d: decoding.Decoder, limits: ReadLimits): ReadUpdate['deletes'] {
  const deletes: ReadUpdate['deletes'] = new Map();
  let ranges = 0;
  const clients = decoding.readVarUint(d);
  for (let c = 0; c < clients; c++) {
    const client = decoding.readVarUint(d);
    const count = decoding.readVarUint(d);
    ranges += count;
    if (ranges > limits.maxDeleteRanges) throw new Refused('over-limit');
    const list = deletes.get(client) ?? [];
    deletes.set(client, list);
    for (let i = 0; i < count; i++) {
      const start = decoding.readVarUint(d);
      const length = decoding.readVarUint(d);
      if (length === 0) throw new Refused('malformed');
      if (start + length > limits.maxClock) throw new Refused('wrong-delete');
      list.push([start, start + length]);
    }
  }
  return deletes;
}

/** The structs and deletes of one update, or why it cannot be a board update. Never throws. */
export function readUpdate(bytes: Uint8Array, limits: ReadLimits): ReadResult {
  try {
    const d = decoding.createDecoder(bytes);
    const sections = readSections(d, limits);
    const deletes = readDeletes(d, limits);
    if (decoding.hasContent(d)) return { ok: false, reason: 'malformed' };
    return { ok: true, update: { sections, deletes } };
  } catch (error) {
    return { ok: false, reason: error instanceof Refused ? error.reason : 'malformed' };
  }
}
