/**
 * ISO week names ↔ day numbers, for windows such as `--week 2027-W03`.
 */
import { dayNumber } from '../dates.js';
import { isoWeekOfDay, mondayOf } from '../flow/iso-week.js';

const WEEK = /^(\d{4})-W(\d{2})$/;

/**
 * Day number of the Monday of an ISO week `YYYY-Www`, or undefined when there is no such week (2027-W53).
 * @example isoDate(mondayOfIsoWeek('2027-W03')!) === '2027-01-18'
 */
export function mondayOfIsoWeek(week: string): number | undefined {
  const m = WEEK.exec(week);
  if (!m) return undefined;
  const n = Number(m[2]);
  // Week 1 holds January 4th.
  const monday = mondayOf(dayNumber(`${m[1]}-01-04`)) + (n - 1) * 7;
  return n >= 1 && isoWeekOfDay(monday) === week ? monday : undefined;
}
