/**
 * Arithmetic on pauses: sorted, disjoint, merged half-open ranges [from0, to0, from1, to1, ...] of working days (or
 * slots) during which an item makes no progress (its people's days off; in a portfolio, days its own program does not
 * work). One home for the CPM passes, the network compiler, the levelling kernel and the Monte Carlo trials.
 * Works for whole and fractional times alike.
 */

/**
 * The first time >= t that is not inside a pause (pauses: sorted half-open ranges [from0, to0, from1, to1, ...]).
 */
export function skipPauses(p: Int32Array, t: number): number {
  const m = p.length >> 1;
  for (let k = firstEndAfter(p, t); k < m && p[2 * k] <= t; k++) t = p[2 * k + 1];
  return t;
}

/** Exclusive finish of `d` working days of work starting at t (t outside any pause), skipping pauses. */
export function finishAfter(p: Int32Array | null, t: number, d: number): number {
  if (p === null || d <= 0) return t + d;
  const m = p.length >> 1;
  let k = firstEndAfter(p, t);
  let remaining = d;
  for (;;) {
    if (k >= m) return t + remaining;
    const a = p[2 * k];
    if (t < a) {
      const room = a - t;
      if (remaining <= room) return t + remaining;
      remaining -= room;
    }
    t = p[2 * k + 1];
    k++;
  }
}

/** The latest start s (outside any pause) such that `d` days of work from s finish by f, skipping pauses. */
export function latestStartBefore(p: Int32Array | null, f: number, d: number): number {
  if (p === null || d <= 0) return f - d;
  // Last pause whose start is before f.
  let k = firstEndAfter(p, f);
  const m = p.length >> 1;
  if (k < m && p[2 * k] < f) {
    // f is inside pause k: work must end by its start.
    f = p[2 * k];
  }
  k--;
  let remaining = d;
  for (;;) {
    if (k < 0) return f - remaining;
    const b = p[2 * k + 1];
    const room = f - b;
    if (remaining <= room) return f - remaining;
    remaining -= room;
    f = p[2 * k];
    k--;
  }
}

/** Index of the first pause whose end is after t (number of pauses when none). */
export function pauseEndingAfter(p: Int32Array, t: number): number {
  return firstEndAfter(p, t);
}

function firstEndAfter(p: Int32Array, t: number): number {
  let lo = 0;
  let hi = p.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p[2 * mid + 1] > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
