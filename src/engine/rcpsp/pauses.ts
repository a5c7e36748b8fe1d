/**
 * Helpers for activity pauses: sorted, disjoint half-open slot ranges [from0, to0, from1, to1, ...] during which an
 * activity makes no progress and uses no resources (see Instance.pauses).
 */

/** Index of the first pause whose end is after slot t (pauses.length / 2 when none). */
export function pauseIndex(p: Int32Array, t: number): number {
  let lo = 0;
  let hi = p.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p[2 * mid + 1] > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first slot >= t that is not inside a pause. */
export function skipPause(p: Int32Array, t: number): number {
  const m = p.length >> 1;
  for (let k = pauseIndex(p, t); k < m && p[2 * k] <= t; k++) t = p[2 * k + 1];
  return t;
}

/** Exclusive finish of `duration` working slots starting at t (t outside any pause); t when duration is 0. */
export function finishFrom(p: Int32Array, t: number, duration: number): number {
  if (duration <= 0) return t;
  const m = p.length >> 1;
  let k = pauseIndex(p, t);
  let remaining = duration;
  for (;;) {
    const next = k < m ? p[2 * k] : Infinity;
    const seg = next - t < remaining ? next - t : remaining;
    remaining -= seg;
    if (remaining === 0) return t + seg;
    t = p[2 * k + 1];
    k++;
  }
}

/**
 * The latest start whose `duration` working slots all lie before slot e (so the finish is <= e). The result is
 * outside any pause; it may be negative when there is no room.
 */
export function latestStartEndingBy(p: Int32Array, e: number, duration: number): number {
  if (duration <= 0) return e;
  // k: last pause starting before e.
  let k = pauseIndex(p, e - 1);
  const m = p.length >> 1;
  if (k >= m || p[2 * k] >= e) k--;
  let cur = e;
  let remaining = duration;
  for (;;) {
    if (k >= 0 && p[2 * k + 1] >= cur) {
      if (p[2 * k] < cur) cur = p[2 * k];
      k--;
      continue;
    }
    const floor = k >= 0 ? p[2 * k + 1] : -Infinity;
    const run = cur - floor;
    if (run >= remaining) return cur - remaining;
    remaining -= run;
    cur = floor;
  }
}
