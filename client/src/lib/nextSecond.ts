/**
 * How long until a countdown showing `remaining` ms (as formatRemaining shows it: whole seconds
 * rounded up, overtime once a whole second past zero) shows a different second [TM4]. The page
 * redraws then, rather than on every frame.
 *
 * msUntilShownChange(2_500) === 500; msUntilShownChange(3_000) === 1_000; msUntilShownChange(-1_200) === 800
 */
export function msUntilShownChange(remaining: number): number {
  if (remaining > 0) return remaining - (Math.ceil(remaining / 1000) - 1) * 1000;
  if (remaining > -1000) return remaining + 1000;
  return 1000 - (-remaining % 1000);
}
