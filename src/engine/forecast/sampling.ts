/**
 * Duration sampling for the Monte Carlo forecast: each item's estimate turned once into flat parameters, so that a
 * trial draws a duration with one uniform and a few arithmetic operations, without branches on the distribution and
 * without allocating.
 *
 * Distributions (all in working days):
 * - fixed (or low = high): always `likely` (still one uniform drawn, so the stream's use depends on the plan only).
 * - pert: beta-PERT with lambda 4 on [low, high], mode `likely` (mean (low + 4·likely + high) / 6).
 * - triangular: on [low, high] with mode `likely` (mean (low + likely + high) / 3).
 * - lognormal: exp(mu + sigma·Z) with low and high as its 5th and 95th percentiles: mu = (ln low + ln high) / 2,
 *   sigma = (ln high - ln low) / (2 · 1.6449). `likely` does not enter (a lognormal's mode follows from the two); the
 *   right tail is unbounded, which is the point of choosing it. A low of 0 (or less) is read as high / 20. Z comes
 *   from inverting the normal CDF at the uniform.
 *
 * pert and triangular are drawn by inverse transform from a tabulated quantile function of the standard shape on
 * [0, 1] (TABLE_SIZE points, linear interpolation: off by well under 0.1% of the range except in the outermost 1/1024
 * of probability), shared by every item of the same distribution whose mode sits at the same relative position. When a
 * plan has more than MAX_EXACT_SHAPES distinct positions, they are rounded to 1/1024 of the range (a negligible change)
 * so the tables stay small.
 */
import { NODE_DONE, NODE_MILESTONE, DIST_LOGNORMAL, DIST_PERT, DIST_TRIANGULAR, type Network } from '../network.js';
import { pertQuantiles } from '../random.js';

/** Sampler kinds (SampleParams.kind). */
export const SAMPLE_TABLE = 0;
export const SAMPLE_LOGNORMAL = 1;

/** Points per tabulated quantile function (1,024 cells). */
export const TABLE_SIZE = 1025;
/** Beyond this many distinct shapes, shapes are rounded to 1/1024 of the range. */
const MAX_EXACT_SHAPES = 256;
/** z of the 95th percentile of the standard normal. */
const Z95 = 1.6448536269514722;

/**
 * Per node j: SAMPLE_TABLE: duration = a[j] + b[j] · Q(u), Q the table at offset table[j] of `tables` (a constant:
 * b[j] = 0). SAMPLE_LOGNORMAL: duration = exp(a[j] + b[j] · z(u)).
 */
export type SampleParams = {
  kind: Uint8Array;
  a: Float64Array;
  b: Float64Array;
  table: Int32Array;
  /** Concatenated standard quantile tables of TABLE_SIZE points each (at least one). */
  tables: Float64Array;
};

/**
 * The sampling parameters of every node of a network. Done nodes and milestones get a constant (they are not
 * sampled); doing nodes sample their remaining estimate; an item without an estimate is a constant 0.
 */
