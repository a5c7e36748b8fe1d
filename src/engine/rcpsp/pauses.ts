/**
 * Helpers for activity pauses: sorted, disjoint half-open slot ranges [from0, to0, from1, to1, ...] during which an
 * activity makes no progress and uses no resources (see Instance.pauses).
 */

import { finishAfter, pauseEndingAfter, skipPauses } from '../pauses.js';

/** Index of the first pause whose end is after slot t (pauses.length / 2 when none). */
export const pauseIndex: (p: Int32Array, t: number) => number = pauseEndingAfter;

/** The first slot >= t that is not inside a pause. */
export const skipPause: (p: Int32Array, t: number) => number = skipPauses;

/** Exclusive finish of `duration` working slots starting at t (t outside any pause); t when duration is 0. */
export const finishFrom: (p: Int32Array, t: number, duration: number) => number = finishAfter;

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
