// Parts of the room screen outside the first bundle that a laptop shows at once, or that must show
// without delay (the pause for support). Each loads once. On a laptop they are asked for while the
// page connects, so they arrive with the room instead of pushing what is below them down a moment
// later; a phone shows them in tabs, and fetches only the pause for support, once the room is up.

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load();
    // A failed load (offline) may be tried again.
    loading.catch(() => {
      loading = null;
    });
    return loading;
  };
}

export const roomParts = {
  board: once(() => import('../components/CommitmentBoard.svelte')),
  people: once(() => import('../components/MemberList.svelte')),
  invite: once(() => import('../components/InvitePanel.svelte')),
  supportPause: once(() => import('../components/SupportPause.svelte')),
  answers: once(() => import('../components/answers/RoomAnswers.svelte')),
};

/** Below this width the room is one column with tabs; from it on, columns side by side. */
export const NARROW_ROOM = '(max-width: 899px)';

/** On a laptop, starts loading every part alongside the connection; nothing waits for it. */
export function prefetchRoomParts(): void {
  if (matchMedia(NARROW_ROOM).matches) return;
  for (const load of Object.values(roomParts)) load().catch(() => {});
}

/** Once the room is on screen: the pause for support, which must show at once when it comes. */
export function prefetchSupportPause(): () => void {
  const timer = setTimeout(() => roomParts.supportPause().catch(() => {}), 3_000);
  return () => clearTimeout(timer);
}
