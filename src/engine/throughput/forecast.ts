/**
 * Throughput forecasts from history: "how many items by this date" and "when will these N items be done".
 *
 * Two answers side by side:
 * - `standard`: the flow-metrics bootstrap (standard.ts), Monte Carlo, seeded — what ActionableAgile-style tools say;
 * - `calibrated`: the self-calibrating forecast (calibrated.ts), backtested on the team's own history — the honest one,
 *   and the one to quote.
 *
 * Conventions: calendar days. `today` is the last day whose finishes are known; the forecast covers the days after it.
 * "How many by D" counts items finished on today+1 .. D. A "p sure" count is reached with probability at least p; a
 * "p sure" date is one by which the items are done with probability at least p. Items finished after `today` in the
 * history are ignored (this lets a forecast be replayed as of an earlier date).
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { HistoryEntry, IsoDate } from '../../model/program.js';
import { DEFAULT_CALIBRATION, calibratedCount, runOnlineCalibration } from './calibrated.js';
import { dailyThroughput, finishedSpan } from './daily.js';
import { dayNumber, isoDate } from './days.js';
import { countReached, daysNeeded, simulateCounts, simulateDaysToFinish } from './standard.js';

export type ThroughputQuestion = { kind: 'how-many'; by: IsoDate } | { kind: 'when'; items: number };

export type ThroughputForecastOptions = {
  /** The status date: the last day whose finished items are known. */
  today: IsoDate;
  question: ThroughputQuestion;
  /** Monte Carlo trials of the standard method (default 10,000). */
  trials?: number;
  /** Seed of the standard method (default 1). */
  seed?: number;
  /** Confidences in (0, 1) besides 0.5, 0.85 and 0.95, which are always given. */
  percentiles?: number[];
  /** Days of recent throughput (default 84). */
  windowDays?: number;
  /** Learning rate of the calibration (default 0.01). */
  gamma?: number;
  /** Give up on "when" beyond this many days (default 3650). */
  maxDays?: number;
};

export type ForecastPoint = {
  confidence: number;
  /** how-many: the count reached with at least this confidence. */
  count?: number;
  /** when: calendar days after today, and the date; absent when later than maxDays. */
  days?: number;
  date?: IsoDate;
};

export type MethodForecast = {
  points: ForecastPoint[];
  p50: number | IsoDate | null;
  p85: number | IsoDate | null;
  p95: number | IsoDate | null;
};

export type StandardForecast = MethodForecast & {
  method: 'bootstrap';
  trials: number;
  seed: number;
  /** Distribution of the trials: how-many → value is a count; when → value is days after today. */
  histogram: { value: number; share: number }[];
};

export type CalibratedForecast = MethodForecast & {
  method: 'online-conformal';
  gamma: number;
  /**
   * How the answer was calibrated: `calibrated` on past forecasts at the same horizon; `extrapolated` from the
   * longest horizon the history can check (the horizon is longer than the history allows); `standard` when the
   * history is too short to calibrate at all (the standard answer is repeated).
   */
  basis: 'calibrated' | 'extrapolated' | 'standard';
  /** Past forecasts whose outcome is known, behind the calibration (at `calibrationHorizonDays`). */
  origins: number;
  calibrationHorizonDays: number;
};

export type ThroughputForecast = {
  question: 'how-many' | 'when';
  today: IsoDate;
  by?: IsoDate;
  items?: number;
  horizonDays?: number;
  window: { from: IsoDate; to: IsoDate; days: number; items: number; perDay: number };
  standard: StandardForecast;
  calibrated: CalibratedForecast;
};

const DEFAULT_LEVELS = [0.5, 0.85, 0.95];

/**
 * Forecasts throughput from history (see the module comment). Returns diagnostics instead of a forecast when the
 * history cannot support one (nothing finished, or nothing finished in the window).
 *
 * Example: `forecastThroughput(history, {today: '2027-03-01', question: {kind: 'how-many', by: '2027-03-29'}})`
 * → `calibrated.p85` is the number of items finished on 2027-03-02 .. 2027-03-29 with at least 85% confidence.
 *
 * @throws RangeError for caller bugs: a `by` date not after today, items < 1, confidences outside (0, 1)
 */
