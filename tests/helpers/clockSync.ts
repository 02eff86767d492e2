import { measureOffset } from '../../shared/src/clock.ts';
import type { TestMember } from './member.ts';

/**
 * The browser's offset loop (the same `measureOffset` the client runs) over a test member's
 * socket, with the device clock passed in: `deviceNow` may be minutes wrong, as a phone's can be.
 */
export async function estimateServerOffset(member: TestMember, deviceNow: () => number) {
  const estimate = await measureOffset(
    async () => (await member.socket.emitWithAck('clock:ping', {})).serverNow,
    8,
    deviceNow,
  );
  if (!estimate) throw new Error('no clock samples');
  return estimate;
}
