/**
 * A soft chime and a short vibration when a phase reaches zero. Browsers only allow sound after a
 * user gesture, so the audio context is made on the first tap or key press and never before.
 */
let context: AudioContext | null = null;
let gestured = false;

function onGesture(): void {
  gestured = true;
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
  } catch {
    context = null;
  }
  window.removeEventListener('pointerdown', onGesture, true);
  window.removeEventListener('keydown', onGesture, true);
}

/** Starts listening for the first gesture; call once at startup. */
export function armChime(): void {
  if (gestured) return;
  window.addEventListener('pointerdown', onGesture, true);
  window.addEventListener('keydown', onGesture, true);
}

/** Plays two gentle tones (about a second) and vibrates where supported. Quiet before any gesture. */
export function chime(): void {
  if (gestured && 'vibrate' in navigator) {
    try {
      navigator.vibrate(200);
    } catch {
      // Some browsers refuse vibration; the chime is enough.
    }
  }
  if (context?.state !== 'running') return;
  const start = context.currentTime + 0.02;
  for (const [i, frequency] of [660, 880].entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    const t = start + i * 0.25;
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.12, t + 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.9);
    osc.connect(gain).connect(context.destination);
    osc.start(t);
    osc.stop(t + 0.95);
  }
}
