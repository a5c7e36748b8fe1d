/**
 * Daily throughput: how many history items finished on each calendar day.
 *
 * Calendar days, not working days: this is the flow-metrics convention (ActionableAgile, Magennis' forecasters), and
 * it needs no calendar: weekends and holidays are simply days on which little finishes, and a bootstrap samples them in
 * proportion. Forecast horizons and "when" dates are therefore calendar days too.
 */
import type { HistoryEntry, IsoDate } from '../../model/program.js';
import { dayNumber } from './days.js';

/** Items finished per calendar day: `counts[i]` is the number finished on day number `start + i`. */
export type DailySeries = { start: number; counts: Int32Array };

/**
 * Counts finished items per day over the inclusive range [from, to]. Entries without `finished`, or finished outside
 * the range, are ignored. An empty range (to < from) gives an empty series.
 *
 * Example: entries finished 2027-01-04, 2027-01-04 and 2027-01-06, from 2027-01-04 to 2027-01-07 → counts [2, 0, 1, 0].
 */
export function dailyThroughput(history: readonly HistoryEntry[], from: IsoDate, to: IsoDate): DailySeries {
  const start = dayNumber(from);
  const length = Math.max(0, dayNumber(to) - start + 1);
  const counts = new Int32Array(length);
  for (const entry of history) {
    if (!entry.finished) continue;
    const i = dayNumber(entry.finished) - start;
    if (i >= 0 && i < length) counts[i]++;
  }
  return { start, counts };
}

/** The first and last finished dates in the history, or undefined when nothing has finished. */
export function finishedSpan(history: readonly HistoryEntry[]): { first: IsoDate; last: IsoDate } | undefined {
  let first: IsoDate | undefined;
  let last: IsoDate | undefined;
  for (const entry of history) {
    const f = entry.finished;
    if (!f) continue;
    if (first === undefined || f < first) first = f;
    if (last === undefined || f > last) last = f;
  }
  return first !== undefined && last !== undefined ? { first, last } : undefined;
}
