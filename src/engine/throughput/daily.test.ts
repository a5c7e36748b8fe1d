import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../model/program.js';
import { dailyThroughput, finishedSpan } from './daily.js';
import { dayNumber, isoDate } from './days.js';

const done = (id: string, finished?: string): HistoryEntry => ({ id, ...(finished ? { finished } : {}) });

describe('dailyThroughput', () => {
  const history = [
    done('A', '2027-01-04'),
    done('B', '2027-01-04'),
    done('C', '2027-01-06'),
    done('D'), // not finished: not throughput
    done('E', '2027-01-03'), // before the range
    done('F', '2027-01-08'), // after the range
    done('G', '2027-01-09'), // a Saturday counts like any day (calendar days)
  ];

  it('counts finished items per calendar day over an inclusive range', () => {
    const s = dailyThroughput(history, '2027-01-04', '2027-01-07');
    expect(Array.from(s.counts)).toEqual([2, 0, 1, 0]);
    expect(isoDate(s.start)).toBe('2027-01-04');
  });

  it('counts weekends as ordinary days and gives an empty series for an empty range', () => {
    expect(Array.from(dailyThroughput(history, '2027-01-08', '2027-01-10').counts)).toEqual([1, 1, 0]);
    expect(dailyThroughput(history, '2027-01-05', '2027-01-04').counts.length).toBe(0);
  });

  it('finds the first and last finished dates', () => {
    expect(finishedSpan(history)).toEqual({ first: '2027-01-03', last: '2027-01-09' });
    expect(finishedSpan([done('X')])).toBeUndefined();
  });
});

describe('day numbers', () => {
  it('round-trips dates across month, year and leap-day boundaries', () => {
    for (const d of ['1970-01-01', '2024-02-29', '2024-03-01', '2026-12-31', '2027-01-01']) expect(isoDate(dayNumber(d))).toBe(d);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(() => dayNumber('2027-1-1')).toThrow(RangeError);
  });
});
