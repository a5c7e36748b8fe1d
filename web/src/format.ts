/** Dates and figures as the cockpit shows them: ISO dates in, "8 Jan 2027" out, all in UTC (dates carry no zone). */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (`2026-11-25` → 20417). */
export function dayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The ISO date of a day number (inverse of dayOf). */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "8 Jan 2027" (or "8 Jan" with `short`). */
export function formatDate(iso: string, short = false): string {
  const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', timeZone: 'UTC', ...(short ? {} : { year: 'numeric' }) };
  return new Date(dayOf(iso) * DAY_MS).toLocaleDateString('en-GB', opts);
}

/** A probability as a whole percent: 0.8333 → "83%". */
export function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}

/** Confidence as its percentile label: 0.85 → "P85". */
export function pLabel(confidence: number): string {
  return `P${Math.round(confidence * 100)}`;
}
