/** Pieces shared by the text and Markdown renderings of `vantage metrics`. */
import type { FlowMetrics } from '../../engine/flow/metrics.js';
import type { ForecastAccuracy } from '../../engine/flow/forecast-accuracy.js';

/** Weeks of throughput shown in text and Markdown (JSON has them all). */
export const SHOWN_WEEKS = 12;
/** Ageing rows shown in text and Markdown. */
export const SHOWN_AGEING = 15;

export const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** Mean items finished a week over the window's weeks, one decimal. */
export function meanPerWeek(m: FlowMetrics): string {
  if (m.throughput.length === 0) return '0';
  const total = m.throughput.reduce((s, w) => s + w.count, 0);
  return (total / m.throughput.length).toFixed(1);
}

/** "P50 5 · P85 14 · P95 30 days (120 items)" or a note when nothing finished. */
export function cycleTimeLine(m: FlowMetrics): string {
  const c = m.cycleTime;
  if (c.items === 0) return 'no items with a start and finish date finished in the window';
  return `P50 ${c.p50} · P85 ${c.p85} · P95 ${c.p95} days (${c.items} item${c.items === 1 ? '' : 's'})`;
}

/** One sentence on the latest burn-up point and its change over the last four points. */
export function burnupLine(m: FlowMetrics): string {
  const last = m.burnup[m.burnup.length - 1];
  if (!last) return 'no burn-up points';
  const back = m.burnup[Math.max(0, m.burnup.length - 5)];
  const weeks = m.burnup.length - 1 - Math.max(0, m.burnup.length - 5);
  const change = weeks > 0 ? ` (last ${weeks} week${weeks === 1 ? '' : 's'}: scope +${last.scope - back.scope}, done +${last.done - back.done})` : '';
  return `${last.done} of ${last.scope} done on ${last.date}${change}`;
}

/** One sentence summarising forecast accuracy. */
export function accuracyLine(a: ForecastAccuracy): string {
  if (a.snapshots === 0) return "no snapshots yet: take one each status update with 'vantage snapshot FILE' to score forecasts later";
  if (a.withForecast === 0) return `${a.snapshots} snapshot(s), none with a forecast`;
  if (a.hitRateP85 === null) return `${a.withForecast} snapshot(s) with a forecast; nothing they forecast has been reached yet`;
  const mean = a.meanErrorDays === null ? '' : `, mean error ${a.meanErrorDays > 0 ? '+' : ''}${a.meanErrorDays.toFixed(1)} days`;
  return `P85 held ${a.hits} of ${a.checks.length} times (${pct(a.hitRateP85)}; an honest P85 holds about 85%)${mean}`;
}
