/**
 * Walk-forward backtest of estimate calibration: how well would the estimates, as given and calibrated, have
 * predicted the work that actually finished?
 *
 * Entries are taken in finish order (ties by id). Each entry is predicted twice:
 * - uncalibrated: its own estimate's quantiles (P50 and P85 of the estimate's distribution; a fixed estimate's P50 =
 *   P85 = the estimate);
 * - calibrated: estimate expected value × the P50 and P85 of the ratio distribution learned only from entries that
 *   finished strictly before it (same group rule as the forecast: see groups.ts).
 * Entries with fewer than `minTraining` (default 8) earlier entries are the warm-up: not scored by either method, so
 * both are scored on exactly the same entries.
 *
 * Scores: coverage of P50 (share of entries whose actual <= predicted P50; ideal 0.5) and of P85 (ideal 0.85), and
 * the median absolute log error of the P50 (|ln(actual / P50)|; 0.1 is about 10% off).
 */
import type { Estimate } from '../../model/program.js';
import { pertQuantiles } from '../random.js';
import { lognormalFit, normalQuantile, TABLE_SIZE, triangularQuantiles } from '../forecast/sampling.js';
import { MIN_GROUP_ENTRIES, quantileSorted } from './groups.js';
import type { CalibrationSample } from './samples.js';

export type MethodScore = { coverageP50: number; coverageP85: number; medianAbsLogError: number };

export type BacktestEntry = {
  id: string;
  finished: string;
  actualDays: number;
  uncalibrated: { p50: number; p85: number };
  calibrated: { p50: number; p85: number; group: string };
};

export type CalibrationBacktest = {
  /** Entries scored. */
  entries: number;
  /** Entries not scored because fewer than `minTraining` entries finished before them. */
  warmUp: number;
  uncalibrated: MethodScore;
  calibrated: MethodScore;
  details: BacktestEntry[];
};

export type BacktestOptions = { minTraining?: number; minEntries?: number };

/**
 * The quantile at level p in (0, 1) of an estimate's distribution as the forecast samples it (PERT with lambda 4,
 * triangular, or the lognormal with low and high as its 5th and 95th percentiles); a fixed estimate is its likely.
 * Example: estimateQuantile({low: 3, likely: 3, high: 3, dist: 'fixed'}, 0.85) is 3.
 */
export function estimateQuantile(estimate: Estimate, p: number): number {
  const { low, likely, high, dist } = estimate;
  if (!(high > low) || dist === 'fixed') return likely;
  if (dist === 'lognormal') {
    const { mu, sigma } = lognormalFit(low, high);
    return Math.exp(mu + sigma * normalQuantile(p));
  }
  const m = (likely - low) / (high - low);
  const table = dist === 'pert' ? pertQuantiles(0, m, 1, 4, TABLE_SIZE) : triangularQuantiles(m, TABLE_SIZE);
  return low + (high - low) * quantileSorted(table, p);
}

const EPS = 1e-9;

/** The walk-forward backtest of `samples` (any order; see the module comment). */
export function backtestCalibration(samples: readonly CalibrationSample[], options: BacktestOptions = {}): CalibrationBacktest {
  const minTraining = options.minTraining ?? MIN_GROUP_ENTRIES;
  const sorted = [...samples].sort((a, b) => (a.finished < b.finished ? -1 : a.finished > b.finished ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const details: BacktestEntry[] = [];
  const known = ratioIndex(options.minEntries ?? MIN_GROUP_ENTRIES);
  let warmUp = 0;
  let before = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i];
    while (before < i && sorted[before].finished < s.finished) known.add(sorted[before++]);
    if (before < minTraining) {
      warmUp++;
      continue;
    }
    const g = known.groupFor(s.workstream, s.type);
    details.push({
      id: s.id,
      finished: s.finished,
      actualDays: s.actualDays,
      uncalibrated: { p50: estimateQuantile(s.estimate, 0.5), p85: estimateQuantile(s.estimate, 0.85) },
      calibrated: {
        p50: s.estimateDays * quantileSorted(g.ratios, 0.5),
        p85: s.estimateDays * quantileSorted(g.ratios, 0.85),
        group: g.label,
      },
    });
  }
  return {
    entries: details.length,
    warmUp,
    uncalibrated: score(details, (d) => d.uncalibrated),
    calibrated: score(details, (d) => d.calibrated),
    details,
  };
}

/**
 * The ratios seen so far, kept sorted per group as they arrive (binary insertion), so that the walk forward costs
 * O(n) per entry rather than a rebuild of every distribution. Same groups and fallback rule as groups.ts
 * (buildCalibration + groupFor); a test checks they agree.
 */
type RatioIndex = {
  add(s: CalibrationSample): void;
  /** The sorted ratios an entry with this workstream and type is predicted with, and the group's label. */
  groupFor(workstream: string | undefined, type: string | undefined): { ratios: number[]; label: string };
};

function ratioIndex(minEntries: number): RatioIndex {
  const groups = new Map<string, number[]>();
  const overall: number[] = [];
  const push = (key: string, ratio: number): void => {
    let r = groups.get(key);
    if (!r) groups.set(key, (r = []));
    insertSorted(r, ratio);
  };
  const pick = (key: string): number[] | undefined => {
    const r = groups.get(key);
    return r && r.length >= minEntries ? r : undefined;
  };
  return {
    add(s) {
      insertSorted(overall, s.ratio);
      if (s.workstream !== undefined && s.type !== undefined) push(`wt\u0000${s.workstream}\u0000${s.type}`, s.ratio);
      if (s.workstream !== undefined) push(`w\u0000${s.workstream}`, s.ratio);
      if (s.type !== undefined) push(`t\u0000${s.type}`, s.ratio);
    },
    groupFor(workstream, type) {
      let r: number[] | undefined;
      if (workstream !== undefined && type !== undefined && (r = pick(`wt\u0000${workstream}\u0000${type}`))) return { ratios: r, label: `${workstream}/${type}` };
      if (workstream !== undefined && (r = pick(`w\u0000${workstream}`))) return { ratios: r, label: workstream };
      if (type !== undefined && (r = pick(`t\u0000${type}`))) return { ratios: r, label: type };
      return { ratios: overall, label: 'overall' };
    },
  };
}

function insertSorted(a: number[], x: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  a.splice(lo, 0, x);
}

function score(details: readonly BacktestEntry[], pick: (d: BacktestEntry) => { p50: number; p85: number }): MethodScore {
  if (details.length === 0) return { coverageP50: NaN, coverageP85: NaN, medianAbsLogError: NaN };
  let c50 = 0;
  let c85 = 0;
  const errors: number[] = [];
  for (const d of details) {
    const q = pick(d);
    if (d.actualDays <= q.p50 * (1 + EPS)) c50++;
    if (d.actualDays <= q.p85 * (1 + EPS)) c85++;
    errors.push(Math.abs(Math.log(d.actualDays / q.p50)));
  }
  errors.sort((a, b) => a - b);
  return { coverageP50: c50 / details.length, coverageP85: c85 / details.length, medianAbsLogError: quantileSorted(errors, 0.5) };
}
