import type { RoomState } from '../../../shared/src/room/state.ts';

/** A member's name as the room knows it; `fallback` for someone no longer in the room. */
export function nameOf(room: RoomState, id: string | null | undefined, fallback = 'Someone'): string {
  return room.members.find((m) => m.id === id)?.name ?? fallback;
}
