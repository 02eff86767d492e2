import { describe, expect, it } from 'vitest';
import { linkTarget } from '../../shared/src/protocol/roomLink.ts';

const id = 'Ab3_-Cd4Ef5Gh6Ij7Kl8Mn9O';

describe('room links as people paste them', () => {
  it('[UX5] a whole id opens the room, whatever punctuation or slashes came with it', () => {
    for (const fragment of [
      `#/r/${id}`,
      `#/r/${id}/`,
      `#/r/${id})`,
      `#/r/${id}.`,
      `#/r/${id}),`,
      `#r/${id}`,
      `#/r${id}`,
      `#//r//${id}`,
      `#/r/${encodeURIComponent(id)}%29`,
      ` #/r/${id} `,
    ]) {
      expect(linkTarget(fragment), fragment).toEqual({ kind: 'room', roomId: id });
    }
  });

  it('[UX5] a room link whose id is cut short or changed says so; no fragment is the create page', () => {
    for (const fragment of [`#/r/${id.slice(0, 20)}`, `#/r/${id}x`, '#/r/', '#/r/%E0%A4%A']) {
      expect(linkTarget(fragment), fragment).toEqual({ kind: 'broken' });
    }
    for (const fragment of ['', '#', '#/', '#/about'])
      expect(linkTarget(fragment), fragment).toEqual({ kind: 'create' });
  });
});
