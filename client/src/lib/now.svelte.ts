import { createSubscriber } from 'svelte/reactivity';

/**
 * A local render tick: reading `deviceNow()` inside a template or effect re-runs it about every
 * 50 ms while the page is visible (animation frames), and once a second while hidden. Nothing
 * goes over the network; timers are data and this only decides when to redraw them.
 */
const subscribe = createSubscriber((update) => {
  let frame = 0;
  let timeout: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  const tick = () => {
    const t = Date.now();
    if (t - last >= 45) {
      last = t;
      update();
    }
    schedule();
  };
  const schedule = () => {
    if (document.visibilityState === 'visible') frame = requestAnimationFrame(tick);
    else timeout = setTimeout(tick, 1000);
  };
  const onVisibility = () => {
    cancelAnimationFrame(frame);
    if (timeout !== null) clearTimeout(timeout);
    tick();
  };
  document.addEventListener('visibilitychange', onVisibility);
  schedule();
  return () => {
    cancelAnimationFrame(frame);
    if (timeout !== null) clearTimeout(timeout);
    document.removeEventListener('visibilitychange', onVisibility);
  };
});

/** The device clock, reactively: use it to re-render remaining times. */
export function deviceNow(): number {
  subscribe();
  return Date.now();
}
