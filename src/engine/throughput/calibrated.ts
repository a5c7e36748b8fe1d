/**
 * Self-calibrating throughput forecasts: online conformal prediction on the team's own history.
 *
 * Why: the standard bootstrap (standard.ts) treats days as independent draws from one fixed distribution. Real teams
 * have bursts, lulls and drifts, so its "85% sure" count is reached far less often than 85% of the time (about 70-79%
 * on the real projects in benchdata).
 *
 * How: the method replays its own forecast on every past day ("origin") of the history, using only what was known then,
 * and learns from how wrong it was.
 * 1. Point forecast at origin d for a horizon of h days: m = (items finished in the `windowDays` days before d) · h /
 *    windowDays — the same recent rate the standard method resamples.
 * 2. When an origin's horizon has passed (d + h <= today), its score s = ln((actual + 1) / (m + 1)) joins a pool.
 *    Scores are ratios, so a team's errors at 5 items a month and at 80 a month are comparable.
 * 3. The "p sure" count at a new origin is the conformal lower bound: the k-th smallest pooled score s_(k), with
 *    k = floor(β·(n + 1)) over n pooled scores, turned back into a count: floor((m + 1)·e^s_(k) − 1). k < 1 means the
 *    history cannot support a promise at that confidence: the count is 0.
 * 4. β starts at 1 − p and is adjusted online by adaptive conformal inference (Gibbs & Candès, NeurIPS 2021): each
 *    time an origin resolves, β += γ·((1 − p) − miss), where miss is 1 when the actual count fell short of that origin's
 *    forecast, and γ = 0.01 · 28 / h (consecutive origins share most of their horizon, so one event yields about h
 *    correlated misses; the scaling makes an event weigh the same at every horizon). Misses lower β (more caution),
 *    hits raise it, so the long-run share of misses is driven to 1 − p even when the team's behaviour shifts.
 *    Feedback arrives h days late, as it would in real use.
 * 5. Forecasts for several confidences are rearranged so that a higher confidence never gives a higher count.
 *
 * Origins with no throughput in their window give no forecast (there is nothing to extrapolate) and are left out.
 * Before any origin has resolved the pool is empty and the conformal bound promises nothing (0 at every confidence);
 * callers show the standard answer then, flagged as uncalibrated (forecast.ts, backtest.ts).
 * Constants: `windowDays` (84, the flow-metrics convention) and γ = 0.01 per daily origin, inside the range used in
 * the ACI literature (0.005-0.05); everything else comes from the team's own residuals. Sensitivity on the benchdata
 * projects (P85 coverage, project 0 / 1): γ 0.005 → 82.7% / 83.5%, 0.01 → 83.5% / 84.7%, 0.02 → 82.7% / 85.9%,
 * 0.05 → 83.5% / 87.1%; with 127 and 85 cuts one cut is 0.8 and 1.2 points, so the 83-87% band is tight.
 *
 * What honesty costs: after a run of misses, β can fall below 1/(n + 1) and the "p sure" count becomes 0 for a while
 * ("the recent record does not support any promise at this confidence"). On teams whose throughput sometimes collapses
 * (on benchdata project 1, 15% of 28-day horizons delivered less than half the recent rate), no forecast can be right
 * 85% of the time without such low answers. The backtest reports how often it happens.
 *
 * All counts are items finished in calendar days (see daily.ts).
 */
export type CalibrationOptions = {
  /** Days of recent throughput behind each forecast (default 84). */
  windowDays: number;
  /**
   * Adaptive conformal learning rate per daily origin at the reference horizon of 28 days (default 0.01). At horizon h
   * the rate is gamma · 28 / h: one event spans about h consecutive origins, so this moves the level by the same
   * amount per event whatever the horizon.
   */
  gamma: number;
};

/** The horizon at which `gamma` applies unscaled (the backtest's). */
export const REFERENCE_HORIZON_DAYS = 28;

export const DEFAULT_CALIBRATION: Readonly<CalibrationOptions> = { windowDays: 84, gamma: 0.01 };

/** How a forecast at an origin was made. */
export type OriginKind = 'none' | 'uncalibrated' | 'calibrated';

const KIND: readonly OriginKind[] = ['none', 'uncalibrated', 'calibrated'];

/** The calibration's state after a replay: what a forecast for a new origin needs. */
export type CalibrationState = {
  /** Confidence levels, as given. */
  levels: readonly number[];
  /** Current ACI level per confidence (starts at 1 − p). */
  beta: number[];
  /** Scores of resolved origins, ascending. */
  pool: Float64Array;
};

/** Forecasts of an online replay at every origin from `windowDays` to `lastOrigin`. */
export type OnlineRun = {
  horizonDays: number;
  /** Series index of the first origin (= windowDays). */
  firstOrigin: number;
  /** `counts[i][d - firstOrigin]`: the "levels[i] sure" count at origin d, or -1 where no forecast was possible. */
  counts: Int32Array[];
  /** `kind(d)`: how the forecast at origin d was made. */
  kind(origin: number): OriginKind;
  /** Resolved origins in the pool when origin d was forecast. */
  poolSize: Int32Array;
  /** The state after resolving everything resolvable by `lastOrigin`. */
  state: CalibrationState;
};

