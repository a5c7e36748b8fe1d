/**
 * Calendar-day arithmetic on ISO dates, for throughput work (which counts calendar days, as flow-metrics tools do).
 * A day number is the count of days since 1970-01-01 (UTC); no time zones are involved.
 */
import type { IsoDate } from '../../model/program.js';

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of an ISO date (`1970-01-01` is 0). Throws RangeError on a malformed date (a caller bug). */
export function dayNumber(date: IsoDate): number {
  const m = ISO.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

/** The ISO date of a day number. */
export function isoDate(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
