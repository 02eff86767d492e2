import * as encoding from 'lib0/encoding';

/*
 * A Yjs update (format V1) written struct by struct, so tests can send what no Yjs client would:
 * far-future clocks, zero lengths, Skip and GC structs, parents that exist nowhere, deletes of
 * anything. The layout follows yjs/src/utils/encoding.js (readClientsStructRefs) and
 * yjs/src/structs/Item.js (write, contentRefs).
 */

export interface Ref {
  client: number;
  clock: number;
}

/** Yjs content refs: the low five bits of a struct's info byte. */
export type ContentSpec =
  | { kind: 'string'; text: string }
  | { kind: 'deleted'; length: number }
  | { kind: 'any'; values: unknown[] }
  | { kind: 'json'; values: unknown[] }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'embed'; value: unknown }
  | { kind: 'format'; key: string; value: unknown }
  /** 0 array, 1 map, 2 text, 3 xml element, 4 xml fragment, 5 xml hook, 6 xml text. */
  | { kind: 'type'; typeRef: number; name?: string }
  | { kind: 'doc'; guid: string };

export type StructSpec =
  | { kind: 'gc'; length: number }
  | { kind: 'skip'; length: number }
  | {
      kind: 'item';
      origin?: Ref;
      rightOrigin?: Ref;
      /** A root type's name, or the id of the item that holds the parent type. Written only without origins. */
      parent?: string | Ref;
      parentSub?: string;
      content: ContentSpec;
    };

export interface SectionSpec {
  client: number;
  clock: number;
  structs: StructSpec[];
}

export interface DeleteSpec {
  client: number;
  ranges: [clock: number, length: number][];
}

const contentRef: Record<ContentSpec['kind'], number> = {
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
};

function writeContent(e: encoding.Encoder, content: ContentSpec): void {
  switch (content.kind) {
    case 'string':
      encoding.writeVarString(e, content.text);
      break;
    case 'deleted':
      encoding.writeVarUint(e, content.length);
      break;
    case 'any':
      encoding.writeVarUint(e, content.values.length);
      for (const value of content.values) encoding.writeAny(e, value as never);
      break;
    case 'json':
      encoding.writeVarUint(e, content.values.length);
      for (const value of content.values) encoding.writeVarString(e, JSON.stringify(value) ?? 'undefined');
      break;
    case 'binary':
      encoding.writeVarUint8Array(e, content.bytes);
      break;
    case 'embed':
      encoding.writeVarString(e, JSON.stringify(content.value));
      break;
    case 'format':
      encoding.writeVarString(e, content.key);
      encoding.writeVarString(e, JSON.stringify(content.value));
      break;
    case 'type':
      encoding.writeVarUint(e, content.typeRef);
      if (content.typeRef === 3 || content.typeRef === 5) encoding.writeVarString(e, content.name ?? 'x');
      break;
    case 'doc':
      encoding.writeVarString(e, content.guid);
      encoding.writeAny(e, {});
      break;
  }
}

function writeStruct(e: encoding.Encoder, struct: StructSpec): void {
  if (struct.kind === 'gc' || struct.kind === 'skip') {
    encoding.writeUint8(e, struct.kind === 'gc' ? 0 : 10);
    encoding.writeVarUint(e, struct.length);
    return;
  }
  const { origin, rightOrigin, parent, parentSub, content } = struct;
  encoding.writeUint8(
    e,
    contentRef[content.kind] | (origin ? 0x80 : 0) | (rightOrigin ? 0x40 : 0) | (parentSub !== undefined ? 0x20 : 0),
  );
  for (const ref of [origin, rightOrigin]) {
    if (!ref) continue;
    encoding.writeVarUint(e, ref.client);
    encoding.writeVarUint(e, ref.clock);
  }
  if (!origin && !rightOrigin) {
    if (typeof parent === 'string' || parent === undefined) {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, parent ?? 'rows');
    } else {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, parent.client);
      encoding.writeVarUint(e, parent.clock);
    }
    if (parentSub !== undefined) encoding.writeVarString(e, parentSub);
  }
  writeContent(e, content);
}

/** The bytes of one update: the struct sections in the order given, then the delete set. */
export function encodeUpdate(sections: SectionSpec[], deletes: DeleteSpec[] = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, sections.length);
  for (const section of sections) {
    encoding.writeVarUint(e, section.structs.length);
    encoding.writeVarUint(e, section.client);
    encoding.writeVarUint(e, section.clock);
    for (const struct of section.structs) writeStruct(e, struct);
  }
  encoding.writeVarUint(e, deletes.length);
  for (const { client, ranges } of deletes) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, length] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, length);
    }
  }
  return encoding.toUint8Array(e);
}

/**
 * An update's structs with another delete set: a V1 update made by Yjs without deletes ends in
 * one zero byte (no delete-set clients), which this replaces.
 */
export function withDeletes(structsOnly: Uint8Array, deletes: DeleteSpec[]): Uint8Array {
  if (structsOnly[structsOnly.length - 1] !== 0) throw new Error('expected an update without deletes');
  const tail = encodeUpdate([], deletes).subarray(1);
  const bytes = new Uint8Array(structsOnly.length - 1 + tail.length);
  bytes.set(structsOnly.subarray(0, -1));
  bytes.set(tail, structsOnly.length - 1);
  return bytes;
}
