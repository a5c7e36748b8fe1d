/**
 * Working calendars: which days are worked, and working-day offsets <-> dates.
 *
 * A calendar is anchored at an origin: offset 0 is the first working day on or after the start date; offset k is the
 * k-th working day after it (k may be negative for days before the start, e.g. work already done). Offsets may be
 * fractional (half a day): offset 2.5 is the middle of working day 2, and `dateAt(2.5)` is that day's date.
 *
 * Lookups are O(1) on precomputed Int32Arrays that grow on demand, so a 100,000-item schedule converts its dates in a
 * few milliseconds. Pure: no clock, no I/O.
 */
import type { CalendarSpec, DateRange, IsoDate, Weekday } from '../model/program.js';
import { dayNumber, isoDate, weekdayIndex, WEEKDAYS } from './dates.js';

export type WorkCalendar = {
  /** Day number (see dates.ts) of working-day offset 0. */
  readonly originDay: number;
  /** True when `day` (a day number) is a working day. */
  isWorkingDay(day: number): boolean;
  /** Day number of the working day at integer offset `k` (any integer, negative included). */
  dayAt(k: number): number;
  /**
   * Offset of the first working day on or after `day`: for day >= origin, the number of working days in [origin, day).
   * So `offsetOnOrAfter(d + 1)` is the exclusive end offset of work whose last day is d.
   */
  offsetOnOrAfter(day: number): number;
  /** ISO date of the working day that contains `offset` (floor of a fractional offset). */
  dateAt(offset: number): IsoDate;
  /** Offset of the first working day on or after an ISO date. */
  offsetOf(date: IsoDate): number;
  /**
   * Working-day ranges covered by inclusive date ranges, as sorted, merged, half-open offset pairs
   * [from0, to0, from1, to1, ...]. A range with no working day in it contributes nothing.
   */
  offsetRanges(ranges: readonly DateRange[]): Int32Array;
};

const DEFAULT_WORKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/**
 * A calendar for one program: its workdays (default Monday to Friday) and holidays, anchored at `start`.
 * Throws when no weekday is a working day (the loader rejects such a file first).
 *
 * Example: with the default workdays, start 2027-01-04 (a Monday): `dateAt(5)` is 2027-01-11, `offsetOf('2027-01-09')`
 * (a Saturday) is 5.
 */
export function createCalendar(spec: Partial<CalendarSpec>, start: IsoDate): WorkCalendar {
  return createUnionCalendar([spec], start);
}

/**
 * A calendar whose working days are the days worked by at least one of `specs`: the shared time axis of a portfolio,
 * on which each program's own non-working days become pauses of its items.
 */
export function createUnionCalendar(specs: readonly Partial<CalendarSpec>[], start: IsoDate): WorkCalendar {
  const masks: number[] = [];
  const holidaySets: Set<number>[] = [];
  for (const spec of specs) {
    const workdays = spec.workdays ?? DEFAULT_WORKDAYS;
    let mask = 0;
    for (const w of workdays) mask |= 1 << WEEKDAYS.indexOf(w);
    masks.push(mask);
    holidaySets.push(new Set((spec.holidays ?? []).map(dayNumber)));
  }
  if (masks.every((m) => m === 0)) throw new Error('a calendar needs at least one working weekday');
  const isWorking = (day: number): boolean => {
    const bit = 1 << weekdayIndex(day);
    for (let i = 0; i < masks.length; i++) {
      if ((masks[i] & bit) !== 0 && !holidaySets[i].has(day)) return true;
    }
    return false;
  };
  return fromPredicate(isWorking, dayNumber(start));
}

