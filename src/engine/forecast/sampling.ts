/**
 * Duration sampling for the Monte Carlo forecast: each item's estimate turned once into flat parameters, so that a
 * trial draws a duration with one uniform and a few arithmetic operations (pert, triangular) and allocates nothing.
 *
 * Distributions (all in working days):
 * - fixed (or low = high): always `likely`.
 * - pert: beta-PERT with lambda 4 on [low, high], mode `likely` (mean (low + 4·likely + high) / 6). Drawn by inverse
 *   transform from a tabulated quantile function of the standard shape on [0, 1] (`pertQuantiles`, 1,025 points,
 *   linear interpolation), shared by every item whose mode sits at the same relative position. When a plan has more
 *   than MAX_EXACT_SHAPES distinct positions they are rounded to 1/1024 of the range (a negligible change) so the
 *   tables stay small.
 * - triangular: on [low, high] with mode `likely`, by its closed-form inverse CDF.
 * - lognormal: exp(mu + sigma·Z) with low and high as its 5th and 95th percentiles: mu = (ln low + ln high) / 2,
 *   sigma = (ln high - ln low) / (2 · 1.6449). `likely` does not enter (a lognormal's mode follows from the two); the
 *   right tail is unbounded, which is the point of choosing it. A low of 0 (or less) is read as high / 20.
 */
import { NODE_DONE, NODE_MILESTONE, DIST_LOGNORMAL, DIST_PERT, DIST_TRIANGULAR, type Network } from '../network.js';
import { pertQuantiles } from '../random.js';

/** Sampler kinds (SampleParams.kind). */
export const SAMPLE_CONST = 0;
export const SAMPLE_TABLE = 1;
export const SAMPLE_TRIANGULAR = 2;
export const SAMPLE_LOGNORMAL = 3;

/** Points per tabulated quantile function. */
export const TABLE_SIZE = 1025;
/** Beyond this many distinct PERT shapes, shapes are rounded to 1/1024 of the range. */
const MAX_EXACT_SHAPES = 256;
/** z of the 95th percentile of the standard normal. */
const Z95 = 1.6448536269514722;

/**
 * Per node, stride 4 in `p`:
 * - SAMPLE_CONST: [value, 0, 0, 0]
 * - SAMPLE_TABLE: [low, range, 0, 0], and `table[j]` the offset of its quantile table in `tables`
 * - SAMPLE_TRIANGULAR: [low, high, (likely - low) / range, range]
 * - SAMPLE_LOGNORMAL: [mu, sigma, 0, 0]
 */
export type SampleParams = {
  kind: Uint8Array;
  p: Float64Array;
  table: Int32Array;
  /** Concatenated standard quantile tables of TABLE_SIZE points each. */
  tables: Float64Array;
};

/**
 * The sampling parameters of every node of a network. Done nodes and milestones get a constant (they are not
 * sampled); doing nodes sample their remaining estimate; an item without an estimate is a constant 0.
 */
export function sampleParams(net: Network): SampleParams {
  const n = net.n;
  const kind = new Uint8Array(n);
  const p = new Float64Array(4 * n);
  const table = new Int32Array(n);
  const { status, estDist, estLow, estLikely, estHigh } = net;
  // Distinct PERT shapes first (the relative position of the mode).
  const shapes = new Map<number, number>();
  const position = (j: number): number => (estLikely[j] - estLow[j]) / (estHigh[j] - estLow[j]);
  for (let j = 0; j < n; j++) {
    if (status[j] === NODE_DONE || status[j] === NODE_MILESTONE) continue;
    if (estDist[j] === DIST_PERT && estHigh[j] > estLow[j]) shapes.set(position(j), 0);
  }
  const coarse = shapes.size > MAX_EXACT_SHAPES;
  const shapeKey = (m: number): number => (coarse ? Math.round(m * 1024) / 1024 : m);
  const keys = new Map<number, number>();
  for (const m of shapes.keys()) if (!keys.has(shapeKey(m))) keys.set(shapeKey(m), keys.size * TABLE_SIZE);
  const tables = new Float64Array(keys.size * TABLE_SIZE);
  for (const [m, offset] of keys) tables.set(pertQuantiles(0, m, 1, 4, TABLE_SIZE), offset);

  for (let j = 0; j < n; j++) {
    const o = 4 * j;
    const st = status[j];
    const low = estLow[j];
    const likely = estLikely[j];
    const high = estHigh[j];
    if (st === NODE_DONE || st === NODE_MILESTONE) {
      kind[j] = SAMPLE_CONST;
      p[o] = net.duration[j];
      continue;
    }
    const dist = estDist[j];
    if (!(high > low) || (dist !== DIST_PERT && dist !== DIST_TRIANGULAR && dist !== DIST_LOGNORMAL)) {
      kind[j] = SAMPLE_CONST;
      p[o] = net.duration[j];
    } else if (dist === DIST_PERT) {
      kind[j] = SAMPLE_TABLE;
      p[o] = low;
      p[o + 1] = high - low;
      table[j] = keys.get(shapeKey(position(j)))!;
    } else if (dist === DIST_TRIANGULAR) {
      kind[j] = SAMPLE_TRIANGULAR;
      p[o] = low;
      p[o + 1] = high;
      p[o + 2] = (likely - low) / (high - low);
      p[o + 3] = high - low;
    } else {
      const { mu, sigma } = lognormalFit(low, high);
      kind[j] = SAMPLE_LOGNORMAL;
      p[o] = mu;
      p[o + 1] = sigma;
    }
  }
  return { kind, p, table, tables };
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
 * One duration from a uniform u in (0, 1) (inverse transform), for node parameters at offset o = 4·j of `p`.
 * Pure arithmetic: the trial loops call it once per sampled node.
 */
export function sampleDuration(kind: number, p: Float64Array, tableOffset: number, tables: Float64Array, o: number, u: number): number {
  if (kind === SAMPLE_TABLE) {
    const pos = u * (TABLE_SIZE - 1);
    const i = pos | 0;
    const at = tableOffset + i;
    const a = tables[at];
    return p[o] + p[o + 1] * (a + (pos - i) * (tables[at + 1] - a));
  }
  if (kind === SAMPLE_TRIANGULAR) {
    const cut = p[o + 2];
    const range = p[o + 3];
    return u < cut ? p[o] + range * Math.sqrt(u * cut) : p[o + 1] - range * Math.sqrt((1 - u) * (1 - cut));
  }
  if (kind === SAMPLE_LOGNORMAL) return Math.exp(p[o] + p[o + 1] * normalQuantile(u));
  return p[o];
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
