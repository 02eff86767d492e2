/**
 * Keeps the screen awake while a session runs, where the browser allows it (Screen Wake Lock
 * API). The browser drops the lock when the tab is hidden, so it is asked for again on return.
 * Returns a function that releases it for good.
 */
export function keepScreenAwake(): () => void {
  const wakeLock = (
    navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }
  ).wakeLock;
  if (!wakeLock) return () => {};
  let lock: { release(): Promise<void> } | null = null;
  let active = true;
  const acquire = () => {
    if (!active || document.visibilityState !== 'visible') return;
    wakeLock
      .request('screen')
      .then((l) => {
        if (active) lock = l;
        else void l.release();
      })
      .catch(() => {
        // Refused (battery saver, permissions policy): the session works without it.
      });
  };
  document.addEventListener('visibilitychange', acquire);
  acquire();
  return () => {
    active = false;
    document.removeEventListener('visibilitychange', acquire);
    void lock?.release().catch(() => {});
    lock = null;
  };
}
