import { describe, expect, it } from 'vitest';
import { importBoardKey, newBoardKeyBytes } from '../../../shared/src/crypto/boardKey.ts';
import { concatBytes, randomBytes, toBase64Url, utf8 } from '../../../shared/src/crypto/bytes.ts';
import { SHARED_HISTORY_MAX_CHARS } from '../../../shared/src/protocol/history.ts';
import { openFromRoom, sealForRoom } from '../../../shared/src/history/sharedHistory.ts';
import { sixWeeks } from './fixture.ts';

const ROOM = 'room-shared-history';

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('the history shared with the room', () => {
  it('[HF9] opens with the board key of its epoch and room only, as the same history', async () => {
    const key = await importBoardKey(newBoardKeyBytes());
    const history = sixWeeks();
    const sealed = await sealForRoom(key, 3, ROOM, history);
    expect(sealed?.sessions).toBe(6);
    expect(await openFromRoom(key, ROOM, { epoch: 3, sealed: sealed!.sealed })).toEqual(history);
    expect(await openFromRoom(key, ROOM, { epoch: 4, sealed: sealed!.sealed })).toBeNull();
    expect(await openFromRoom(key, 'another-room', { epoch: 3, sealed: sealed!.sealed })).toBeNull();
    const other = await importBoardKey(newBoardKeyBytes());
    expect(await openFromRoom(other, ROOM, { epoch: 3, sealed: sealed!.sealed })).toBeNull();
  });

  it('[HF9] past the size a room message may have, the oldest sessions are left out of the room’s copy', async () => {
    const key = await importBoardKey(newBoardKeyBytes());
    const history = sixWeeks();
    // Incompressible notes make each session large.
    const big = {
      ...history,
      sessions: history.sessions.map((s) => ({
        ...s,
        commitments: s.commitments.map((c) => ({
          ...c,
          commitment: toBase64Url(randomBytes(1490)).slice(0, 1990),
          lastCommitment: toBase64Url(randomBytes(1490)).slice(0, 1990),
        })),
      })),
    };
    const sealed = await sealForRoom(key, 1, ROOM, big);
    expect(sealed!.sealed.length).toBeLessThanOrEqual(SHARED_HISTORY_MAX_CHARS);
    expect(sealed!.sessions).toBeLessThan(6);
    const opened = await openFromRoom(key, ROOM, { epoch: 1, sealed: sealed!.sealed });
    expect(opened?.sessions.at(-1)).toEqual(big.sessions.at(-1));
  });

  it('[HF9] a sealed copy that inflates past 2 MB is refused unread (a gzip bomb)', async () => {
    const key = await importBoardKey(newBoardKeyBytes());
    const bomb = await gzip(utf8(`{"format":"holdspace-history","x":"${'a'.repeat(3 * 1024 * 1024)}"}`));
    expect(bomb.length).toBeLessThan(10_000);
    const iv = randomBytes(12);
    const additionalData = utf8(`holdspace history v1\n${ROOM}\n1`);
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, bomb));
    const sealed = toBase64Url(concatBytes(iv, ciphertext));
    expect(await openFromRoom(key, ROOM, { epoch: 1, sealed })).toBeNull();
  });
});
