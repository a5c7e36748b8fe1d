import { describe, expect, it } from 'vitest';
import {
  dateProblem,
  durationProblem,
  estimateOrderProblem,
  isDepRef,
  isId,
  isIsoDate,
  parseDepRef,
  parseDuration,
  parseEstimate,
} from './units.js';

describe('durations (working days)', () => {
  it.each([
    [5, 5],
    [0.5, 0.5],
    ['4h', 0.5],
    ['3d', 3],
    ['2w', 10],
    ['1.5w', 7.5],
    ['12', 12],
    ['0', 0],
    ['2W', 10],
  ])('%s is %s days', (written, days) => {
    expect(parseDuration(written)).toBe(days);
  });

  it.each([['3x'], ['five'], [-1], ['-2d'], [NaN], [Infinity], [true], [null], ['']])('%s is not a duration', (written) => {
    expect(parseDuration(written)).toBeUndefined();
  });

  it('says why a duration is bad', () => {
    expect(durationProblem('3x')).toEqual({ kind: 'unknown-unit', unit: 'x' });
    expect(durationProblem('2 weeks')).toEqual({ kind: 'unknown-unit', unit: 'weeks' });
    expect(durationProblem('-2d')).toEqual({ kind: 'negative' });
    expect(durationProblem('soon')).toEqual({ kind: 'not-a-duration' });
    expect(durationProblem('2w')).toBeUndefined();
  });
});

describe('estimates', () => {
  it('a duration is a fixed estimate', () => {
    expect(parseEstimate('2w')).toEqual({ low: 10, likely: 10, high: 10, dist: 'fixed' });
  });

  it('three points take units each and default to pert', () => {
    expect(parseEstimate({ low: '4h', likely: 1, high: '1w' })).toEqual({ low: 0.5, likely: 1, high: 5, dist: 'pert' });
    expect(parseEstimate({ low: 1, likely: 2, high: 3, dist: 'lognormal' })?.dist).toBe('lognormal');
  });

  it('rejects a bad point or distribution', () => {
    expect(parseEstimate({ low: 1, likely: '2x', high: 3 })).toBeUndefined();
    expect(parseEstimate({ low: 1, likely: 2, high: 3, dist: 'normal' })).toBeUndefined();
    expect(parseEstimate({ low: 1, high: 3 })).toBeUndefined();
  });

  it('checks the order of the points after units', () => {
    expect(estimateOrderProblem({ low: 5, likely: 4, high: 3, dist: 'pert' })).toBe('low-above-high');
    expect(estimateOrderProblem({ low: 1, likely: 10, high: 5, dist: 'pert' })).toBe('likely-outside');
    expect(estimateOrderProblem(parseEstimate({ low: '1d', likely: '8h', high: '1w' })!)).toBeUndefined();
  });
});

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2027-01-04')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true); // leap year
    expect(isIsoDate('2000-02-29')).toBe(true); // divisible by 400
    expect(isIsoDate('1900-02-29')).toBe(false); // divisible by 100
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-02-30')).toBe(false);
    expect(isIsoDate('2027-04-31')).toBe(false);
    expect(isIsoDate('2027-1-5')).toBe(false);
    expect(isIsoDate('2027-01-05T00:00')).toBe(false);
  });

  it('says why a date is bad', () => {
    expect(dateProblem('2027-02-30')).toEqual({ kind: 'day', day: 30, month: 'February', year: 2027, days: 28 });
    expect(dateProblem('2027-13-01')).toEqual({ kind: 'month', month: 13 });
    expect(dateProblem('next monday')).toEqual({ kind: 'format' });
  });
});

describe('ids and dependency references', () => {
  it('ids are [A-Za-z0-9._-]+', () => {
    expect(isId('PAY-1.a_b')).toBe(true);
    expect(isId('PAY 1')).toBe(false);
    expect(isId('')).toBe(false);
    expect(isId('a/b')).toBe(false);
  });

  it('a reference may name another program', () => {
    expect(parseDepRef('PAY-1')).toEqual({ id: 'PAY-1' });
    expect(parseDepRef('web/UI-2')).toEqual({ program: 'web', id: 'UI-2' });
    expect(isDepRef('web/UI/2')).toBe(false);
    expect(isDepRef('/UI-2')).toBe(false);
  });
});
