import { COLORS, HALO, dayOf, emptyNote, escapeXml, frameOf, linearScale, niceTicks, px, svgDocument, xAxis, yAxis, type ChartOptions } from './svg.js';
import { dateAxis } from './date-axis.js';

const MARKER_COLORS = [COLORS.p50, COLORS.p85, COLORS.p95, COLORS.marker];

/**
 * Monte Carlo forecast histogram: trials finishing on each date as bars (input: ForecastResult.program.histogram),
 * with labelled vertical markers (e.g. P50, P85, target). Bars share one width: the smallest gap between dates.
 */
export function forecastHistogramSvg(histogram: { date: string; count: number }[], markers: { label: string; date: string }[], options?: ChartOptions): string {
  const frame = frameOf(options);
  const title = options?.title ?? 'Forecast finish dates';
  const bars = histogram.flatMap((h) => {
    const day = dayOf(h.date);
    return day === undefined ? [] : [{ ...h, day }];
  }).sort((a, b) => a.day - b.day);
  const marks = markers.flatMap((m) => {
    const day = dayOf(m.date);
    return day === undefined ? [] : [{ ...m, day }];
  });
  if (bars.length === 0) return svgDocument(frame, title, [...xAxis(frame, [], 'Finish date'), emptyNote(frame, 'No forecast to chart')]);
  const days = [...bars.map((b) => b.day), ...marks.map((m) => m.day)];
  const d0 = Math.min(...days);
  const d1 = Math.max(...days);
  const axis = dateAxis(frame, d0, d1, 6, 14);
  let gap = Infinity;
  for (let i = 1; i < bars.length; i++) gap = Math.min(gap, bars[i].day - bars[i - 1].day);
  const dayPx = d1 > d0 ? (axis.x(d1) - axis.x(d0)) / (d1 - d0) : 20;
  const barWidth = Math.max(1, Math.min(24, (Number.isFinite(gap) ? gap : 1) * dayPx * 0.85));
  const ticks = niceTicks(Math.max(...bars.map((b) => b.count)));
  const y = linearScale(0, ticks[ticks.length - 1], frame.bottom, frame.top);
  const body = [...yAxis(frame, ticks, y, 'Trials'), ...xAxis(frame, axis.ticks, 'Finish date')];
  for (const b of bars) {
    const top = y(b.count);
    body.push(`<rect x="${px(axis.x(b.day) - barWidth / 2)}" y="${px(top)}" width="${px(barWidth)}" height="${px(frame.bottom - top)}" fill="${COLORS.bar}" fill-opacity="0.75"><title>${escapeXml(`${b.date}: ${b.count} trials`)}</title></rect>`);
  }
  marks.forEach((m, i) => {
    const color = MARKER_COLORS[i % MARKER_COLORS.length];
    const mx = px(axis.x(m.day));
    body.push(`<line x1="${mx}" x2="${mx}" y1="${frame.top}" y2="${frame.bottom}" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 3"/>`);
    body.push(`<text x="${mx}" y="${frame.top + 12 + 14 * i}" dx="4" fill="${color}" ${HALO}>${escapeXml(`${m.label} ${m.date}`)}</text>`);
  });
  return svgDocument(frame, title, body);
}
