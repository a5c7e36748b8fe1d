/**
 * Geometry of the My time chart, pure (tested in Node by test/web/time-geometry.test.ts): one 100 % stacked bar per
 * ISO week — strategic share at the bottom, tactical above — on a 0–100 % scale, with the target share as a
 * horizontal line across all weeks. SVG coordinates: y grows downwards.
 */

export type TimeWeek = { week: string; strategicHours: number; tacticalHours: number; share: number; target: number };

export type Box = { y: number; height: number };

export type TimeBar = {
  week: string;
  x: number;
  width: number;
  /** The centre of the bar, for its labels. */
  cx: number;
  strategic: Box;
  tactical: Box;
  /** No counted meeting time that week: no bar, a placeholder. */
  empty: boolean;
  /** The strategic share is under the target (never true for an empty week). */
  belowTarget: boolean;
};

export type TimeChart = {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: TimeBar[];
  /** The target line's y, or undefined when there are no weeks. */
  targetY?: number;
  target?: number;
  /** Gridlines at 0, 25, 50, 75 and 100 %. */
  grid: { share: number; y: number }[];
};

export type ChartSize = { width?: number; height?: number; margin?: { top: number; right: number; bottom: number; left: number } };

const MAX_BAR = 48;

/**
 * Lays the weeks out. Example: `timeChart([{week:'2026-W45', strategicHours:1.5, tacticalHours:3.75, share:0.286,
 * target:0.4}])` gives one bar whose strategic box is 28.6 % of the plot's height, and the target line 40 % up.
 */
export function timeChart(weeks: readonly TimeWeek[], size: ChartSize = {}): TimeChart {
  const margin = size.margin ?? { top: 14, right: 84, bottom: 40, left: 44 };
  const width = size.width ?? Math.max(360, margin.left + margin.right + weeks.length * 72);
  const height = size.height ?? 240;
  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
  const span = plot.bottom - plot.top;
  const yOf = (share: number): number => plot.bottom - Math.min(1, Math.max(0, share)) * span;
  const band = weeks.length === 0 ? 0 : (plot.right - plot.left) / weeks.length;
  const barWidth = Math.min(MAX_BAR, band * 0.64);
  const bars = weeks.map((w, k): TimeBar => {
    const total = w.strategicHours + w.tacticalHours;
    const empty = !(total > 0);
    const share = empty ? 0 : w.strategicHours / total;
    const x = plot.left + band * k + (band - barWidth) / 2;
    const splitY = yOf(share);
    return {
      week: w.week,
      x,
      width: barWidth,
      cx: x + barWidth / 2,
      strategic: { y: splitY, height: empty ? 0 : plot.bottom - splitY },
      tactical: { y: plot.top, height: empty ? 0 : splitY - plot.top },
      empty,
      belowTarget: !empty && share < w.target - 1e-9,
    };
  });
  const target = weeks[0]?.target;
  return {
    width,
    height,
    plot,
    bars,
    ...(target !== undefined ? { target, targetY: yOf(target) } : {}),
    grid: [0, 0.25, 0.5, 0.75, 1].map((share) => ({ share, y: yOf(share) })),
  };
}
