import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAwarenessEntries, readAwarenessEntries, stateIsFrom } from '../../shared/src/board/awarenessEntries.ts';
import { readEntries, replaceText, rowText, setStatus } from '../../shared/src/board/model.ts';
import { addRows, ROW_CLOCKS, rowClientId, rowUpdate } from '../../shared/src/board/rows.ts';
import { decodeSnapshot, encodeSnapshot } from '../../shared/src/board/snapshot.ts';
import { defaultUpdateLimits } from '../../shared/src/board/updateLimits.ts';
import { validateUpdate } from '../../shared/src/board/validateUpdate.ts';
import { Mirror } from '../../client/src/lib/board/mirror.ts';

describe('rows every device makes alike', () => {
  it('are the same bytes on every device, in any order, and added once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addRows(a, ['ana', 'ben', 'cy']);
    addRows(b, ['cy', 'ana']);
    addRows(b, ['ben', 'ana']);
    expect(Y.encodeStateAsUpdate(a)).toEqual(Y.encodeStateAsUpdate(b));
    expect(rowUpdate('ana')).toEqual(rowUpdate('ana'));
    expect(addRows(a, ['ana'])).toBeNull();
    expect(Y.getState(a.store, rowClientId('ben'))).toBe(ROW_CLOCKS);
    expect([...readEntries(a).keys()].sort()).toEqual(['ana', 'ben', 'cy']);
  });

  it('leave a writer’s snapshot the one shape a device accepts, removed members’ rows named in it', () => {
    const writer = new Y.Doc();
    addRows(writer, ['ana', 'ben', 'gone']);
    replaceText(writer, 'ana', 'commitment', 'Walk at lunch');
    setStatus(writer, 'ana', 'kept');
    setStatus(writer, 'ana', 'half-kept');
    replaceText(writer, 'gone', 'note', 'left the room');
    const snapshot = encodeSnapshot(writer, ['ana', 'ben', 'gone']);
    const decoded = decodeSnapshot(snapshot);
    expect(decoded?.rowIds).toEqual(['ana', 'ben', 'gone']);

    // A late joiner knows only the members still here; the snapshot names the rest.
    const joiner = new Y.Doc();
    addRows(joiner, ['ana', 'ben']);
    addRows(joiner, decoded!.rowIds);
    expect(validateUpdate(joiner, decoded!.update)).toMatchObject({ ok: true });
    Y.applyUpdate(joiner, decoded!.update);
    expect(readEntries(joiner)).toEqual(readEntries(writer));
  });

  it('a snapshot that is not one is refused without throwing', () => {
    expect(decodeSnapshot(new Uint8Array([]))).toBeNull();
    expect(decodeSnapshot(new Uint8Array([200]))).toBeNull();
    expect(decodeSnapshot(new Uint8Array([1, 10, 65]))).toBeNull();
    expect(decodeSnapshot(new Uint8Array([1, 2, 0xff, 0xfe, 0, 0]))).toBeNull();
  });
});

describe('awareness entries', () => {
  it('round-trip, and refuse what is not an awareness update', () => {
    const entries = [{ clientId: 7, clock: 3, state: JSON.stringify({ memberId: 'ana', editing: null }) }];
    expect(readAwarenessEntries(encodeAwarenessEntries(entries))).toEqual(entries);
    expect(readAwarenessEntries(new Uint8Array([1, 7]))).toBeNull();
    expect(readAwarenessEntries(new Uint8Array([9]))).toBeNull();
    const long = [{ clientId: 1, clock: 1, state: JSON.stringify({ memberId: 'a', x: 'y'.repeat(2_000) }) }];
    expect(readAwarenessEntries(encodeAwarenessEntries(long))).toBeNull();
  });

  it('speak only for their sender', () => {
    expect(stateIsFrom(JSON.stringify({ memberId: 'ana' }), 'ana')).toBe(true);
    expect(stateIsFrom('null', 'ana')).toBe(true);
    expect(stateIsFrom(JSON.stringify({ memberId: 'ben' }), 'ana')).toBe(false);
    expect(stateIsFrom('{', 'ana')).toBe(false);
    expect(stateIsFrom('"ana"', 'ana')).toBe(false);
  });
});

describe('a writer’s snapshot of a well-used board', () => {
  it('loads on a late device though it holds far more structs than one update may carry', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `member-${i}`);
    const writer = new Y.Doc();
    addRows(writer, ids);
    // Typed one character at a time, each before the last: nothing merges, 9,600 structs.
    for (const id of ids) {
      const note = rowText(writer, id, 'note')!;
      for (let i = 0; i < 800; i++) note.insert(0, 'ab'[i % 2]!);
    }
    const structs = [...writer.store.clients.values()].reduce((n, s) => n + s.length, 0);
    expect(structs).toBeGreaterThan(defaultUpdateLimits.maxStructs * 4);
    const snapshot = encodeSnapshot(writer, ids);
    // One update's limits would refuse it...
    const decoded = decodeSnapshot(snapshot)!;
    const bare = new Y.Doc();
    addRows(bare, decoded.rowIds);
    expect(validateUpdate(bare, decoded.update)).toMatchObject({ ok: false });
    // ...a snapshot's are a whole board's.
    const late = new Mirror([]);
    expect(late.load(snapshot)).toBeNull();
    expect(readEntries(late.doc)).toEqual(readEntries(writer));
  });
});