export function forecastThroughput(
  history: readonly HistoryEntry[],
  options: ThroughputForecastOptions,
): { forecast?: ThroughputForecast; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const w = options.windowDays ?? DEFAULT_CALIBRATION.windowDays;
  const gamma = options.gamma ?? DEFAULT_CALIBRATION.gamma;
  const trials = options.trials ?? 10_000;
  const seed = options.seed ?? 1;
  const maxDays = options.maxDays ?? 3650;
  const levels = [...new Set([...DEFAULT_LEVELS, ...(options.percentiles ?? [])])].sort((a, b) => a - b);
  for (const p of levels) if (!(p > 0 && p < 1)) throw new RangeError(`confidences must be in (0, 1), not ${p}`);
  const q = options.question;
  if (q.kind === 'how-many' && !(q.by > options.today)) throw new RangeError(`by (${q.by}) must be after today (${options.today})`);
  if (q.kind === 'when' && !(Number.isInteger(q.items) && q.items >= 1)) throw new RangeError(`items must be a positive integer, not ${q.items}`);

  const today = dayNumber(options.today);
  const known = history.filter((e) => e.finished !== undefined && e.finished <= options.today);
  const future = history.length - known.length - history.filter((e) => e.finished === undefined).length;
  if (future > 0) {
    diagnostics.push({
      code: 'history-after-today',
      severity: 'warning',
      message: `${future} history item(s) finished after today (${options.today}) are ignored`,
    });
  }
  const span = finishedSpan(known);
  if (!span) {
    diagnostics.push({
      code: 'history-nothing-finished',
      severity: 'error',
      message: `no history item finished on or before ${options.today}; a throughput forecast needs finished work`,
      hint: 'add finished dates to history, or pass a later --today',
    });
    return { diagnostics };
  }
  // The series runs from the first finish (or one window before today, if later) to today.
  const start = Math.min(dayNumber(span.first), today - w + 1);
  const series = dailyThroughput(known, isoDate(start), options.today).counts;
  const windowCounts = series.subarray(series.length - w);
  const windowItems = windowCounts.reduce((a, b) => a + b, 0);
  const window = { from: isoDate(today - w + 1), to: options.today, days: w, items: windowItems, perDay: windowItems / w };
  if (windowItems === 0) {
    diagnostics.push({
      code: 'throughput-window-empty',
      severity: 'error',
      message: `nothing finished in the ${w} days from ${window.from} to ${window.to}; there is no throughput to forecast from`,
      hint: span.last < window.from ? `the history ends on ${span.last}; is it up to date?` : undefined,
    });
    return { diagnostics };
  }
  const staleDays = today - dayNumber(span.last);
  if (staleDays > 14) {
    diagnostics.push({
      code: 'history-stale',
      severity: 'warning',
      message: `the last history item finished on ${span.last}, ${staleDays} days before today; those days count as days when nothing finished`,
    });
  }

  const calibration = calibrator(series, levels, w, gamma);
  const uncalibrated: CalibrationAt = { counts: [], basis: 'standard', origins: 0, horizonDays: 0 };
  if (q.kind === 'how-many') {
    const h = dayNumber(q.by) - today;
    const sims = simulateCounts(windowCounts, h, trials, seed);
    const standardPoints = levels.map((p) => ({ confidence: p, count: countReached(sims, p) }));
    const cal = calibration.available ? calibration.at(h) : uncalibrated;
    const calibratedPoints = calibration.available
      ? levels.map((p, i) => ({ confidence: p, count: cal.counts[i] }))
      : standardPoints;
    warnThin(diagnostics, cal, w);
    return {
      forecast: {
        question: 'how-many',
        today: options.today,
        by: q.by,
        horizonDays: h,
        window,
        standard: { method: 'bootstrap', trials, seed, ...named(standardPoints, (pt) => pt.count ?? null), histogram: histogram(sims) },
        calibrated: {
          method: 'online-conformal',
          gamma,
          basis: cal.basis,
          origins: cal.origins,
          calibrationHorizonDays: cal.horizonDays,
          ...named(calibratedPoints, (pt) => pt.count ?? null),
        },
      },
      diagnostics,
    };
  }

  const sims = simulateDaysToFinish(windowCounts, q.items, trials, seed, maxDays);
  const dayPoint = (p: number, d: number | undefined): ForecastPoint =>
    d === undefined || d > maxDays ? { confidence: p } : { confidence: p, days: d, date: isoDate(today + d) };
  const standardPoints = levels.map((p) => dayPoint(p, daysNeeded(sims, p)));
  // Calibrated: the first horizon whose "p sure" count reaches the items.
  let worst: CalibrationAt | undefined;
  const calibratedPoints = calibration.available
    ? levels.map((p, i) => {
        const found = firstHorizon(calibration, i, q.items, maxDays);
        if (found && (!worst || found.at.origins < worst.origins)) worst = found.at;
        return dayPoint(p, found?.days);
      })
    : standardPoints;
  const basisAt = !calibration.available
    ? uncalibrated
    : (worst ?? calibration.at(Math.min(maxDays, Math.max(1, Math.ceil(q.items / window.perDay)))));
  warnThin(diagnostics, basisAt, w);
  if (calibratedPoints.some((pt) => pt.days === undefined)) {
    diagnostics.push({
      code: 'throughput-beyond-horizon',
      severity: 'warning',
      message: `at some confidences the ${q.items} items are not done within ${maxDays} days`,
    });
  }
  return {
    forecast: {
      question: 'when',
      today: options.today,
      items: q.items,
      window,
      standard: { method: 'bootstrap', trials, seed, ...named(standardPoints, (pt) => pt.date ?? null), histogram: histogram(sims) },
      calibrated: {
        method: 'online-conformal',
        gamma,
        basis: basisAt.basis,
        origins: basisAt.origins,
        calibrationHorizonDays: basisAt.horizonDays,
        ...named(calibratedPoints, (pt) => pt.date ?? null),
      },
    },
    diagnostics,
  };
}

