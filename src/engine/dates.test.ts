import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayNumber, isoDate, parseDayNumber, weekdayIndex, weekdayOf } from './dates.js';

describe('dates', () => {
  it('maps ISO dates to day numbers since 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2027-01-04')).toBe(20822);
    expect(dayNumber('2028-03-01') - dayNumber('2028-02-28')).toBe(2); // leap year
    expect(dayNumber('2027-03-01') - dayNumber('2027-02-28')).toBe(1);
  });

  it('formats day numbers back', () => {
    expect(isoDate(0)).toBe('1970-01-01');
    expect(isoDate(20822)).toBe('2027-01-04');
    expect(isoDate(-1)).toBe('1969-12-31');
    expect(isoDate(dayNumber('2000-02-29'))).toBe('2000-02-29');
  });

  it('rejects malformed and impossible dates', () => {
    expect(parseDayNumber('2027-02-30')).toBeUndefined();
    expect(parseDayNumber('2027-1-4')).toBeUndefined();
    expect(parseDayNumber('2027-13-01')).toBeUndefined();
    expect(parseDayNumber('2100-02-29')).toBeUndefined();
    expect(() => dayNumber('soon')).toThrow(/not an ISO date/);
  });

  it('knows weekdays', () => {
    expect(weekdayOf(dayNumber('2027-01-04'))).toBe('mon');
    expect(weekdayOf(dayNumber('2027-01-10'))).toBe('sun');
    expect(weekdayOf(0)).toBe('thu');
    expect(weekdayIndex(-1)).toBe(3); // 1969-12-31 was a Wednesday
  });

  it('agrees with Date over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 150_000 }), (day) => {
        const viaDate = new Date(day * 86_400_000);
        expect(isoDate(day)).toBe(viaDate.toISOString().slice(0, 10));
        expect(weekdayIndex(day)).toBe(viaDate.getUTCDay());
        expect(dayNumber(isoDate(day))).toBe(day);
      }),
    );
  });
});
