/**
 * The standard throughput forecast of flow-metrics tools: a bootstrap of daily throughput.
 *
 * Each trial draws every future day's count at random (with replacement) from the days of a recent window (by default
 * the last 84 days) and adds them up. "How many by date D" is the distribution of the sum over the days to D; "when
 * will N items be done" is the distribution of the first day the running sum reaches N.
 *
 * Known to be overconfident on real teams (days are not independent, throughput drifts); see calibrated.ts.
 * Trial k always uses random stream k of the seed, so results do not depend on how trials are split across threads.
 */
import { createRng } from '../random.js';

/**
 * Simulated totals over `horizonDays` days, one per trial, sorted ascending.
 *
 * @param window daily counts to resample (non-empty)
 * @param horizonDays number of future calendar days (>= 0)
 * @param trials number of trials (>= 1)
 * @param seed random seed (safe integer)
 * @param firstTrial index of the first trial (for splitting a run across workers; default 0)
 */
export function simulateCounts(
  window: ArrayLike<number>,
  horizonDays: number,
  trials: number,
  seed: number,
  firstTrial = 0,
): Int32Array {
  const w = Int32Array.from(window);
  if (w.length === 0) throw new RangeError('the throughput window is empty');
  const out = new Int32Array(trials);
  for (let k = 0; k < trials; k++) {
    const rng = createRng(seed, firstTrial + k);
    let sum = 0;
    for (let d = 0; d < horizonDays; d++) sum += w[rng.int(w.length)];
    out[k] = sum;
  }
  return out.sort();
}

/**
 * Simulated number of days needed to finish `items` items, one per trial, sorted ascending. Day 1 is the first future
 * day, so a result of d means "done at the end of the d-th day from now". A trial that has not finished after
 * `maxDays` days reports `maxDays + 1` (read it as "later than maxDays"). A window with no throughput at all gives
 * every trial `maxDays + 1`. `items` <= 0 gives 0 for every trial.
 */
export function simulateDaysToFinish(
  window: ArrayLike<number>,
  items: number,
  trials: number,
  seed: number,
  maxDays: number,
  firstTrial = 0,
): Int32Array {
  const w = Int32Array.from(window);
  if (w.length === 0) throw new RangeError('the throughput window is empty');
  const out = new Int32Array(trials);
  const total = w.reduce((a, b) => a + b, 0);
  for (let k = 0; k < trials; k++) {
    if (items <= 0) continue;
    if (total === 0) {
      out[k] = maxDays + 1;
      continue;
    }
    const rng = createRng(seed, firstTrial + k);
    let sum = 0;
    let d = 0;
    while (sum < items && d <= maxDays) {
      sum += w[rng.int(w.length)];
      d++;
    }
    out[k] = sum >= items ? d : maxDays + 1;
  }
  return out.sort();
}

const EPS = 1e-12;

/**
 * The "p sure" count: the largest count reached (>=) in at least a share `p` of trials.
 * `sortedCounts` must be ascending and non-empty; p in (0, 1]. Example: p = 0.85 over 100 trials is the 16th smallest.
 */
export function countReached(sortedCounts: ArrayLike<number>, p: number): number {
  const n = sortedCounts.length;
  return sortedCounts[Math.min(n - 1, Math.floor(n * (1 - p) + EPS))];
}

/**
 * The "p sure" duration: the smallest number of days within which at least a share `p` of trials finished.
 * `sortedDays` must be ascending and non-empty; p in (0, 1].
 */
export function daysNeeded(sortedDays: ArrayLike<number>, p: number): number {
  const n = sortedDays.length;
  return sortedDays[Math.max(0, Math.ceil(n * p - EPS) - 1)];
}

/**
 * The exact distribution of the bootstrap total over `horizonDays` days (the limit of infinitely many trials):
 * `pmf[c]` is the probability of total c. Computed by repeated squaring of the daily distribution; cost grows with
 * (horizonDays · max daily count)², so keep it for horizons of a few months.
 */
export function bootstrapSumPmf(window: ArrayLike<number>, horizonDays: number): Float64Array {
  if (window.length === 0) throw new RangeError('the throughput window is empty');
  let max = 0;
  for (let i = 0; i < window.length; i++) max = Math.max(max, window[i]);
  let base: Float64Array = new Float64Array(max + 1);
  for (let i = 0; i < window.length; i++) base[window[i]] += 1 / window.length;
  let out: Float64Array = Float64Array.of(1);
  for (let k = horizonDays; k > 0; k >>= 1) {
    if (k & 1) out = convolve(out, base);
    if (k > 1) base = convolve(base, base);
  }
  return out;
}

function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    if (ai === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] += ai * b[j];
  }
  return out;
}

/** The "p sure" count of an exact distribution: the largest c with P(total >= c) >= p. */
export function pmfCountReached(pmf: ArrayLike<number>, p: number): number {
  let tail = 0;
  for (let c = pmf.length - 1; c >= 0; c--) {
    tail += pmf[c];
    if (tail >= p - 1e-9) return c;
  }
  return 0;
}
