/**
 * `vantage calibration FILE --format json`.
 *
 * Shape (ratios are actual / estimate; days are working days):
 * {calibration: {name, today, historyEntries, entries, skipped: {noEstimate, zeroEstimate, notFinished}, minEntries,
 *                overall: Distribution, groups: [{level, workstream?, type?, trusted, ...Distribution}]},
 *  backtest?: {entries, warmUp, uncalibrated: {coverageP50, coverageP85, medianAbsLogError}, calibrated: {...},
 *              details?: [{id, finished, actualDays, uncalibrated: {p50, p85}, calibrated: {p50, p85, group}}]}}
 * Distribution: {count, p15, p50, p85, mean, meanLog, sdLog, min, max}. Numbers are rounded to 4 decimals.
 */
import type { CalibrationBacktest } from '../../engine/calibration/backtest.js';
import type { Calibration, RatioDistribution, RatioGroup } from '../../engine/calibration/groups.js';
import type { CalibrationSample, SkippedEntries } from '../../engine/calibration/samples.js';

/** What the calibration command renders. */
export type CalibrationView = {
  name: string;
  today: string;
  historyEntries: number;
  samples: CalibrationSample[];
  skipped: SkippedEntries;
  calibration: Calibration;
  backtest?: CalibrationBacktest;
  /** List every backtest entry. */
  details: boolean;
};

/** x rounded to 4 decimals (null for NaN, which JSON cannot hold). */
export function round4(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null;
}

export function distributionJson(d: RatioDistribution): Record<string, number | null> {
  return {
    count: d.count,
    p15: round4(d.p15),
    p50: round4(d.p50),
    p85: round4(d.p85),
    mean: round4(d.mean),
    meanLog: round4(d.meanLog),
    sdLog: round4(d.sdLog),
    min: round4(d.min),
    max: round4(d.max),
  };
}

export function groupJson(g: RatioGroup): Record<string, unknown> {
  return {
    level: g.level,
    ...(g.workstream !== undefined ? { workstream: g.workstream } : {}),
    ...(g.type !== undefined ? { type: g.type } : {}),
    trusted: g.trusted,
    ...distributionJson(g.distribution),
  };
}

export function backtestJson(b: CalibrationBacktest, details: boolean): Record<string, unknown> {
  const score = (s: CalibrationBacktest['calibrated']) => ({
    coverageP50: round4(s.coverageP50),
    coverageP85: round4(s.coverageP85),
    medianAbsLogError: round4(s.medianAbsLogError),
  });
  return {
    entries: b.entries,
    warmUp: b.warmUp,
    uncalibrated: score(b.uncalibrated),
    calibrated: score(b.calibrated),
    ...(details
      ? {
          details: b.details.map((d) => ({
            id: d.id,
            finished: d.finished,
            actualDays: round4(d.actualDays),
            uncalibrated: { p50: round4(d.uncalibrated.p50), p85: round4(d.uncalibrated.p85) },
            calibrated: { p50: round4(d.calibrated.p50), p85: round4(d.calibrated.p85), group: d.calibrated.group },
          })),
        }
      : {}),
  };
}

export function renderCalibrationJson(v: CalibrationView): string {
  const out: Record<string, unknown> = {
    calibration: {
      name: v.name,
      today: v.today,
      historyEntries: v.historyEntries,
      entries: v.samples.length,
      skipped: v.skipped,
      minEntries: v.calibration.minEntries,
      overall: distributionJson(v.calibration.overall),
      groups: v.calibration.groups.map(groupJson),
    },
    ...(v.backtest ? { backtest: backtestJson(v.backtest, v.details) } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
