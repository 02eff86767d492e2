import type { RoomDesks } from './roomDesks.ts';

/** Where the room's desks appear once loaded; the page renders their parts from then on. */
export class DeskSlot {
  current: RoomDesks | null = $state.raw(null);
}
