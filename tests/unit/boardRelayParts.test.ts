import { describe, expect, it } from 'vitest';
import { BoardLog } from '../../server/src/board/boardLog.ts';
import { SnapshotParts } from '../../server/src/board/snapshotParts.ts';
import { StreamSequences } from '../../server/src/board/streams.ts';

const bytes = (n: number) => new Uint8Array(n);

describe('the board relay’s parts', () => {
  it('[BD4] a stream starts at 0 and counts up by one; a member’s ninth stream forgets their oldest', () => {
    const streams = new StreamSequences(8);
    expect(streams.advance('ana', 's0', 1)).toBe(false);
    expect(streams.advance('ana', 's0', 0)).toBe(true);
    expect(streams.advance('ana', 's0', 0)).toBe(false);
    expect(streams.advance('ana', 's0', 2)).toBe(false);
    expect(streams.advance('ana', 's0', 1)).toBe(true);
    for (let i = 1; i <= 8; i++) expect(streams.advance('ana', `s${i}`, 0)).toBe(true);
    expect(streams.has('ana', 's0')).toBe(false);
    expect(streams.has('ana', 's8')).toBe(true);
    // Another member's streams are theirs alone.
    expect(streams.advance('ben', 's8', 0)).toBe(true);
    streams.clear();
    expect(streams.advance('ana', 's8', 0)).toBe(true);
  });

  it('[BD4] a snapshot’s parts share one covers and number at most the limit, the final part included', () => {
    const parts = new SnapshotParts<string>(3);
    expect(parts.part('s', 'peer', 5, bytes(1))).toBeNull();
    expect(parts.part('s', 'peer', 5, bytes(2))).toBeNull();
    expect(parts.final('s', 5, bytes(3))).toEqual([bytes(1), bytes(2), bytes(3)]);
    expect(parts.part('s', 'peer', 5, bytes(1))).toBeNull();
    expect(parts.part('s', 'peer', 5, bytes(2))).toBeNull();
    expect(parts.part('s', 'peer', 5, bytes(3))).toBe('tooLarge');
    expect(parts.collecting('s')).toBe(false);
    expect(parts.part('s', 'peer', 5, bytes(1))).toBeNull();
    expect(parts.final('s', 6, bytes(2))).toBe('malformed');
    expect(parts.final('t', 0, bytes(4))).toEqual([bytes(4)]);
    parts.part('u', 'gone', 1, bytes(1));
    parts.dropOwner('gone');
    expect(parts.collecting('u')).toBe(false);
  });

  it('[RC5] one connection collects one snapshot at a time: parts on fresh streams do not pile up', () => {
    const parts = new SnapshotParts<string>(16);
    for (let i = 0; i < 1_000; i++) expect(parts.part(`stream-${i}`, 'peer', 0, bytes(1))).toBeNull();
    expect(parts.collecting('stream-998')).toBe(false);
    expect(parts.collecting('stream-999')).toBe(true);
    expect(parts.part('other', 'another peer', 0, bytes(1))).toBeNull();
    expect(parts.collecting('stream-999')).toBe(true);
  });

  it('[RC5] the tail asks for a snapshot past its soft bound, refuses past its hard one, and a snapshot drops what it covers', () => {
    const log = new BoardLog({
      tailSnapshotFrames: 2,
      tailSnapshotBytes: 1_000,
      tailMaxFrames: 4,
      tailMaxBytes: 10_000,
    });
    for (let i = 0; i < 2; i++) log.append('fran', 'fran:s', bytes(10));
    expect(log.wantsSnapshot).toBe(false);
    log.append('fran', 'fran:s', bytes(10));
    expect(log.wantsSnapshot).toBe(true);
    log.append('fran', 'fran:s', bytes(10));
    expect(log.fits(10)).toBe(false);
    expect(log.replaceSnapshot('ana', 'ana:s', 3, [bytes(5), bytes(6)])).toBe(true);
    expect(log.snapshot.map((f) => [f.from, f.pos, f.frame.length])).toEqual([
      ['ana', 3, 5],
      ['ana', 3, 6],
    ]);
    expect(log.tail.map((f) => f.pos)).toEqual([4]);
    expect(log.wantsSnapshot).toBe(false);
    expect(log.fits(10)).toBe(true);
    expect(log.fits(10_000)).toBe(false);
    // An older snapshot than the one held changes nothing.
    expect(log.replaceSnapshot('ben', 'ben:s', 2, [bytes(1)])).toBe(false);
    expect(log.covers).toBe(3);
    log.clear();
    expect([log.pos, log.snapshot.length, log.tail.length]).toEqual([0, 0, 0]);
  });

  it('[BD2] a snapshot also drops every tail update its own stream sent, past what it covers too, and keeps the rest', () => {
    const log = new BoardLog({
      tailSnapshotFrames: 100,
      tailSnapshotBytes: 100_000,
      tailMaxFrames: 100,
      tailMaxBytes: 100_000,
    });
    log.append('fran', 'fran:a', bytes(1)); // 1
    log.append('ana', 'ana:s', bytes(2)); // 2: Ana's own, before the snapshot
    log.append('fran', 'fran:a', bytes(3)); // 3: after what Ana had when she made the snapshot
    log.append('ana', 'ana:s', bytes(4)); // 4: Ana's own, past covers: her snapshot holds it
    log.append('ana', 'ana:phone', bytes(5)); // 5: Ana's other device, another stream
    log.append('ben', 'ben:s', bytes(6)); // 6
    expect(log.replaceSnapshot('ana', 'ana:s', 1, [bytes(7)])).toBe(true);
    expect(log.tail.map((f) => [f.from, f.pos])).toEqual([
      ['fran', 3],
      ['ana', 5],
      ['ben', 6],
    ]);
    expect(log.snapshot).toEqual([{ from: 'ana', pos: 1, frame: bytes(7) }]);
    expect(log.covers).toBe(1);
    // The tail's bytes are what it keeps: 3 + 5 + 6.
    expect(log.fits(100_000 - 14)).toBe(true);
    expect(log.fits(100_000 - 13)).toBe(false);
    // Positions go on from the last update, whatever the snapshot dropped.
    expect(log.append('fran', 'fran:a', bytes(1)).pos).toBe(7);
  });
});
