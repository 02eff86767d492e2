// Room ids and the links that carry them, without zod: the page's first bundle reads links.

/** A room id: 144 random bits as 24 base64url characters [PR3]. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;

/** Where a page's URL fragment leads: the create page, a room, or a room link that lost its id. */
export type LinkTarget = { kind: 'create' } | { kind: 'room'; roomId: string } | { kind: 'broken' };

/**
 * Reads a room link's fragment (`#/r/<roomId>`) the way people paste it [UX5]: punctuation a chat
 * or an email stuck to its end (`)`, `.`, `,`), a missing or doubled slash and percent-encoding are
 * forgiven when the id itself is whole; a fragment that names a room but holds no whole id is
 * broken, never silently the create page.
 *
 * linkTarget('#/r/AAAAAAAAAAAAAAAAAAAAAAAA).') // { kind: 'room', roomId: 'AAAAAAAAAAAAAAAAAAAAAAAA' }
 */
export function linkTarget(fragment: string): LinkTarget {
  let text = fragment;
  try {
    text = decodeURIComponent(fragment);
  } catch {
    // A stray % is not a reason to give up on the rest.
  }
  const trimmed = text.trim().replace(/^#/, '');
  if (trimmed === '' || trimmed === '/') return { kind: 'create' };
  const named = /^\/*r\/*([A-Za-z0-9_-]*)/.exec(trimmed);
  if (!named) return { kind: 'create' };
  const id = named[1] ?? '';
  return ROOM_ID_PATTERN.test(id) ? { kind: 'room', roomId: id } : { kind: 'broken' };
}