/**
 * Replays the self-calibrating forecast over a daily series.
 *
 * Origin d forecasts the items finished on days d .. d + horizonDays − 1 from days d − windowDays .. d − 1 and from
 * origins t with t + horizonDays <= d (whose outcome is known by then). No look-ahead.
 *
 * @param series items finished per calendar day (index 0 = first day of history)
 * @param horizonDays forecast horizon in calendar days (>= 1)
 * @param levels confidences in (0, 1), e.g. [0.5, 0.85, 0.95]
 * @param lastOrigin last origin to forecast, at most series.length (default: series.length, i.e. "tomorrow" when the
 *   series ends today)
 */
export function runOnlineCalibration(
  series: ArrayLike<number>,
  horizonDays: number,
  levels: readonly number[],
  options: Partial<CalibrationOptions> = {},
  lastOrigin: number = series.length,
): OnlineRun {
  const { windowDays: w, gamma: gamma28 } = { ...DEFAULT_CALIBRATION, ...options };
  const h = horizonDays;
  const gamma = (gamma28 * REFERENCE_HORIZON_DAYS) / h;
  if (!(Number.isInteger(h) && h >= 1)) throw new RangeError(`horizonDays must be a positive integer, not ${h}`);
  if (!(Number.isInteger(w) && w >= 1)) throw new RangeError(`windowDays must be a positive integer, not ${w}`);
  for (const p of levels) if (!(p > 0 && p < 1)) throw new RangeError(`confidence levels must be in (0, 1), not ${p}`);
  const last = Math.min(lastOrigin, series.length);

  const prefix = new Float64Array(series.length + 1);
  for (let i = 0; i < series.length; i++) prefix[i + 1] = prefix[i] + series[i];

  const first = w;
  const slots = Math.max(0, last - first + 1);
  const counts = levels.map(() => new Int32Array(slots).fill(-1));
  const kinds = new Uint8Array(slots);
  const poolSizes = new Int32Array(slots);
  const beta = levels.map((p) => 1 - p);
  let pool = new Float64Array(64);
  let n = 0;
  // Levels in ascending confidence, for the rearrangement.
  const order = levels.map((_, i) => i).sort((a, b) => levels[a] - levels[b]);
  const mean = (d: number): number => ((prefix[d] - prefix[d - w]) * h) / w;

  for (let d = first; d <= last; d++) {
    // Resolve the origin whose horizon ended yesterday.
    const t = d - h;
    if (t >= first && kinds[t - first] !== 0) {
      const actual = prefix[t + h] - prefix[t];
      const score = Math.log((actual + 1) / (mean(t) + 1));
      if (n === pool.length) {
        const grown = new Float64Array(pool.length * 2);
        grown.set(pool);
        pool = grown;
      }
      const at = upperBound(pool, n, score);
      pool.copyWithin(at + 1, at, n);
      pool[at] = score;
      n++;
      for (let i = 0; i < levels.length; i++) {
        const miss = actual < counts[i][t - first] ? 1 : 0;
        beta[i] += gamma * (1 - levels[i] - miss);
      }
    }
    const slot = d - first;
    poolSizes[slot] = n;
    if (prefix[d] - prefix[d - w] === 0) continue; // no throughput in the window: no forecast
    const m = mean(d);
    for (let i = 0; i < levels.length; i++) counts[i][slot] = conformalCount(pool, n, beta[i], m);
    kinds[slot] = n === 0 ? 1 : 2;
    for (let j = 1; j < order.length; j++) {
      const prev = counts[order[j - 1]][slot];
      if (counts[order[j]][slot] > prev) counts[order[j]][slot] = prev;
    }
  }
  return {
    horizonDays: h,
    firstOrigin: first,
    counts,
    kind: (origin) => KIND[kinds[origin - first] ?? 0],
    poolSize: poolSizes,
    state: { levels: [...levels], beta, pool: pool.slice(0, n) },
  };
}

/**
 * The "p sure" count for a point forecast of `meanCount` items, from a calibration state (one level).
 * Returns 0 when the pool is too small to support the level, and never a negative count.
 */
export function calibratedCount(state: CalibrationState, levelIndex: number, meanCount: number): number {
  return conformalCount(state.pool, state.pool.length, state.beta[levelIndex], meanCount);
}

function conformalCount(pool: Float64Array, n: number, beta: number, m: number): number {
  if (n === 0) return 0;
  const k = Math.floor(beta * (n + 1));
  if (k < 1) return 0;
  const s = pool[Math.min(k, n) - 1];
  return Math.max(0, Math.floor((m + 1) * Math.exp(s) - 1 + 1e-9));
}

/** First index in sorted[0..n) whose value is greater than x. */
function upperBound(sorted: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
