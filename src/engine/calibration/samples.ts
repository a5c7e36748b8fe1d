/**
 * Estimate calibration, step 1: from history entries to (estimate, actual) pairs and their ratios.
 *
 * - The estimate's expected value (working days): fixed: likely; pert: (low + 4·likely + high) / 6; triangular:
 *   (low + likely + high) / 3; lognormal (low, high its 5th and 95th percentiles, as the forecast samples it):
 *   exp(mu + sigma² / 2).
 * - The actual duration (working days): the working days of the program's calendar from `started` to `finished`,
 *   both days included (started and finished on the same working day is 1 day). History dates have day resolution,
 *   so an entry that took no working day at all (started and finished on a weekend) counts as 1 day too.
 * - ratio = actual / expected. Entries without an estimate, with a zero estimate, or without both dates (or finished
 *   before started) are skipped and counted by reason.
 */
import type { Estimate, HistoryEntry, IsoDate } from '../../model/program.js';
import type { WorkCalendar } from '../calendar.js';
import { dayNumber } from '../dates.js';
import { lognormalFit } from '../forecast/sampling.js';

/** One usable history entry: its estimate's expected value, its actual duration and their ratio. */
export type CalibrationSample = {
  id: string;
  /** When it finished (walk-forward order). */
  finished: IsoDate;
  /** The estimate's expected value, working days (> 0). */
  estimateDays: number;
  /** The estimate itself, for its own quantiles (the uncalibrated prediction). */
  estimate: Estimate;
  /** Actual duration, working days (>= 1 for calendar history; any positive number for effort data). */
  actualDays: number;
  /** actualDays / estimateDays. */
  ratio: number;
  workstream?: string;
  type?: string;
};

/** Why entries could not be used, by count. */
export type SkippedEntries = { noEstimate: number; zeroEstimate: number; notFinished: number };

/**
 * The expected value of an estimate in working days (see the module comment).
 * Example: expectedDays({low: 2, likely: 4, high: 12, dist: 'pert'}) is 5.
 */
export function expectedDays(estimate: Estimate): number {
  const { low, likely, high, dist } = estimate;
  if (!(high > low)) return likely;
  if (dist === 'pert') return (low + 4 * likely + high) / 6;
  if (dist === 'triangular') return (low + likely + high) / 3;
  if (dist === 'lognormal') {
    const { mu, sigma } = lognormalFit(low, high);
    return Math.exp(mu + (sigma * sigma) / 2);
  }
  return likely;
}

/**
 * Working days of `calendar` from `started` to `finished`, both included; at least 1.
 * Example: on a Monday-to-Friday calendar, Friday 2027-01-08 to Monday 2027-01-11 is 2 working days.
 */
export function actualWorkingDays(calendar: WorkCalendar, started: IsoDate, finished: IsoDate): number {
  const days = calendar.offsetOnOrAfter(dayNumber(finished) + 1) - calendar.offsetOnOrAfter(dayNumber(started));
  return Math.max(1, days);
}

/**
 * The usable entries of a history as calibration samples (in the history's order), and how many were skipped.
 * `calendar` is the program's working calendar (see createCalendar).
 */
export function calibrationSamples(history: readonly HistoryEntry[], calendar: WorkCalendar): { samples: CalibrationSample[]; skipped: SkippedEntries } {
  const samples: CalibrationSample[] = [];
  const skipped: SkippedEntries = { noEstimate: 0, zeroEstimate: 0, notFinished: 0 };
  for (const e of history) {
    if (!e.estimate) {
      skipped.noEstimate++;
      continue;
    }
    if (!e.started || !e.finished || e.finished < e.started) {
      skipped.notFinished++;
      continue;
    }
    const estimateDays = expectedDays(e.estimate);
    if (!(estimateDays > 0)) {
      skipped.zeroEstimate++;
      continue;
    }
    const actualDays = actualWorkingDays(calendar, e.started, e.finished);
    samples.push({
      id: e.id,
      finished: e.finished,
      estimateDays,
      estimate: e.estimate,
      actualDays,
      ratio: actualDays / estimateDays,
      ...(e.workstream !== undefined ? { workstream: e.workstream } : {}),
      ...(e.type !== undefined ? { type: e.type } : {}),
    });
  }
  return { samples, skipped };
}
