import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readEntries, replaceText, setStatus } from '../../shared/src/board/model.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import {
  BoardRoom,
  type BoardPeer,
  type BoardRoomOptions,
  defaultBoardLimits,
} from '../../server/src/board/boardRoom.ts';
import { rebuildBoard } from '../../server/src/board/rebuildBoard.ts';
import { nestedMapsBomb } from '../helpers/boardAttacks.ts';
import { ManualClock } from '../helpers/manualClock.ts';

/** A peer as the room sees it: what it was sent, and how it was closed. */
function peer(memberId: string) {
  const closes: number[] = [];
  const connection: BoardPeer = { memberId, send: () => {}, close: (code) => closes.push(code) };
  return { connection, closes };
}

function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A room whose update check is switched off, so that the nested-maps bomb reaches Yjs. */
function unguardedRoom(options: BoardRoomOptions = {}) {
  const room = new BoardRoom(() => true, new ManualClock(), defaultBoardLimits, {
    validate: () => ({ ok: true, newStructs: 0 }),
    ...options,
  });
  room.addRow('ana');
  replaceText(room.doc, 'ana', 'commitment', 'Two tech-free dinners');
  setStatus(room.doc, 'ana', 'half-kept');
  return room;
}

describe('when Yjs fails on an update', () => {
  it('[BD8] the rebuilt board keeps every row, its texts and its status, and nothing else', () => {
    const broken = new Y.Doc();
    const room = unguardedRoom();
    Y.applyUpdate(broken, Y.encodeStateAsUpdate(room.doc));
    broken.getMap('bomb').set('x', new Y.Map());
    const fresh = rebuildBoard(broken);
    expect(readEntries(fresh)).toEqual(readEntries(broken));
    expect([...fresh.share.keys()]).toEqual(['rows']);
  });

  it('[BD8] a real failure (the nested-maps bomb, unchecked) rebuilds the board and tells every peer (4409)', () => {
    const recovered: string[] = [];
    const room = unguardedRoom({ onRecovered: (outcome) => recovered.push(outcome) });
    const before = readEntries(room.doc);
    const [writer, reader] = [peer('fac'), peer('ben')];
    room.open(writer.connection);
    room.open(reader.connection);
    expect(room.handle(writer.connection, updateMessage(nestedMapsBomb(2_500)))).toEqual({ kind: 'dropped' });
    expect([writer.closes, reader.closes]).toEqual([[BoardClose.reset], [BoardClose.reset]]);
    expect(readEntries(room.doc)).toEqual(before);
    expect(recovered).toEqual(['rebuilt']);
    expect(room.peerCount).toBe(0);
    const late = peer('cy');
    room.open(late.connection);
    expect(late.closes).toEqual([]);
  });

  it('[BD8] if the board cannot be rebuilt either, it closes for good (4423) and refuses new peers', () => {
    const recovered: string[] = [];
    const room = unguardedRoom({
      rebuild: () => {
        throw new Error('unreadable');
      },
      onRecovered: (outcome) => recovered.push(outcome),
    });
    const writer = peer('fac');
    room.open(writer.connection);
    room.handle(writer.connection, updateMessage(nestedMapsBomb(2_500)));
    expect(writer.closes).toEqual([BoardClose.lost]);
    expect(recovered).toEqual(['lost']);
    const late = peer('cy');
    room.open(late.connection);
    expect(late.closes).toEqual([BoardClose.lost]);
    expect(room.handle(late.connection, updateMessage(Uint8Array.of(0, 0)))).toEqual({ kind: 'dropped' });
    room.destroy();
  });
});
