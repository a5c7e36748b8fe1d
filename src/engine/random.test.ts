import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, drawFromTable, pertQuantiles, rngFromState, type Rng } from './random.js';

const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};
const quantile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(p * (s.length - 1))];
};

describe('xoshiro128**', () => {
  it('matches the reference C implementation from state (1, 2, 3, 4)', () => {
    const r = rngFromState(1, 2, 3, 4);
    expect(draw(8, r.uint32)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('refuses the all-zero state and bad seeds', () => {
    expect(() => rngFromState(0, 0, 0, 0)).toThrow(RangeError);
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
    expect(() => createRng(1, -1)).toThrow(RangeError);
  });
});

describe('createRng', () => {
  it('gives the same sequence for the same seed and stream, and different ones otherwise', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().map((s) => Math.trunc(s / 2)), fc.nat(), (seed, stream) => {
        const a = draw(16, createRng(seed, stream).uint32);
        expect(draw(16, createRng(seed, stream).uint32)).toEqual(a);
        expect(draw(16, createRng(seed, stream + 1).uint32)).not.toEqual(a);
        expect(draw(16, createRng(seed + 1, stream).uint32)).not.toEqual(a);
      }),
    );
  });

  it('uses the high bits of a seed (seeds 2^32 apart differ)', () => {
    expect(draw(4, createRng(7).uint32)).not.toEqual(draw(4, createRng(7 + 2 ** 32).uint32));
    expect(draw(4, createRng(-1).uint32)).not.toEqual(draw(4, createRng(2 ** 32 - 1).uint32));
  });

  it('keeps floats in [0, 1) and ints in [0, n)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 2 ** 32 }), (seed, n) => {
        const r = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const f = r.float();
          expect(f >= 0 && f < 1).toBe(true);
          const k = r.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
  });

  it('gives consecutive streams that are uncorrelated and uniform', () => {
    // Many short streams side by side, as a Monte Carlo with one stream per trial uses them.
    const first = Array.from({ length: 20000 }, (_, k) => createRng(42, k).float());
    const second = Array.from({ length: 20000 }, (_, k) => createRng(42, k + 1).float());
    expect(mean(first)).toBeCloseTo(0.5, 2);
    const m1 = mean(first);
    const m2 = mean(second);
    let cov = 0;
    for (let i = 0; i < first.length; i++) cov += (first[i] - m1) * (second[i] - m2);
    const corr = cov / first.length / Math.sqrt(variance(first) * variance(second));
    expect(Math.abs(corr)).toBeLessThan(0.03); // about 4 standard errors at n = 20,000
  });

  it('draws int(n) uniformly (chi-square)', () => {
    const r = createRng(7);
    const n = 10;
    const counts = new Array<number>(n).fill(0);
    const draws = 100000;
    for (let i = 0; i < draws; i++) counts[r.int(n)]++;
    const e = draws / n;
    const chi2 = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(27.9); // 9 degrees of freedom, p = 0.001
  });
});

describe('samplers match analytic moments and quantiles (fixed seed, n = 100,000)', () => {
  const n = 100000;
  const rng = (): Rng => createRng(2027);

  it('normal: mean 0, variance 1, 97.5% quantile 1.96', () => {
    const r = rng();
    const xs = draw(n, r.normal);
    expect(mean(xs)).toBeCloseTo(0, 1);
    expect(variance(xs)).toBeCloseTo(1, 1);
    expect(quantile(xs, 0.975)).toBeCloseTo(1.96, 1);
  });

  it('gamma: mean k and variance k for shapes below and above 1', () => {
    const r = rng();
    for (const k of [0.4, 1, 3.5, 20]) {
      const xs = draw(n, () => r.gamma(k));
      expect(Math.abs(mean(xs) - k)).toBeLessThan(0.02 * k + 0.01);
      expect(Math.abs(variance(xs) - k)).toBeLessThan(0.05 * k + 0.01);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    }
  });

  it('beta: mean a/(a+b)', () => {
    const r = rng();
    const xs = draw(n, () => r.beta(2, 5));
    expect(mean(xs)).toBeCloseTo(2 / 7, 2);
  });

  it('pert: mean (low + 4 likely + high)/6 within [low, high]; degenerate gives low', () => {
    const r = rng();
    const xs = draw(n, () => r.pert(3, 5, 12));
    expect(mean(xs)).toBeCloseTo((3 + 20 + 12) / 6, 1);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...xs)).toBeLessThanOrEqual(12);
    expect(r.pert(4, 4, 4)).toBe(4);
  });

  it('triangular: the analytic median and mean', () => {
    const r = rng();
    const [a, c, b] = [2, 3, 10];
    const xs = draw(n, () => r.triangular(a, c, b));
    // c < (a+b)/2, so the median is b - sqrt((b-a)(b-c)/2).
    expect(quantile(xs, 0.5)).toBeCloseTo(b - Math.sqrt(((b - a) * (b - c)) / 2), 1);
    expect(mean(xs)).toBeCloseTo((a + b + c) / 3, 1);
    expect(r.triangular(5, 5, 5)).toBe(5);
  });

  it('lognormal: median e^mu, mean e^(mu + sigma^2/2)', () => {
    const r = rng();
    const xs = draw(n, () => r.lognormal(1, 0.5));
    expect(quantile(xs, 0.5)).toBeCloseTo(Math.E, 1);
    expect(mean(xs)).toBeCloseTo(Math.exp(1 + 0.125), 1);
    expect(r.lognormal(0, 0)).toBe(1);
  });
});

describe('tabulated PERT (fast inverse-transform sampling)', () => {
  it('agrees with the gamma-based sampler and the analytic mean', () => {
    const table = pertQuantiles(3, 5, 12);
    expect(table[0]).toBe(3);
    expect(table[table.length - 1]).toBe(12);
    for (let i = 1; i < table.length; i++) expect(table[i]).toBeGreaterThanOrEqual(table[i - 1]);
    const r = createRng(5);
    const fast = draw(100000, () => drawFromTable(r, table));
    const slow = draw(100000, () => r.pert(3, 5, 12));
    expect(mean(fast)).toBeCloseTo((3 + 20 + 12) / 6, 1);
    for (const p of [0.05, 0.5, 0.85, 0.95]) expect(Math.abs(quantile(fast, p) - quantile(slow, p))).toBeLessThan(0.06);
  });

  it('matches the exact median of a symmetric PERT and handles degenerate and skewed ranges', () => {
    expect(pertQuantiles(2, 6, 10)[512]).toBeCloseTo(6, 6); // symmetric: the middle level is the mode
    expect(Array.from(new Set(pertQuantiles(4, 4, 4)))).toEqual([4]);
    const skewed = pertQuantiles(0, 0, 10); // beta(1, 5): CDF 1 − (1 − x)^5, median 1 − 0.5^(1/5)
    expect(skewed[512] / 10).toBeCloseTo(1 - Math.pow(0.5, 1 / 5), 4);
    expect(() => pertQuantiles(1, 2, 3, 4, 1)).toThrow(RangeError);
  });
});
