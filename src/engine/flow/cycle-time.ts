/**
 * Cycle time, the flow-metrics convention: calendar days from start to finish, both counted (finished - started + 1),
 * so an item started and finished on the same day took 1 day.
 */
import { dayNumber } from '../dates.js';
import type { HistoryEntry, IsoDate } from '../../model/program.js';

/** Cycle time of one finished entry in calendar days, or undefined when it lacks a start or finish (or ends before it starts). */
export function cycleTimeDays(entry: Pick<HistoryEntry, 'started' | 'finished'>): number | undefined {
  if (!entry.started || !entry.finished) return undefined;
  const d = dayNumber(entry.finished) - dayNumber(entry.started);
  return d < 0 ? undefined : d + 1;
}

/** Age of an open item on `today` in calendar days (today - started + 1). Example: started 2027-01-04, today 2027-01-06 → 3. */
export function ageDays(started: IsoDate, today: IsoDate): number {
  return dayNumber(today) - dayNumber(started) + 1;
}

/**
 * The p-quantile (0..1) of values by the nearest-rank method on sorted values (the flow-metrics tools' convention:
 * "85% of items finished in N days or less"). Undefined for no values. Example: percentileNearestRank([1,2,3,4], 0.5) = 2.
 */
export function percentileNearestRank(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}
