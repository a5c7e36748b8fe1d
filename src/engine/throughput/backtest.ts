/**
 * Backtest of throughput forecasts on a team's own history: how often did the actual count reach the forecast?
 *
 * Cuts are placed every `everyDays` days, the first `windowDays` after the first day of the series, the last such that
 * its horizon ends on the last day. At each cut both methods forecast "how many items in the next `horizonDays` days"
 * from data before the cut only, and the actual count is compared: a "p sure" forecast is covered when
 * actual >= forecast. A well-calibrated method covers its P85 in about 85% of cuts and its P50 in about half.
 *
 * Cuts whose window has no finished item are skipped (neither method can forecast from nothing; counting them would
 * reward any method with free hits) and reported as `skipped`.
 *
 * The standard method is evaluated exactly (the bootstrap's distribution, i.e. the limit of infinitely many trials),
 * so the backtest is deterministic and needs no seed.
 */
import type { IsoDate } from '../../model/program.js';
import { runOnlineCalibration, type OriginKind } from './calibrated.js';
import type { DailySeries } from './daily.js';
import { isoDate } from './days.js';
import { bootstrapSumPmf, pmfCountReached } from './standard.js';

export type BacktestOptions = {
  windowDays: number;
  horizonDays: number;
  everyDays: number;
  /** Confidences evaluated besides 0.5, 0.85 and 0.95 (which always are). */
  levels: number[];
  /** Adaptive conformal learning rate of the calibrated method. */
  gamma: number;
  /**
   * Skip cuts whose window has no finished item (default true). With false they count, both methods forecasting 0
   * and scoring a free hit, as in the reference figures for the standard method.
   */
  skipEmptyWindows: boolean;
};

export const DEFAULT_BACKTEST: Readonly<BacktestOptions> = {
  windowDays: 84,
  horizonDays: 28,
  everyDays: 14,
  levels: [],
  gamma: 0.01,
  skipEmptyWindows: true,
};

export type LevelCoverage = {
  level: number;
  /** Share of cuts where actual >= forecast, 0..1. */
  share: number;
  /** Average forecast count (sharpness: higher is more useful at equal coverage). */
  meanCount: number;
  /** Average pinball (quantile) loss at quantile 1 − level: lower is better; rewards calibration and sharpness. */
  pinball: number;
  /** Share of cuts with a forecast of 0 although the window had throughput ("no promise"). */
  zeroShare: number;
};

export type MethodCoverage = {
  cuts: number;
  coverageP50: number;
  coverageP85: number;
  coverageP95: number;
  levels: LevelCoverage[];
};

export type BacktestCut = {
  /** First day of the forecast horizon (the forecast is made with data up to the day before). */
  date: IsoDate;
  windowItems: number;
  actual: number;
  /** Forecasts per level (same order as `levels`). */
  standard: number[];
  calibrated: number[];
  calibratedKind: OriginKind;
};

export type ThroughputBacktest = {
  windowDays: number;
  horizonDays: number;
  everyDays: number;
  gamma: number;
  levels: number[];
  from: IsoDate;
  to: IsoDate;
  /** Cuts skipped because their window had no finished item. */
  skipped: number;
  standard: MethodCoverage;
  calibrated: MethodCoverage;
  cuts: BacktestCut[];
};

/**
 * Runs the backtest over a daily series (see the module comment). A series too short for one cut
 * (length < windowDays + horizonDays) gives zero cuts and coverages of 0 (check `cuts`).
 */
export function backtestThroughput(series: DailySeries, options: Partial<BacktestOptions> = {}): ThroughputBacktest {
  const o = { ...DEFAULT_BACKTEST, ...options };
  const { windowDays: w, horizonDays: h, everyDays: every } = o;
  if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`everyDays must be a positive integer, not ${every}`);
  const levels = [...new Set([0.5, 0.85, 0.95, ...o.levels])].sort((a, b) => a - b);
  const counts = series.counts;
  const run = runOnlineCalibration(counts, h, levels, { windowDays: w, gamma: o.gamma });

  const cuts: BacktestCut[] = [];
  let skipped = 0;
  for (let c = w; c + h <= counts.length; c += every) {
    let windowItems = 0;
    for (let i = c - w; i < c; i++) windowItems += counts[i];
    let actual = 0;
    for (let i = c; i < c + h; i++) actual += counts[i];
    if (windowItems === 0) {
      if (o.skipEmptyWindows) skipped++;
      else {
        const zeros = levels.map(() => 0);
        cuts.push({ date: isoDate(series.start + c), windowItems, actual, standard: zeros, calibrated: zeros, calibratedKind: 'none' });
      }
      continue;
    }
    const pmf = bootstrapSumPmf(counts.subarray(c - w, c), h);
    const standard = levels.map((p) => pmfCountReached(pmf, p));
    const kind = run.kind(c);
    cuts.push({
      date: isoDate(series.start + c),
      windowItems,
      actual,
      standard,
      // Before the first past forecast resolves, the tool shows the standard answer (flagged): evaluate that.
      calibrated: kind === 'calibrated' ? levels.map((_, i) => run.counts[i][c - run.firstOrigin]) : standard,
      calibratedKind: kind,
    });
  }
  return {
    windowDays: w,
    horizonDays: h,
    everyDays: every,
    gamma: o.gamma,
    levels,
    from: isoDate(series.start),
    to: isoDate(series.start + counts.length - 1),
    skipped,
    standard: coverage(cuts, levels, (cut) => cut.standard),
    calibrated: coverage(cuts, levels, (cut) => cut.calibrated),
    cuts,
  };
}

function coverage(cuts: BacktestCut[], levels: number[], pick: (cut: BacktestCut) => number[]): MethodCoverage {
  const per = levels.map((level, i): LevelCoverage => {
    let hits = 0;
    let sum = 0;
    let loss = 0;
    let zeros = 0;
    for (const cut of cuts) {
      const q = pick(cut)[i];
      if (cut.actual >= q) hits++;
      if (q === 0 && cut.windowItems > 0) zeros++;
      sum += q;
      const tau = 1 - level;
      loss += (cut.actual - q) * (tau - (cut.actual < q ? 1 : 0));
    }
    const n = Math.max(1, cuts.length);
    return { level, share: hits / n, meanCount: sum / n, pinball: loss / n, zeroShare: zeros / n };
  });
  const at = (p: number): number => per.find((l) => l.level === p)?.share ?? 0;
  return { cuts: cuts.length, coverageP50: at(0.5), coverageP85: at(0.85), coverageP95: at(0.95), levels: per };
}
