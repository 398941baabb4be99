/** Exact time arithmetic on ISO 8601 instants: playbooks never read the clock. */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const instant = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not an ISO 8601 time`);
  return ms;
};

export const plusHours = (iso: string, hours: number): string =>
  new Date(instant(iso) + hours * HOUR_MS).toISOString();

export const plusDays = (iso: string, days: number): string => plusHours(iso, days * 24);

/** Calendar months back (UTC): `2026-03-31` minus 1 month is `2026-03-03` as JavaScript rolls over. */
export function minusMonths(iso: string, months: number): string {
  const date = new Date(instant(iso));
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString();
}

/** A contract day (YYYY-MM-DD) as the instant it starts (UTC); a full timestamp passes through. */
export const startOfDay = (day: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00.000Z` : new Date(instant(day)).toISOString();

/** Normalised form, so every due time a playbook emits looks the same. */
export const iso = (value: string): string => new Date(instant(value)).toISOString();

export const isBefore = (a: string, b: string): boolean => instant(a) < instant(b);

export const later = (a: string, b: string): string => iso(instant(a) >= instant(b) ? a : b);

/** Whole days from `from` to `to` (rounded down), for descriptions. */
export const daysBetween = (from: string, to: string): number =>
  Math.floor((instant(to) - instant(from)) / DAY_MS);

export const dayOf = (value: string): string => iso(value).slice(0, 10);
