/**
 * ISO 8601 weeks: weeks start on Monday and belong to the year of their Thursday, so 2026-12-31 (a Thursday) is
 * 2026-W53, 2027-01-03 (a Sunday) is still 2026-W53 and 2027-01-04 (a Monday) is 2027-W01.
 */
import type { IsoDate } from '../../model/program.js';
import { dayNumber, isoDate, weekdayIndex } from '../dates.js';

/** Day number of the Monday of the ISO week holding `day` (a day number). */
export function mondayOf(day: number): number {
  return day - ((weekdayIndex(day) + 6) % 7);
}

/** The ISO week `YYYY-Www` of a day number. Example: isoWeekOfDay(dayNumber('2027-01-04')) = '2027-W01'. */
export function isoWeekOfDay(day: number): string {
  const thursday = mondayOf(day) + 3;
  const year = isoDate(thursday).slice(0, 4);
  const week = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week `YYYY-Www` of an ISO date. Example: isoWeek('2026-12-31') = '2026-W53'. */
export function isoWeek(date: IsoDate): string {
  return isoWeekOfDay(dayNumber(date));
}
