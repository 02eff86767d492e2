/**
 * The name the creator typed on the create page, handed to the room page once so that it joins
 * with it instead of asking again. Held in this module's memory only, never in storage or the URL:
 * a device keeps nothing but its member secret [PR6]. A reload forgets it; the join form then asks.
 */
let pending: { roomId: string; name: string } | null = null;

export function holdPendingJoin(roomId: string, name: string): void {
  pending = { roomId, name };
}

/** The name held for this room, once: the next call returns null. */
export function takePendingJoin(roomId: string): string | null {
  const held = pending;
  if (held?.roomId !== roomId) return null;
  pending = null;
  return held.name;
}
