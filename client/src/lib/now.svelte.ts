import { createSubscriber } from 'svelte/reactivity';

/** At least this often, whatever else asks: a page that shows no running countdown still updates. */
const HEARTBEAT_MS = 1000;

let update: (() => void) | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastTick = 0;
/** The earliest redraw asked for (device time), or Infinity. */
let wakeAt = Number.POSITIVE_INFINITY;

function schedule(): void {
  if (update === null) return;
  clearTimeout(timer);
  timer = setTimeout(tick, Math.max(0, Math.min(wakeAt, lastTick + HEARTBEAT_MS) - Date.now()));
}

function tick(): void {
  lastTick = Date.now();
  wakeAt = Number.POSITIVE_INFINITY;
  update?.();
  schedule();
}

function onVisibility(): void {
  if (document.visibilityState === 'visible') tick();
}

/**
 * A local render tick: reading `deviceNow()` inside a template or effect re-runs it when a
 * countdown's shown second changes (see `redrawIn`), and at least once a second; at once when the
 * page becomes visible again. Never on every animation frame: an idle room page then costs a phone
 * almost nothing. Nothing goes over the network; timers are data and this only decides when to
 * redraw them.
 */
const subscribe = createSubscriber((notify) => {
  update = notify;
  lastTick = Date.now();
  schedule();
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    clearTimeout(timer);
    update = null;
    document.removeEventListener('visibilitychange', onVisibility);
  };
});

/** The device clock, reactively: use it to re-render remaining times. */
export function deviceNow(): number {
  subscribe();
  return Date.now();
}

/** Asks for a redraw `ms` from now: when the countdown on screen will show another second. */
export function redrawIn(ms: number): void {
  const at = Date.now() + ms;
  if (at >= wakeAt) return;
  wakeAt = at;
  schedule();
}
