import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCalendar, createUnionCalendar, mergeRanges, nonWorkingRanges } from './calendar.js';
import { dayNumber, isoDate, weekdayOf } from './dates.js';
import type { Weekday } from '../model/program.js';

const WEEK: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

describe('working calendar', () => {
  const cal = createCalendar({ workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-01-06', '2027-01-18'] }, '2027-01-02');

  it('anchors offset 0 on the first working day on or after the start', () => {
    expect(isoDate(cal.originDay)).toBe('2027-01-04'); // the start is a Saturday
    expect(cal.dateAt(0)).toBe('2027-01-04');
    expect(cal.offsetOf('2027-01-02')).toBe(0);
  });

  it('skips weekends and holidays both ways', () => {
    expect(cal.dateAt(1)).toBe('2027-01-05');
    expect(cal.dateAt(2)).toBe('2027-01-07'); // the 6th is a holiday
    expect(cal.dateAt(4)).toBe('2027-01-11');
    expect(cal.offsetOf('2027-01-06')).toBe(2);
    expect(cal.offsetOf('2027-01-09')).toBe(4);
    expect(cal.dateAt(-1)).toBe('2027-01-01');
    expect(cal.offsetOf('2026-12-31')).toBe(-2);
    expect(cal.offsetOf('2026-12-26')).toBe(-5); // a Saturday: the next working day is Monday the 28th
  });

  it('maps fractional offsets to the day that contains them', () => {
    expect(cal.dateAt(0.5)).toBe('2027-01-04');
    expect(cal.dateAt(1.999)).toBe('2027-01-05');
    expect(cal.dateAt(-0.5)).toBe('2027-01-01');
  });

  it('grows far in both directions', () => {
    const k = cal.offsetOf('2040-06-05');
    expect(cal.dateAt(k)).toBe('2040-06-05');
    const back = cal.offsetOf('2001-03-05');
    expect(cal.dateAt(back)).toBe('2001-03-05');
  });

  it('turns inclusive date ranges into working-day offset ranges', () => {
    // Thu 7th..Tue 12th covers working days 2 (Thu), 3 (Fri), 4 (Mon), 5 (Tue).
    expect(Array.from(cal.offsetRanges([{ from: '2027-01-07', to: '2027-01-12' }]))).toEqual([2, 6]);
    // A weekend alone covers no working day; touching ranges merge.
    expect(Array.from(cal.offsetRanges([{ from: '2027-01-09', to: '2027-01-10' }]))).toEqual([]);
    expect(
      Array.from(
        cal.offsetRanges([
          { from: '2027-01-11', to: '2027-01-11' },
          { from: '2027-01-04', to: '2027-01-05' },
          { from: '2027-01-07', to: '2027-01-08' },
        ]),
      ),
    ).toEqual([0, 5]);
  });

  it('supports other work weeks', () => {
    const sunThu = createCalendar({ workdays: ['sun', 'mon', 'tue', 'wed', 'thu'], holidays: [] }, '2027-01-08');
    expect(isoDate(sunThu.originDay)).toBe('2027-01-10'); // Friday start -> Sunday
    expect(sunThu.dateAt(5)).toBe('2027-01-17');
  });

  it('refuses a week without working days', () => {
    expect(() => createCalendar({ workdays: [], holidays: [] }, '2027-01-04')).toThrow(/working weekday/);
  });

  it('unions calendars and finds one program\'s pauses on the union axis', () => {
    const a = { workdays: WEEK.slice(1, 6), holidays: ['2027-01-05'] };
    const b = { workdays: WEEK.slice(0, 5), holidays: [] };
    const axis = createUnionCalendar([a, b], '2027-01-03');
    expect(axis.dateAt(0)).toBe('2027-01-03'); // Sunday: b works
    expect(axis.dateAt(5)).toBe('2027-01-08'); // Friday: a works
    expect(axis.dateAt(6)).toBe('2027-01-10'); // no one works Saturday
    const ownA = createCalendar(a, '2027-01-03');
    // a pauses on Sunday 3rd (0), Tuesday 5th (2), Sunday 10th (6).
    expect(Array.from(nonWorkingRanges(axis, ownA, 0, 7))).toEqual([0, 1, 2, 3, 6, 7]);
  });

  it('agrees with a day-by-day count (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray(WEEK, { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 15 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: -40, max: 150 }),
        (workdays, holidayDays, startShift, probe) => {
          const base = dayNumber('2027-01-01');
          const holidays = holidayDays.map((d) => isoDate(base + d));
          const c = createCalendar({ workdays, holidays }, isoDate(base + startShift));
          const working = (day: number): boolean => workdays.includes(weekdayOf(day)) && !holidays.includes(isoDate(day));
          let origin = base + startShift;
          while (!working(origin)) origin++;
          expect(c.originDay).toBe(origin);
          const day = base + probe;
          let count = 0;
          if (day >= origin) for (let x = origin; x < day; x++) count += working(x) ? 1 : 0;
          else for (let x = day; x < origin; x++) count -= working(x) ? 1 : 0;
          expect(c.offsetOnOrAfter(day)).toBe(count);
          if (working(day)) expect(c.dayAt(count)).toBe(day);
          expect(working(c.dayAt(count))).toBe(true);
        },
      ),
    );
  });

  it('merges ranges', () => {
    expect(Array.from(mergeRanges([[5, 7], [1, 3], [3, 4], [6, 9], [10, 10]]))).toEqual([1, 4, 5, 9]);
  });
});
