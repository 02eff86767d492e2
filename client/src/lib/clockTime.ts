/**
 * A moment as the time on a wall clock, in the device's own language and time zone: "18:45" where
 * the locale uses a 24-hour clock, "6:45 PM" where it uses 12 hours [GD4]. `locale` and `timeZone`
 * are for tests; the page leaves them to the browser.
 *
 * clockTime(Date.UTC(2025, 0, 1, 18, 45), { locale: 'en-GB', timeZone: 'UTC' }) === '18:45'
 */
export function clockTime(ms: number, { locale, timeZone }: { locale?: string; timeZone?: string } = {}): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(ms);
}

/** "3 min over plan" once the projection is a whole minute or more past the plan; null before [GD4]. */
export function overPlan(overMs: number): string | null {
  const minutes = Math.floor(overMs / 60_000);
  return minutes >= 1 ? `${minutes} min over plan` : null;
}
