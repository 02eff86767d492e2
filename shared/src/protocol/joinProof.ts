/**
 * What a join proof signs: the domain, the room, the connection's challenge, then both public keys
 * as the roster spells them. Apart from the schemas, so the device's key code loads without zod.
 */
export function joinProofText(roomId: string, challenge: string, keys: { sign: string; box: string }): string {
  return `holdspace-join-v1\n${roomId}\n${challenge}\n${keys.sign}\n${keys.box}`;
}
