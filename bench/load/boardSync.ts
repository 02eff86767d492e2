import { readEntries } from '../../shared/src/board/model.ts';
import { untilDoc } from '../../tests/helpers/board.ts';
import { RoomSet } from './roomSet.ts';

export interface BoardSyncResult {
  /** Per run: from opening the board to holding every filled row (ms). */
  syncMs: number[];
}

/**
 * A late joiner's board: a room of `size` with every row filled; a member's device opens the
 * board afresh as the page does (the page's link on its own connection: the relay's snapshot and
 * tail, its sealed key opened, every frame's signature checked and decrypted, the board's shape
 * checked) and waits for all of it.
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
    const member = room.members[1]!;
    member.board?.destroy();
    member.board = null;
    const started = performance.now();
    const late = await member.openBoard();
    await untilDoc(
      late.doc,
      () => [...readEntries(late.doc).values()].filter((e) => e.note !== '').length === size,
      'the full board',
      30_000,
    );
    syncMs.push(performance.now() - started);
    await set.endAll();
  }
  return { syncMs };
}
