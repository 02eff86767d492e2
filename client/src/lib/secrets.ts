/**
 * A member's identity in a room is a secret held only on this device [RM5]. It lives in
 * localStorage under `holdspace.secret.<roomId>` so a phone that locks or reloads comes back as the
 * same member. Beside it, under `holdspace.keys.<roomId>`, the device's member key seed: 256 random
 * bits made here, never sent anywhere, and not derived from the secret, which the server receives
 * in every handshake; and under `holdspace.member.<roomId>` which member this device is, so a page
 * reloaded while its room moved to another process can prove it [RS1]. Storage can be unavailable
 * (private modes, blocked storage): every call tolerates it, and the seed then lives as long as the
 * page.
 */
const key = (roomId: string) => `holdspace.secret.${roomId}`;
const seedKey = (roomId: string) => `holdspace.keys.${roomId}`;
const memberKey = (roomId: string) => `holdspace.member.${roomId}`;
const unstoredSeeds = new Map<string, string>();

/** The stored value, or undefined when there is none or no storage. */
function read(name: string): string | undefined {
  try {
    return localStorage.getItem(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Stores the value where storage allows; without it, what the page holds in memory still works until a reload. */
function write(name: string, value: string): void {
  try {
    localStorage.setItem(name, value);
  } catch {
    // Nothing to do: see above.
  }
}

export function loadSecret(roomId: string): string | undefined {
  return read(key(roomId));
}

export function saveSecret(roomId: string, secret: string): void {
  write(key(roomId), secret);
}

/** Drops the secret, the key seed and the member id once the room is gone: there is nothing left for them to open. */
export function forgetSecret(roomId: string): void {
  unstoredSeeds.delete(roomId);
  try {
    localStorage.removeItem(key(roomId));
    localStorage.removeItem(seedKey(roomId));
    localStorage.removeItem(memberKey(roomId));
  } catch {
    // Nothing to clean up.
  }
}

export function loadSeed(roomId: string): string | undefined {
  return read(seedKey(roomId)) ?? unstoredSeeds.get(roomId);
}

export function saveSeed(roomId: string, seed: string): void {
  unstoredSeeds.set(roomId, seed);
  write(seedKey(roomId), seed);
}

export function loadMemberId(roomId: string): string | undefined {
  return read(memberKey(roomId));
}

export function saveMemberId(roomId: string, memberId: string): void {
  write(memberKey(roomId), memberId);
}
