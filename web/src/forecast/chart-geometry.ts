/**
 * Pure geometry for the Forecast tab's own charts (the S-curve and the risk tornado): scales, date ticks, the step
 * path of a cumulative probability and the bars of a tornado, in SVG user units (px). No DOM, no React; tested in Node
 * by test/web/forecast-geometry.test.ts.
 */
import { dayOf, isoOfDay } from '../format.js';

/** A linear map from [d0, d1] to [r0, r1]; a degenerate domain maps to the middle of the range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * Round date ticks between two day numbers: month starts when the span is over ~10 weeks, else Mondays (every
 * other Monday over ~5 weeks). Example: dateTicks(dayOf('2027-02-10'), dayOf('2027-04-01')) → Mondays 15 Feb, 1 Mar, ….
 */
export function dateTicks(d0: number, d1: number): string[] {
  const out: string[] = [];
  if (d1 - d0 > 70) {
    const [y, m] = isoOfDay(d0).split('-').map(Number);
    for (let i = 0; ; i++) {
      const month = m - 1 + i;
      const iso = `${y + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;
      const day = dayOf(iso);
      if (day > d1) break;
      if (day >= d0) out.push(iso);
    }
    return out;
  }
  const step = d1 - d0 > 35 ? 14 : 7;
  // 1970-01-01 was a Thursday: day 4 is a Monday.
  let day = d0 + ((((4 - d0) % 7) + 7) % 7);
  for (; day <= d1; day += step) out.push(isoOfDay(day));
  return out;
}

export type Box = { left: number; right: number; top: number; bottom: number };

/**
 * The SVG path of a cumulative probability as steps: flat until each date, then up to its probability (the chance of
 * finishing on or before that date). Points need not be sorted. Example: two points give "M…H…V…H…V…".
 */
export function stepPath(points: { date: string; probability: number }[], x: (day: number) => number, y: (p: number) => number): string {
  const sorted = points.map((p) => ({ day: dayOf(p.date), probability: p.probability })).sort((a, b) => a.day - b.day);
  if (sorted.length === 0) return '';
  let d = `M${r(x(sorted[0].day))},${r(y(0))}`;
  for (const p of sorted) d += `H${r(x(p.day))}V${r(y(p.probability))}`;
  return d;
}

/** The probability of finishing on or before `date` read off the S-curve (0 before its first date). */
export function probabilityBy(points: { date: string; probability: number }[], date: string): number {
  let best = 0;
  for (const p of points) if (p.date <= date && p.probability > best) best = p.probability;
  return best;
}

export type TornadoBar = { id: string; title: string; days: number; y: number; width: number };

/**
 * Tornado bars in the order given (the forecast lists the largest first): each `days` long on a shared scale of
 * `width` px, `rowHeight` apart. Risks adding no days keep a zero-width bar, so the list still names them.
 */
export function tornadoBars(risks: { id: string; title: string; days: number }[], width: number, rowHeight: number): { bars: TornadoBar[]; maxDays: number } {
  const maxDays = Math.max(1, ...risks.map((r) => r.days));
  return { maxDays, bars: risks.map((risk, i) => ({ id: risk.id, title: risk.title, days: risk.days, y: i * rowHeight, width: (Math.max(0, risk.days) / maxDays) * width })) };
}

/** Rounds to 0.1 px so paths stay short. */
function r(v: number): number {
  return Math.round(v * 10) / 10;
}
