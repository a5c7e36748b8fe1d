/**
 * ISO dates <-> integer day numbers (days since 1970-01-01, UTC), and weekdays. Pure arithmetic: no clock, no time zone.
 *
 * Day numbers make calendar arithmetic exact and cheap: `dayNumber('2027-01-04') + 7` is the next Monday.
 */
import type { IsoDate, Weekday } from '../model/program.js';

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Weekday names indexed by `weekdayIndex` (0 = Sunday, as Date#getUTCDay). */
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * The day number of an ISO date `YYYY-MM-DD` (1970-01-01 is 0, earlier dates are negative), or undefined when the
 * text is not a real calendar date (`2027-02-30`, `2027-1-4`).
 */
export function parseDayNumber(iso: string): number | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const ms = Date.UTC(y, mo - 1, d);
  const day = ms / MS_PER_DAY;
  // Date.UTC rolls 2027-02-30 over to March: reject it by formatting back.
  if (isoDate(day) !== iso) return undefined;
  return day;
}

/** The day number of an ISO date; throws on malformed input (a bug: dates are validated by the loader). */
export function dayNumber(iso: IsoDate): number {
  const day = parseDayNumber(iso);
  if (day === undefined) throw new Error(`not an ISO date: '${iso}'`);
  return day;
}

/**
 * The ISO date `YYYY-MM-DD` of a day number (integer). Civil-from-days arithmetic (H. Hinnant), so it is cheap enough
 * to call for every item of a large schedule.
 */
export function isoDate(day: number): IsoDate {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** 0 = Sunday .. 6 = Saturday (1970-01-01, day 0, was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The weekday name (`mon`..`sun`) of a day number. */
export function weekdayOf(day: number): Weekday {
  return WEEKDAYS[weekdayIndex(day)];
}
