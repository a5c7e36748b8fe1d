import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../random.js';
import { calibratedCount, runOnlineCalibration } from './calibrated.js';

const LEVELS = [0.5, 0.85, 0.95];

/** A synthetic daily series: each day a Poisson count with the given rate (Knuth's method, seeded). */
function poissonSeries(rates: number[], seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from(rates, (rate) => {
    const limit = Math.exp(-rate);
    let k = 0;
    for (let p = rng.float(); p > limit; p *= rng.float()) k++;
    return k;
  });
}

function dailyCoverage(series: Int32Array, h: number, w: number): number[] {
  const run = runOnlineCalibration(series, h, LEVELS, { windowDays: w });
  const hits = LEVELS.map(() => 0);
  let n = 0;
  for (let d = w; d + h <= series.length; d++) {
    if (run.kind(d) !== 'calibrated') continue;
    let actual = 0;
    for (let i = d; i < d + h; i++) actual += series[i];
    n++;
    LEVELS.forEach((_, i) => {
      if (actual >= run.counts[i][d - run.firstOrigin]) hits[i]++;
    });
  }
  return hits.map((x) => x / n);
}

describe('runOnlineCalibration', () => {
  it('promises nothing until the pool supports the confidence (hand-computed on a constant series)', () => {
    // One item a day, window 3 days, horizon 2 days: every point forecast is 2 and every score is ln(3/3) = 0.
    // Origin d (>= 3) has d - 4 resolved origins once d >= 5; P85 needs floor(0.15·(n + 1)) >= 1, i.e. n >= 6.
    // gamma 0 keeps β at 1 − p, so only the pool size matters.
    const series = new Int32Array(20).fill(1);
    const run = runOnlineCalibration(series, 2, LEVELS, { windowDays: 3, gamma: 0 });
    const at = (d: number): number[] => LEVELS.map((_, i) => run.counts[i][d - run.firstOrigin]);
    expect(run.kind(4)).toBe('uncalibrated');
    expect(at(4)).toEqual([0, 0, 0]);
    expect(run.kind(5)).toBe('calibrated');
    expect(at(5)).toEqual([2, 0, 0]); // n = 1: enough for P50 only
    expect(at(9)).toEqual([2, 0, 0]); // n = 5
    expect(at(10)).toEqual([2, 2, 0]); // n = 6: P85 now; P95 needs floor(0.05·(n + 1)) >= 1, i.e. n >= 19
    expect(run.poolSize[10 - run.firstOrigin]).toBe(6);
    expect(run.state.pool.length).toBe(20 - 2 - 3 + 1);
  });

  it('learns from misses: a collapse lowers the level (adaptive conformal), hits raise it again', () => {
    // Steady 2 a day, then nothing for 40 days, then steady again: the P85 level drops after the misses.
    const series = Int32Array.from([...new Array<number>(200).fill(2), ...new Array<number>(40).fill(0), ...new Array<number>(200).fill(2)]);
    const before = runOnlineCalibration(series, 7, [0.85], { windowDays: 28 }, 200).state.beta[0];
    const after = runOnlineCalibration(series, 7, [0.85], { windowDays: 28 }, 250).state.beta[0];
    const later = runOnlineCalibration(series, 7, [0.85], { windowDays: 28 }, 440).state.beta[0];
    expect(before).toBeGreaterThan(0.15); // only hits so far
    expect(after).toBeLessThan(before);
    expect(later).toBeGreaterThan(after);
  });

  it('gives no forecast at origins whose window saw no throughput', () => {
    const series = Int32Array.from([1, 1, 1, 0, 0, 0, 0, 1, 1, 1]);
    const run = runOnlineCalibration(series, 1, LEVELS, { windowDays: 3 });
    expect(run.kind(6)).toBe('none');
    expect(run.counts[0][6 - run.firstOrigin]).toBe(-1);
  });

  it('never looks ahead: changing the future does not change any earlier forecast (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5), { minLength: 40, maxLength: 120 }),
        fc.array(fc.nat(9), { minLength: 1, maxLength: 120 }),
        fc.nat(),
        fc.integer({ min: 1, max: 15 }),
        (base, replacement, cutSeed, h) => {
          const series = Int32Array.from(base);
          const cut = 10 + (cutSeed % (series.length - 10));
          const changed = series.slice();
          for (let i = cut; i < changed.length; i++) changed[i] = replacement[(i - cut) % replacement.length];
          const a = runOnlineCalibration(series, h, LEVELS, { windowDays: 10 });
          const b = runOnlineCalibration(changed, h, LEVELS, { windowDays: 10 });
          for (let d = 10; d <= cut; d++) {
            for (let i = 0; i < LEVELS.length; i++) expect(b.counts[i][d - 10]).toBe(a.counts[i][d - 10]);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('never promises more at a higher confidence (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(8), { minLength: 30, maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (xs, h) => {
        const run = runOnlineCalibration(xs, h, [0.95, 0.5, 0.7, 0.85], { windowDays: 14 });
        for (let s = 0; s < run.counts[0].length; s++) {
          const [p95, p50, p70, p85] = run.counts.map((c) => c[s]);
          expect(p50).toBeGreaterThanOrEqual(p70);
          expect(p70).toBeGreaterThanOrEqual(p85);
          expect(p85).toBeGreaterThanOrEqual(p95);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is calibrated on a steady team (Poisson, 2 items a day, 4 years)', () => {
    const series = poissonSeries(new Array<number>(1460).fill(2), 3);
    const [c50, c85, c95] = dailyCoverage(series, 28, 84);
    expect(c50).toBeGreaterThan(0.45);
    expect(c50).toBeLessThan(0.6);
    expect(c85).toBeGreaterThan(0.8);
    expect(c85).toBeLessThan(0.9);
    expect(c95).toBeGreaterThan(0.9);
  });

  it('stays calibrated when throughput drifts and jumps, where a fixed rule would not', () => {
    // Rate wanders between 0.5 and 4 items a day in regimes of 60-200 days.
    const rng = createRng(17);
    const rates: number[] = [];
    while (rates.length < 1800) {
      const rate = 0.5 + 3.5 * rng.float();
      const len = 60 + rng.int(140);
      for (let i = 0; i < len; i++) rates.push(rate);
    }
    const series = poissonSeries(rates.slice(0, 1800), 5);
    const [c50, c85] = dailyCoverage(series, 28, 84);
    expect(Math.abs(c50 - 0.5)).toBeLessThan(0.06);
    expect(Math.abs(c85 - 0.85)).toBeLessThan(0.04);
  });

  it('applies a state to a new point forecast', () => {
    const state = { levels: [0.5], beta: [0.5], pool: Float64Array.from([Math.log(0.5), 0, Math.log(2)]) };
    // k = floor(0.5·4) = 2 → score 0 → count = m.
    expect(calibratedCount(state, 0, 10)).toBe(10);
    expect(calibratedCount({ ...state, beta: [0.25] }, 0, 9)).toBe(4); // score ln 0.5: (9 + 1)·0.5 − 1
    expect(calibratedCount({ ...state, beta: [0] }, 0, 9)).toBe(0);
  });
});
