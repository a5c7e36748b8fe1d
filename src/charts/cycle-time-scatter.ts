import { COLORS, HALO, dayOf, emptyNote, escapeXml, frameOf, legend, linearScale, niceTicks, px, svgDocument, xAxis, yAxis, type ChartOptions } from './svg.js';
import { dateAxis } from './date-axis.js';

const LINES = [
  { key: 'p50', label: 'P50', color: COLORS.p50, dash: '6 3' },
  { key: 'p85', label: 'P85', color: COLORS.p85, dash: '3 3' },
  { key: 'p95', label: 'P95', color: COLORS.p95, dash: '1 3' },
] as const;

/**
 * Cycle-time scatter: one dot per finished item (x = finish date, y = cycle time in calendar days, hover title = id),
 * with horizontal percentile lines labelled e.g. "P85 9d". Points with malformed dates are skipped.
 */
export function cycleTimeScatterSvg(points: { id: string; finished: string; days: number }[], percentiles: { p50?: number; p85?: number; p95?: number }, options?: ChartOptions): string {
  const frame = frameOf(options);
  const title = options?.title ?? 'Cycle time (calendar days)';
  const pts = points.flatMap((p) => {
    const day = dayOf(p.finished);
    return day === undefined || !Number.isFinite(p.days) ? [] : [{ ...p, day }];
  });
  if (pts.length === 0) return svgDocument(frame, title, [...xAxis(frame, [], 'Finished'), emptyNote(frame, 'No finished items to chart')]);
  const axis = dateAxis(frame, Math.min(...pts.map((p) => p.day)), Math.max(...pts.map((p) => p.day)));
  const lines = LINES.flatMap((l) => {
    const v = percentiles[l.key];
    return v === undefined ? [] : [{ ...l, value: v }];
  });
  const ticks = niceTicks(Math.max(...pts.map((p) => p.days), ...lines.map((l) => l.value)));
  const y = linearScale(0, ticks[ticks.length - 1], frame.bottom, frame.top);
  const body = [...yAxis(frame, ticks, y, 'Cycle time (days)'), ...xAxis(frame, axis.ticks, 'Finished')];
  for (const p of pts) {
    body.push(`<circle cx="${px(axis.x(p.day))}" cy="${px(y(p.days))}" r="3.5" fill="${COLORS.point}" fill-opacity="0.6" stroke="${COLORS.point}"><title>${escapeXml(`${p.id}: ${p.days} days, finished ${p.finished}`)}</title></circle>`);
  }
  for (const l of lines) {
    const ly = px(y(l.value));
    body.push(`<line x1="${frame.left}" x2="${frame.right}" y1="${ly}" y2="${ly}" stroke="${l.color}" stroke-width="1.5" stroke-dasharray="${l.dash}"/>`);
  }
  // One label per distinct value ("P85 = P95 13d"), so equal percentiles do not print over each other.
  const byValue = new Map<number, typeof lines>();
  for (const l of lines) byValue.set(l.value, [...(byValue.get(l.value) ?? []), l]);
  // Lowest first, each label at least a line above the previous one, so close percentiles stay legible.
  let previous = Infinity;
  for (const [value, same] of [...byValue].sort((a, b) => a[0] - b[0])) {
    const color = same[same.length - 1].color;
    const ly = Math.min(y(value) - 4, previous - 13);
    previous = ly;
    body.push(`<text x="${frame.right - 2}" y="${px(ly)}" text-anchor="end" fill="${color}" ${HALO}>${same.map((l) => l.label).join(' = ')} ${value}d</text>`);
  }
  body.push(...legend(frame, [{ label: 'item', color: COLORS.point }, ...lines.map((l) => ({ label: l.label, color: l.color, dash: l.dash }))]));
  return svgDocument(frame, title, body);
}
