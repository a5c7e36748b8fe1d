/** A date x axis shared by the time-based charts: domain in day numbers, about six evenly spaced ISO date labels. */
import { isoDate } from '../engine/dates.js';
import { linearScale, type Frame } from './svg.js';

export type DateAxis = { x: (day: number) => number; ticks: { x: number; label: string }[] };

/** Scale days [d0, d1] onto the plot box with `pad` px inset on each side, and pick up to `count` tick dates. */
export function dateAxis(frame: Frame, d0: number, d1: number, count = 6, pad = 8): DateAxis {
  const x = linearScale(d0, d1, frame.left + pad, frame.right - pad);
  const span = d1 - d0;
  const n = Math.max(1, Math.min(count - 1, span));
  const days = span === 0 ? [d0] : Array.from({ length: n + 1 }, (_, i) => d0 + Math.round((span * i) / n));
  return { x, ticks: [...new Set(days)].map((d) => ({ x: x(d), label: isoDate(d) })) };
}
