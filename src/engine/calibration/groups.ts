/**
 * Estimate calibration, step 2: the distribution of actual/estimate ratios, overall and by group, and which group an
 * item's duration is calibrated with.
 *
 * Groups: by workstream and type, by workstream, by type. Shrinkage rule: a group with fewer than `minEntries`
 * samples (default 8) is too small to trust on its own and falls back to the next coarser level that has enough:
 * workstream+type, else workstream, else type, else the overall distribution. (A full fallback rather than a blend:
 * simple to explain, and an item never gets a distribution built from a handful of points.)
 *
 * Quantiles are empirical with linear interpolation between order statistics (Hyndman & Fan type 7, as R and numpy
 * do by default).
 */
import type { CalibrationSample } from './samples.js';

/** Groups with fewer samples than this use a coarser group (the default shrinkage rule). */
export const MIN_GROUP_ENTRIES = 8;

/** A ratio distribution: count, quantiles and the log-scale moments; `sorted` holds the ratios ascending. */
export type RatioDistribution = {
  count: number;
  p15: number;
  p50: number;
  p85: number;
  mean: number;
  /** Mean and standard deviation of ln(ratio) (the geometric mean is exp(meanLog)). */
  meanLog: number;
  sdLog: number;
  min: number;
  max: number;
  sorted: Float64Array;
};

export type GroupLevel = 'workstream+type' | 'workstream' | 'type' | 'overall';

export type RatioGroup = {
  level: GroupLevel;
  workstream?: string;
  type?: string;
  /** This group's own distribution (maybe from few samples). */
  distribution: RatioDistribution;
  /** True when it has at least the minimum and is used as it is; false when its items use a coarser group. */
  trusted: boolean;
};

export type Calibration = {
  minEntries: number;
  overall: RatioDistribution;
  /** Every group with at least one sample: workstream+type, then workstream, then type; each sorted by name. */
  groups: RatioGroup[];
};

/**
 * The empirical quantile at level p in [0, 1] of an ascending array (type 7). Example: quantileSorted([1, 2, 3, 4], 0.5) is 2.5.
 * NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const i = Math.floor(h);
  return i + 1 < n ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[n - 1];
}

/** The distribution of a list of positive ratios. Example: ratioDistribution([1, 2, 4]) has p50 2 and meanLog ln 2. */
export function ratioDistribution(ratios: readonly number[]): RatioDistribution {
  const sorted = Float64Array.from(ratios).sort();
  const n = sorted.length;
  let sum = 0;
  let sumLog = 0;
  for (const r of sorted) {
    sum += r;
    sumLog += Math.log(r);
  }
  const meanLog = n > 0 ? sumLog / n : NaN;
  let ss = 0;
  for (const r of sorted) ss += (Math.log(r) - meanLog) ** 2;
  return {
    count: n,
    p15: quantileSorted(sorted, 0.15),
    p50: quantileSorted(sorted, 0.5),
    p85: quantileSorted(sorted, 0.85),
    mean: n > 0 ? sum / n : NaN,
    meanLog,
    sdLog: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    min: n > 0 ? sorted[0] : NaN,
    max: n > 0 ? sorted[n - 1] : NaN,
    sorted,
  };
}

const SEP = '\u0000';

/** Builds the overall and per-group ratio distributions of `samples` (see the module comment for the rule). */
export function buildCalibration(samples: readonly CalibrationSample[], minEntries = MIN_GROUP_ENTRIES): Calibration {
  const buckets = new Map<string, { level: GroupLevel; workstream?: string; type?: string; ratios: number[] }>();
  const add = (level: GroupLevel, workstream: string | undefined, type: string | undefined, ratio: number): void => {
    const key = `${level}${SEP}${workstream ?? ''}${SEP}${type ?? ''}`;
    let b = buckets.get(key);
    if (!b) {
      b = { level, ...(workstream !== undefined ? { workstream } : {}), ...(type !== undefined ? { type } : {}), ratios: [] };
      buckets.set(key, b);
    }
    b.ratios.push(ratio);
  };
  for (const s of samples) {
    if (s.workstream !== undefined && s.type !== undefined) add('workstream+type', s.workstream, s.type, s.ratio);
    if (s.workstream !== undefined) add('workstream', s.workstream, undefined, s.ratio);
    if (s.type !== undefined) add('type', undefined, s.type, s.ratio);
  }
  const order: GroupLevel[] = ['workstream+type', 'workstream', 'type'];
  const groups = [...buckets.values()]
    .sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || cmp(a.workstream, b.workstream) || cmp(a.type, b.type))
    .map((b): RatioGroup => {
      const distribution = ratioDistribution(b.ratios);
      return {
        level: b.level,
        ...(b.workstream !== undefined ? { workstream: b.workstream } : {}),
        ...(b.type !== undefined ? { type: b.type } : {}),
        distribution,
        trusted: distribution.count >= minEntries,
      };
    });
  return { minEntries, overall: ratioDistribution(samples.map((s) => s.ratio)), groups };
}

function cmp(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

/** The group used for the overall distribution (level 'overall'). */
export function overallGroup(calibration: Calibration): RatioGroup {
  return { level: 'overall', distribution: calibration.overall, trusted: true };
}

/**
 * The distribution an item with this workstream and type is calibrated with: workstream+type when that group is
 * trusted, else workstream, else type, else overall. Items of a program have no type: pass undefined.
 */
export function groupFor(calibration: Calibration, workstream: string | undefined, type: string | undefined): RatioGroup {
  const find = (level: GroupLevel, ws: string | undefined, ty: string | undefined): RatioGroup | undefined =>
    calibration.groups.find((g) => g.trusted && g.level === level && g.workstream === ws && g.type === ty);
  return (
    (workstream !== undefined && type !== undefined ? find('workstream+type', workstream, type) : undefined) ??
    (workstream !== undefined ? find('workstream', workstream, undefined) : undefined) ??
    (type !== undefined ? find('type', undefined, type) : undefined) ??
    overallGroup(calibration)
  );
}

/** "workstream payments, type bug", "workstream payments", "all history". */
export function groupLabel(g: Pick<RatioGroup, 'level' | 'workstream' | 'type'>): string {
  if (g.level === 'overall') return 'all history';
  const parts: string[] = [];
  if (g.workstream !== undefined) parts.push(`workstream ${g.workstream}`);
  if (g.type !== undefined) parts.push(`type ${g.type}`);
  return parts.join(', ');
}