type CalibrationAt = {
  counts: number[];
  basis: CalibratedForecast['basis'];
  origins: number;
  horizonDays: number;
};

/**
 * Calibrated "p sure" counts for any horizon, with runs cached by horizon. A horizon with at least one resolved past
 * forecast uses exactly the backtested method (runOnlineCalibration at that horizon). A longer horizon borrows the
 * scores of the longest horizon with a window's worth of resolved forecasts (or, failing that, the longest with any).
 * `available` is false when no past forecast has resolved at any horizon: the caller repeats the standard answer.
 */
function calibrator(
  series: Int32Array,
  levels: number[],
  w: number,
  gamma: number,
): { available: boolean; at(h: number): CalibrationAt } {
  const cache = new Map<number, CalibrationAt>();
  const prefix = new Float64Array(series.length + 1);
  for (let i = 0; i < series.length; i++) prefix[i + 1] = prefix[i] + series[i];
  const last = series.length; // the origin "tomorrow"
  // Resolved origins at horizon h: t in [w, last - h] with throughput in their window (non-increasing in h).
  const resolvedAt = (h: number): number => {
    let n = 0;
    for (let t = w; t <= last - h; t++) if (prefix[t] - prefix[t - w] > 0) n++;
    return n;
  };
  const longestWith = (need: number): number => {
    let best = 0;
    for (let lo = 1, hi = Math.max(0, last - w); lo <= hi; ) {
      const mid = (lo + hi) >>> 1;
      if (resolvedAt(mid) >= need) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  const longest = longestWith(w) || longestWith(1);
  const mean = (h: number): number => ((prefix[last] - prefix[last - w]) * h) / w;
  let borrowed: ReturnType<typeof runOnlineCalibration> | undefined;
  const at = (h: number): CalibrationAt => {
    const hit = cache.get(h);
    if (hit) return hit;
    let result: CalibrationAt;
    if (resolvedAt(h) > 0) {
      const run = runOnlineCalibration(series, h, levels, { windowDays: w, gamma });
      const slot = last - run.firstOrigin;
      result = { counts: run.counts.map((c) => c[slot]), basis: 'calibrated', origins: run.poolSize[slot], horizonDays: h };
    } else {
      borrowed ??= runOnlineCalibration(series, longest, levels, { windowDays: w, gamma });
      const state = borrowed.state;
      const counts = levels.map((_, i) => calibratedCount(state, i, mean(h)));
      for (let j = 1; j < counts.length; j++) counts[j] = Math.min(counts[j], counts[j - 1]);
      result = { counts, basis: 'extrapolated', origins: state.pool.length, horizonDays: longest };
    }
    cache.set(h, result);
    return result;
  };
  return { available: longest > 0, at };
}

/**
 * The smallest horizon (days) whose calibrated count at level i reaches `items`, by doubling then bisection (the
 * count grows with the horizon up to calibration noise). Undefined when not reached within maxDays.
 */
function firstHorizon(
  calibration: { at(h: number): CalibrationAt },
  i: number,
  items: number,
  maxDays: number,
): { days: number; at: CalibrationAt } | undefined {
  let hi = 1;
  while (calibration.at(hi).counts[i] < items) {
    if (hi >= maxDays) return undefined;
    hi = Math.min(maxDays, hi * 2);
  }
  let lo = Math.floor(hi / 2) + 1;
  if (hi === 1) lo = 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (calibration.at(mid).counts[i] >= items) hi = mid;
    else lo = mid + 1;
  }
  return { days: hi, at: calibration.at(hi) };
}

function named<T extends string | number | null>(
  points: ForecastPoint[],
  value: (p: ForecastPoint) => T,
): { points: ForecastPoint[]; p50: T | null; p85: T | null; p95: T | null } {
  const pick = (c: number): T | null => {
    const pt = points.find((p) => p.confidence === c);
    return pt ? value(pt) : null;
  };
  return { points, p50: pick(0.5), p85: pick(0.85), p95: pick(0.95) };
}

function histogram(sorted: Int32Array): { value: number; share: number }[] {
  const out: { value: number; share: number }[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    out.push({ value: sorted[i], share: (j - i) / sorted.length });
    i = j;
  }
  return out;
}

function warnThin(diagnostics: Diagnostic[], at: CalibrationAt, w: number): void {
  if (at.basis === 'standard') {
    diagnostics.push({
      code: 'throughput-uncalibrated',
      severity: 'warning',
      message: 'the history is too short to check past forecasts, so the calibrated answer repeats the standard one (likely overconfident)',
    });
  } else if (at.origins < w) {
    diagnostics.push({
      code: 'throughput-calibration-thin',
      severity: 'warning',
      message: `the calibration rests on only ${at.origins} past forecast(s) at a ${at.horizonDays}-day horizon; treat it as rough`,
    });
  }
}