export function sampleParams(net: Network): SampleParams {
  const n = net.n;
  const kind = new Uint8Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const table = new Int32Array(n);
  const { status, estDist, estLow, estLikely, estHigh } = net;
  const tabulated = (j: number): boolean =>
    status[j] !== NODE_DONE && status[j] !== NODE_MILESTONE && estHigh[j] > estLow[j] && (estDist[j] === DIST_PERT || estDist[j] === DIST_TRIANGULAR);
  const position = (j: number): number => (estLikely[j] - estLow[j]) / (estHigh[j] - estLow[j]);
  // Distinct shapes: the distribution and the relative position of the mode, as one number (m is in [0, 1]).
  const shapes = new Set<number>();
  for (let j = 0; j < n; j++) if (tabulated(j)) shapes.add(estDist[j] * 4 + position(j));
  const coarse = shapes.size > MAX_EXACT_SHAPES;
  const keyOf = (j: number): { dist: number; m: number; key: number } => {
    const m = coarse ? Math.round(position(j) * 1024) / 1024 : position(j);
    return { dist: estDist[j], m, key: estDist[j] * 4 + m };
  };
  const offsets = new Map<number, number>();
  const pending: { dist: number; m: number }[] = [];
  for (let j = 0; j < n; j++) {
    if (!tabulated(j)) continue;
    const k = keyOf(j);
    if (offsets.has(k.key)) continue;
    offsets.set(k.key, pending.length * TABLE_SIZE);
    pending.push(k);
  }
  const tables = new Float64Array(Math.max(1, pending.length) * TABLE_SIZE);
  pending.forEach((k, i) => {
    tables.set(k.dist === DIST_PERT ? pertQuantiles(0, k.m, 1, 4, TABLE_SIZE) : triangularQuantiles(k.m, TABLE_SIZE), i * TABLE_SIZE);
  });

  for (let j = 0; j < n; j++) {
    const st = status[j];
    const low = estLow[j];
    const high = estHigh[j];
    kind[j] = SAMPLE_TABLE;
    if (st === NODE_DONE || st === NODE_MILESTONE || !(high > low)) {
      a[j] = net.duration[j];
    } else if (tabulated(j)) {
      a[j] = low;
      b[j] = high - low;
      table[j] = offsets.get(keyOf(j).key)!;
    } else if (estDist[j] === DIST_LOGNORMAL) {
      const fit = lognormalFit(low, high);
      kind[j] = SAMPLE_LOGNORMAL;
      a[j] = fit.mu;
      b[j] = fit.sigma;
    } else {
      a[j] = net.duration[j];
    }
  }
  return { kind, a, b, table, tables };
}

/**
 * The triangular distribution's quantile function on [0, 1] with mode m, at `size` evenly spaced levels.
 * Example: triangularQuantiles(0.5, 3) is [0, 0.5, 1].
 */
export function triangularQuantiles(m: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const u = i / (size - 1);
    out[i] = u <= m ? Math.sqrt(u * m) : 1 - Math.sqrt((1 - u) * (1 - m));
  }
  return out;
}

/** One duration for node j from a uniform u in (0, 1) (inverse transform). */
export function sampleDuration(sp: SampleParams, j: number, u: number): number {
  if (sp.kind[j] === SAMPLE_LOGNORMAL) return Math.exp(sp.a[j] + sp.b[j] * normalQuantile(u));
  const pos = u * (TABLE_SIZE - 1);
  const i = pos | 0;
  const at = sp.table[j] + i;
  const q = sp.tables[at];
  return sp.a[j] + sp.b[j] * (q + (pos - i) * (sp.tables[at + 1] - q));
}

/**
 * The lognormal whose 5th and 95th percentiles are `low` and `high` (low <= 0 is read as high / 20).
 * Example: lognormalFit(2, 8) has median 4 (= sqrt(2 · 8)).
 */
export function lognormalFit(low: number, high: number): { mu: number; sigma: number } {
  const a = low > 0 ? low : high / 20;
  const la = Math.log(a);
  const lb = Math.log(high);
  return { mu: (la + lb) / 2, sigma: Math.max(0, (lb - la) / (2 * Z95)) };
}

/**
 * The standard normal quantile function (P. J. Acklam's rational approximation, relative error below 1.2e-9) for
 * p in (0, 1); -Infinity / Infinity at 0 / 1.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0)) return -Infinity;
  if (!(p < 1)) return Infinity;
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  if (p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q) / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
}

const A1 = -3.969683028665376e1;
const A2 = 2.209460984245205e2;
const A3 = -2.759285104469687e2;
const A4 = 1.38357751867269e2;
const A5 = -3.066479806614716e1;
const A6 = 2.506628277459239;
const B1 = -5.447609879822406e1;
const B2 = 1.615858368580409e2;
const B3 = -1.556989798598866e2;
const B4 = 6.680131188771972e1;
const B5 = -1.328068155288572e1;
const C1 = -7.784894002430293e-3;
const C2 = -3.223964580411365e-1;
const C3 = -2.400758277161838;
const C4 = -2.549732989789872;
const C5 = 4.374664141464968;
const C6 = 2.938163982698783;
const D1 = 7.784695709041462e-3;
const D2 = 3.224671290700398e-1;
const D3 = 2.445134137142996;
const D4 = 3.754408661907416;
