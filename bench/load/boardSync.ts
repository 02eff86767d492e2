import { readEntries } from '../../shared/src/board/model.ts';
import { boardClient, untilDoc, untilSynced } from '../../tests/helpers/board.ts';
import { RoomSet } from './roomSet.ts';

export interface BoardSyncResult {
  /** Per run: from opening the board connection to holding every filled row (ms). */
  syncMs: number[];
}

/**
 * A late joiner's board: a room of `size` with every row filled; a member's device opens the
 * board afresh with the stock y-websocket provider and waits for all of it.
 */
export async function runBoardSync(url: string, runs: number, size: number): Promise<BoardSyncResult> {
  const syncMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const set = new RoomSet();
    await set.fill({
      kind: 'holdspace',
      url,
      rooms: 1,
      size,
      board: true,
      fillBoard: true,
      startSession: false,
      concurrency: 1,
    });
    const room = set.rooms[0]!;
    const started = performance.now();
    const late = boardClient(url, room.roomId, room.members[1]!.secret);
    await untilSynced(late, 30_000);
    await untilDoc(
      late.doc,
      () => [...readEntries(late.doc).values()].filter((e) => e.note !== '').length === size,
      'the full board',
      30_000,
    );
    syncMs.push(performance.now() - started);
    late.destroy();
    await set.endAll();
  }
  return { syncMs };
}
