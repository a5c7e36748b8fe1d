import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bootstrapSumPmf,
  countReached,
  daysNeeded,
  pmfCountReached,
  simulateCounts,
  simulateDaysToFinish,
} from './standard.js';

describe('percentile conventions', () => {
  it('countReached: the largest count reached in at least p of the trials', () => {
    const sorted = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(countReached(sorted, 0.5)).toBe(6); // 6..10: 5 of 10 trials
    expect(countReached(sorted, 0.85)).toBe(2); // 2..10: 9 of 10 (3..10 is only 8)
    expect(countReached(sorted, 0.9)).toBe(2);
    expect(countReached(sorted, 1)).toBe(1);
  });

  it('daysNeeded: the smallest duration within which at least p of the trials finished', () => {
    const sorted = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(daysNeeded(sorted, 0.5)).toBe(5);
    expect(daysNeeded(sorted, 0.85)).toBe(9);
    expect(daysNeeded(sorted, 0.9)).toBe(9);
    expect(daysNeeded(sorted, 1)).toBe(10);
  });

  it('pmfCountReached on an exact distribution', () => {
    // Two days, each 0 or 1 with probability 1/2: totals 0, 1, 2 with 1/4, 1/2, 1/4.
    const pmf = bootstrapSumPmf([0, 1], 2);
    expect(Array.from(pmf)).toEqual([0.25, 0.5, 0.25]);
    expect(pmfCountReached(pmf, 0.25)).toBe(2);
    expect(pmfCountReached(pmf, 0.5)).toBe(1);
    expect(pmfCountReached(pmf, 0.75)).toBe(1);
    expect(pmfCountReached(pmf, 0.8)).toBe(0);
  });
});

describe('bootstrap Monte Carlo', () => {
  it('is exact on a constant window: one item a day gives h items in h days, N items in N days', () => {
    const window = new Array<number>(84).fill(1);
    expect(Array.from(new Set(simulateCounts(window, 28, 500, 7)))).toEqual([28]);
    expect(Array.from(new Set(simulateDaysToFinish(window, 40, 500, 7, 1000)))).toEqual([40]);
  });

  it('matches the exact distribution within sampling error', () => {
    const window = [0, 0, 1, 3, 0, 2, 1, 0, 0, 5, 1, 0, 2, 0];
    const pmf = bootstrapSumPmf(window, 28);
    const sims = simulateCounts(window, 28, 20000, 11);
    for (const p of [0.5, 0.85, 0.95]) {
      expect(Math.abs(countReached(sims, p) - pmfCountReached(pmf, p))).toBeLessThanOrEqual(1);
    }
    const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
    expect(mean).toBeCloseTo((28 * 15) / 14, 0);
  });

  it('gives the same trials for the same seed, and the same trials however they are split (threads)', () => {
    const window = [0, 1, 2, 0, 0, 4, 1];
    const whole = simulateCounts(window, 30, 1000, 99);
    expect(simulateCounts(window, 30, 1000, 99)).toEqual(whole);
    expect(simulateCounts(window, 30, 1000, 100)).not.toEqual(whole);
    const parts = [simulateCounts(window, 30, 400, 99, 0), simulateCounts(window, 30, 600, 99, 400)];
    expect(Int32Array.from([...parts[0], ...parts[1]]).sort()).toEqual(whole);
    const days = simulateDaysToFinish(window, 25, 1000, 5, 500);
    const split = [simulateDaysToFinish(window, 25, 300, 5, 500, 0), simulateDaysToFinish(window, 25, 700, 5, 500, 300)];
    expect(Int32Array.from([...split[0], ...split[1]]).sort()).toEqual(days);
  });

  it('reports "later than maxDays" when throughput is zero or too slow, and 0 days for nothing to do', () => {
    expect(Array.from(new Set(simulateDaysToFinish([0, 0, 0], 5, 10, 1, 100)))).toEqual([101]);
    expect(Array.from(new Set(simulateDaysToFinish([1], 500, 10, 1, 100)))).toEqual([101]);
    expect(Array.from(new Set(simulateDaysToFinish([1, 0], 0, 10, 1, 100)))).toEqual([0]);
  });

  it('orders percentiles the right way for both questions (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(6), { minLength: 1, maxLength: 60 }).filter((w) => w.some((x) => x > 0)),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer(),
        (window, h, items, seed) => {
          const counts = simulateCounts(window, h, 300, seed);
          const c = [0.5, 0.85, 0.95].map((p) => countReached(counts, p));
          expect(c[0]).toBeGreaterThanOrEqual(c[1]); // more confidence, fewer items promised
          expect(c[1]).toBeGreaterThanOrEqual(c[2]);
          const days = simulateDaysToFinish(window, items, 300, seed, 5000);
          const d = [0.5, 0.85, 0.95].map((p) => daysNeeded(days, p));
          expect(d[0]).toBeLessThanOrEqual(d[1]); // more confidence, later date
          expect(d[1]).toBeLessThanOrEqual(d[2]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
