/**
 * A member's identity in a room is a secret held only on this device [RM5]. It lives in
 * localStorage under `holdspace.secret.<roomId>` so a phone that locks or reloads comes back as the
 * same member. Beside it, under `holdspace.keys.<roomId>`, the device's member key seed: 256 random
 * bits made here, never sent anywhere, and not derived from the secret, which the server receives
 * in every handshake. Storage can be unavailable (private modes, blocked storage): every call
 * tolerates it, and the seed then lives as long as the page.
 */
const key = (roomId: string) => `holdspace.secret.${roomId}`;
const seedKey = (roomId: string) => `holdspace.keys.${roomId}`;
const memberKey = (roomId: string) => `holdspace.member.${roomId}`;
const unstoredSeeds = new Map<string, string>();

export function loadSecret(roomId: string): string | undefined {
  try {
    return localStorage.getItem(key(roomId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveSecret(roomId: string, secret: string): void {
  try {
    localStorage.setItem(key(roomId), secret);
  } catch {
    // Without storage the member still works until the page is reloaded.
  }
}

/** Drops the secret and the key seed once the room is gone: there is nothing left for them to open. */
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
  try {
    return localStorage.getItem(seedKey(roomId)) ?? unstoredSeeds.get(roomId);
  } catch {
    return unstoredSeeds.get(roomId);
  }
}

export function saveSeed(roomId: string, seed: string): void {
  unstoredSeeds.set(roomId, seed);
  try {
    localStorage.setItem(seedKey(roomId), seed);
  } catch {
    // Kept in memory above: the member still works until the page is reloaded.
  }
}

/**
 * Which member this device is in the room: a page reloaded while the room moved to another process
 * proves it is that member (with its key seed) to a process that does not know its secret [RS1].
 */
export function loadMemberId(roomId: string): string | undefined {
  try {
    return localStorage.getItem(memberKey(roomId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveMemberId(roomId: string, memberId: string): void {
  try {
    localStorage.setItem(memberKey(roomId), memberId);
  } catch {
    // The replica in memory still knows it until the page is reloaded.
  }
}
