/**
 * A member's identity in a room is a secret held only on this device [RM5]. It lives in
 * localStorage under `holdspace.secret.<roomId>` so a phone that locks or reloads comes back as the
 * same member. Storage can be unavailable (private modes, blocked storage): every call tolerates it.
 */
const key = (roomId: string) => `holdspace.secret.${roomId}`;

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

/** Drops the secret once the room is gone: there is nothing left for it to open. */
export function forgetSecret(roomId: string): void {
  try {
    localStorage.removeItem(key(roomId));
  } catch {
    // Nothing to clean up.
  }
}
