/**
 * Units of the program file: durations, estimates and dates, as written and as resolved.
 *
 * - Durations are working days: a number (`5`, `0.5`) or a number with a unit: `4h` (1d = 8h), `3d`, `2w` (1w = 5d).
 * - Estimates are a duration (fixed) or three points `{low, likely, high, dist?}` with dist pert (default),
 *   triangular or lognormal; each point takes the duration forms.
 * - Dates are ISO `YYYY-MM-DD` and must exist on the calendar (2027-02-30 does not).
 *
 * Every parser returns undefined for a bad value; the matching `*Problem` function says why, for the message.
 */
import type { DistKind, Estimate } from './program.js';

export const HOURS_PER_DAY = 8;
export const DAYS_PER_WEEK = 5;

const UNIT_DAYS: Record<string, number> = { h: 1 / HOURS_PER_DAY, d: 1, w: DAYS_PER_WEEK };

const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]*)\s*$/;

export type DurationProblem =
  | { kind: 'unknown-unit'; unit: string }
  | { kind: 'negative' }
  | { kind: 'not-a-duration' };

/**
 * Working days of a duration as written: `5` -> 5, `0.5` -> 0.5, `4h` -> 0.5, `3d` -> 3, `2w` -> 10, `'5'` -> 5.
 * Negative numbers, NaN, infinities and unknown units give undefined.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const factor = unit === '' ? 1 : UNIT_DAYS[unit];
  if (factor === undefined) return undefined;
  return Number(m[1]) * factor;
}

/** Why `value` is not a duration, or undefined when it is one. */
export function durationProblem(value: unknown): DurationProblem | undefined {
  if (parseDuration(value) !== undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value < 0 ? { kind: 'negative' } : { kind: 'not-a-duration' };
  if (typeof value === 'string') {
    if (/^\s*-/.test(value)) return { kind: 'negative' };
    const m = DURATION.exec(value);
    if (m && m[2] !== '') return { kind: 'unknown-unit', unit: m[2] };
  }
  return { kind: 'not-a-duration' };
}

export const DIST_KINDS = ['pert', 'triangular', 'lognormal'] as const;

/** A three-point estimate as written in the file. */
export type ThreePointDoc = { low: unknown; likely: unknown; high: unknown; dist?: unknown };

/**
 * The resolved estimate: a duration gives a fixed estimate (low = likely = high, dist 'fixed'); three points keep
 * their dist (default pert). Undefined when any point is not a duration or the dist is unknown. Does not check
 * the order of the points: see `estimateOrderProblem`.
 */
export function parseEstimate(value: unknown): Estimate | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as ThreePointDoc; // a plain mapping from the parser; each field is checked below
    const low = parseDuration(v.low);
    const likely = parseDuration(v.likely);
    const high = parseDuration(v.high);
    if (low === undefined || likely === undefined || high === undefined) return undefined;
    const dist = v.dist === undefined || v.dist === null ? 'pert' : v.dist;
    if (!(DIST_KINDS as readonly unknown[]).includes(dist)) return undefined;
    return { low, likely, high, dist: dist as DistKind }; // checked against DIST_KINDS just above
  }
  const days = parseDuration(value);
  return days === undefined ? undefined : { low: days, likely: days, high: days, dist: 'fixed' };
}

/** 'low > high', 'likely outside low..high', or undefined when low <= likely <= high. */
export function estimateOrderProblem(e: Estimate): 'low-above-high' | 'likely-outside' | undefined {
  if (e.low > e.high) return 'low-above-high';
  if (e.likely < e.low || e.likely > e.high) return 'likely-outside';
  return undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** Days in a month of the proleptic Gregorian calendar (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export type DateProblem =
  | { kind: 'format' }
  | { kind: 'month'; month: number }
  | { kind: 'day'; day: number; month: string; year: number; days: number };

/** Why `value` is not an ISO date that exists, or undefined when it is one. */
export function dateProblem(value: unknown): DateProblem | undefined {
  if (typeof value !== 'string') return { kind: 'format' };
  const m = ISO_DATE.exec(value);
  if (!m) return { kind: 'format' };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return { kind: 'month', month };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return { kind: 'day', day, month: MONTHS[month - 1], year, days };
  return undefined;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 10) return false;
  return dateProblem(value) === undefined;
}

/** The date if valid, else undefined. */
export function parseDate(value: unknown): string | undefined {
  return isIsoDate(value) ? value : undefined;
}

const ID = /^[A-Za-z0-9._-]+$/;

/** Ids everywhere: `[A-Za-z0-9._-]+`. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** A dependency reference: a local id, or `<program-id>/<item-id>` for another program's item. */
export function parseDepRef(value: string): { program?: string; id: string } | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return ID.test(value) ? { id: value } : undefined;
  const program = value.slice(0, slash);
  const id = value.slice(slash + 1);
  return ID.test(program) && ID.test(id) ? { program, id } : undefined;
}

export function isDepRef(value: unknown): value is string {
  return typeof value === 'string' && parseDepRef(value) !== undefined;
}
