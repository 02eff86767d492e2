import type { StateSeal } from '../../../shared/src/protocol/resume.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';

export interface Genesis {
  state: RoomState;
  seal: StateSeal;
}

/**
 * A new room's first state and its seal, held in this page's memory from "Create room" until its
 * creator joins: the process the creator's connection reaches may not be the one that made the
 * room, and brings it to life from this. Never stored; a reload before joining loses only this.
 */
const held = new Map<string, Genesis>();

export function holdGenesis(roomId: string, genesis: Genesis): void {
  held.set(roomId, genesis);
}

export function genesisOf(roomId: string): Genesis | undefined {
  return held.get(roomId);
}

export function forgetGenesis(roomId: string): void {
  held.delete(roomId);
}