function fromPredicate(isWorking: (day: number) => boolean, startDay: number): WorkCalendar {
  let origin = startDay;
  while (!isWorking(origin)) origin++;

  // Day window [dLo, dHi): before[day - dLo] = offsetOnOrAfter(day); the window always contains origin.
  // Offset window [oLo, oHi): days[k - oLo] = day number of working day k.
  let dLo = 0;
  let dHi = 0;
  let before = new Int32Array(0);
  let oLo = 0;
  let oHi = 0;
  let days = new Int32Array(0);

  const build = (lo: number, hi: number): void => {
    const span = hi - lo;
    const b = new Int32Array(span + 1);
    const at = origin - lo;
    b[at] = 0;
    for (let i = at; i < span; i++) b[i + 1] = b[i] + (isWorking(lo + i) ? 1 : 0);
    for (let i = at - 1; i >= 0; i--) b[i] = b[i + 1] - (isWorking(lo + i) ? 1 : 0);
    // b[span] is offsetOnOrAfter(hi), kept so that offsetOnOrAfter(hi - 1 + 1) needs no growth.
    const o0 = b[0];
    const o1 = b[span];
    const d = new Int32Array(o1 - o0);
    for (let i = 0; i < span; i++) if (isWorking(lo + i)) d[b[i] - o0] = lo + i;
    dLo = lo;
    dHi = hi;
    before = b;
    oLo = o0;
    oHi = o1;
    days = d;
  };
  build(origin - 512, origin + 4096);

  const growToDay = (day: number): void => {
    let lo = dLo;
    let hi = dHi;
    while (day < lo) lo -= hi - lo;
    while (day >= hi) hi += hi - lo;
    build(lo, hi);
  };
  const growToOffset = (k: number): void => {
    let lo = dLo;
    let hi = dHi;
    while (k < oLo || k >= oHi) {
      if (k < oLo) lo -= hi - lo;
      else hi += hi - lo;
      build(lo, hi);
    }
  };

  const offsetOnOrAfter = (day: number): number => {
    if (day < dLo || day > dHi) growToDay(day);
    return before[day - dLo];
  };
  const dayAt = (k: number): number => {
    if (k < oLo || k >= oHi) growToOffset(k);
    return days[k - oLo];
  };

  return {
    originDay: origin,
    isWorkingDay: isWorking,
    dayAt,
    offsetOnOrAfter,
    dateAt: (offset) => isoDate(dayAt(Math.floor(offset))),
    offsetOf: (date) => offsetOnOrAfter(dayNumber(date)),
    offsetRanges: (ranges) => {
      const pairs: [number, number][] = [];
      for (const r of ranges) {
        const from = offsetOnOrAfter(dayNumber(r.from));
        const to = offsetOnOrAfter(dayNumber(r.to) + 1);
        if (to > from) pairs.push([from, to]);
      }
      return mergeRanges(pairs);
    },
  };
}

/** Sorted, merged half-open ranges as a flat Int32Array [from0, to0, from1, to1, ...]. Touching ranges merge. */
export function mergeRanges(pairs: [number, number][]): Int32Array {
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [from, to] of pairs) {
    if (to <= from) continue;
    const n = out.length;
    if (n > 0 && from <= out[n - 1]) out[n - 1] = Math.max(out[n - 1], to);
    else out.push(from, to);
  }
  return Int32Array.from(out);
}

/** Merge two flat range arrays (see mergeRanges). */
export function unionRanges(a: Int32Array | null, b: Int32Array | null): Int32Array | null {
  if (!a || a.length === 0) return b && b.length > 0 ? b : null;
  if (!b || b.length === 0) return a;
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) pairs.push([a[i], a[i + 1]]);
  for (let i = 0; i < b.length; i += 2) pairs.push([b[i], b[i + 1]]);
  return mergeRanges(pairs);
}

/**
 * The offsets in [from, to) of `axis` that are not working days of `own`, as flat half-open ranges: the pauses of a
 * program's items on a portfolio's shared axis.
 */
export function nonWorkingRanges(axis: WorkCalendar, own: WorkCalendar, from: number, to: number): Int32Array {
  const out: number[] = [];
  let runStart = -1;
  for (let k = from; k < to; k++) {
    const off = !own.isWorkingDay(axis.dayAt(k));
    if (off && runStart < 0) runStart = k;
    if (!off && runStart >= 0) {
      out.push(runStart, k);
      runStart = -1;
    }
  }
  if (runStart >= 0) out.push(runStart, to);
  return Int32Array.from(out);
}
