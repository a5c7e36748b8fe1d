import { COLORS, HALO, dayOf, emptyNote, escapeXml, frameOf, legend, linearScale, niceTicks, px, svgDocument, xAxis, yAxis, type ChartOptions } from './svg.js';
import { dateAxis } from './date-axis.js';

/**
 * Burn-up chart: total scope (dashed grey) and done (solid blue) item counts over time as step-free lines through the
 * given points, plus an optional vertical target-date line. Points with malformed dates are skipped.
 * Example: burnupSvg([{ date: '2027-01-04', scope: 10, done: 2 }, { date: '2027-01-11', scope: 12, done: 5 }]).
 */
export function burnupSvg(points: { date: string; scope: number; done: number }[], options?: ChartOptions & { target?: string }): string {
  const frame = frameOf(options);
  const title = options?.title ?? 'Burn-up: scope vs done';
  const pts = points.flatMap((p) => {
    const day = dayOf(p.date);
    return day === undefined ? [] : [{ ...p, day }];
  }).sort((a, b) => a.day - b.day);
  const target = options?.target === undefined ? undefined : dayOf(options.target);
  if (pts.length === 0) return svgDocument(frame, title, [...xAxis(frame, [], 'Date'), emptyNote(frame, 'No history to chart')]);
  const days = pts.map((p) => p.day).concat(target === undefined ? [] : [target]);
  const axis = dateAxis(frame, Math.min(...days), Math.max(...days));
  const ticks = niceTicks(Math.max(...pts.map((p) => Math.max(p.scope, p.done))));
  const y = linearScale(0, ticks[ticks.length - 1], frame.bottom, frame.top);
  const line = (key: 'scope' | 'done') => pts.map((p) => `${px(axis.x(p.day))},${px(y(p[key]))}`).join(' ');
  const body = [...yAxis(frame, ticks, y, 'Items'), ...xAxis(frame, axis.ticks, 'Date')];
  if (target !== undefined) {
    const tx = px(axis.x(target));
    body.push(`<line x1="${tx}" x2="${tx}" y1="${frame.top}" y2="${frame.bottom}" stroke="${COLORS.marker}" stroke-dasharray="2 3"/>`);
    body.push(`<text x="${tx}" y="${frame.bottom - 6}" text-anchor="end" dx="-4" fill="${COLORS.marker}" ${HALO}>target ${escapeXml(options?.target ?? '')}</text>`);
  }
  body.push(`<polyline points="${line('scope')}" fill="none" stroke="${COLORS.scope}" stroke-width="2" stroke-dasharray="6 4"/>`);
  body.push(`<polyline points="${line('done')}" fill="none" stroke="${COLORS.done}" stroke-width="2.5"/>`);
  for (const p of pts) {
    body.push(`<circle cx="${px(axis.x(p.day))}" cy="${px(y(p.done))}" r="2.5" fill="${COLORS.done}"><title>${escapeXml(`${p.date}: ${p.done} of ${p.scope} done`)}</title></circle>`);
  }
  body.push(...legend(frame, [{ label: 'scope', color: COLORS.scope, dash: '6 4' }, { label: 'done', color: COLORS.done }]));
  return svgDocument(frame, title, body);
}
