import type { RoomState } from '../../shared/src/room/state.ts';
import { TestMember } from './member.ts';
import type { TestServer } from './server.ts';

/** A room with its facilitator and `names.length` more members, all joined and connected. */
export async function roomWith(server: TestServer, names: string[], body = {}) {
  const { roomId, secret, genesis } = await server.createRoom(body);
  // With sealing on, no process holds a new room until its creator's device brings its first state.
  const facilitator = await TestMember.join(server.url, roomId, 'Facilitator', secret, { genesis });
  const members: TestMember[] = [];
  for (const name of names) members.push(await TestMember.join(server.url, roomId, name));
  const everyone = [facilitator, ...members];
  const version = server.registry.get(roomId)!.state.version;
  await Promise.all(everyone.map((m) => m.until(() => m.state!.version >= version, 'all joined')));
  return { roomId, facilitator, members, everyone };
}

/** Waits until every device has applied the same version as `leader`. */
export async function converge(leader: TestMember, others: TestMember[]): Promise<void> {
  const version = leader.state!.version;
  await Promise.all(others.map((m) => m.until(() => m.state!.version >= version, `version ${version}`)));
}

/** The room as it stands, but for who is connected and its version: what a move to another process may change. */
export function withoutPresence(state: RoomState) {
  const members = state.members.map((m) => ({ ...m, connected: true, presentSince: 0, awaySince: null }));
  return { ...state, version: 0, members };
}
