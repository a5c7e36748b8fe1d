import { COLORS, HALO, emptyNote, escapeXml, frameOf, legend, linearScale, niceTicks, px, sparseIndices, svgDocument, xAxis, yAxis, type ChartOptions } from './svg.js';

/**
 * Throughput run chart: items finished per ISO week (`2027-W03`) as a line with dots, in the order given, and a dashed
 * median line (the run-chart centre line). Weeks should be zero-filled by the caller so gaps show as zeros.
 */
export function throughputRunSvg(weeks: { week: string; count: number }[], options?: ChartOptions): string {
  const frame = frameOf(options);
  const title = options?.title ?? 'Throughput per week';
  if (weeks.length === 0) return svgDocument(frame, title, [...xAxis(frame, [], 'ISO week'), emptyNote(frame, 'No finished items to chart')]);
  const ticks = niceTicks(Math.max(...weeks.map((w) => w.count)));
  const y = linearScale(0, ticks[ticks.length - 1], frame.bottom, frame.top);
  const x = linearScale(0, weeks.length - 1, frame.left + 12, frame.right - 12);
  const labels = sparseIndices(weeks.length, Math.max(2, Math.floor((frame.right - frame.left) / 70)));
  const body = [...yAxis(frame, ticks, y, 'Items finished'), ...xAxis(frame, labels.map((i) => ({ x: x(i), label: weeks[i].week })), 'ISO week')];
  const sorted = weeks.map((w) => w.count).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  const my = px(y(median));
  body.push(`<line x1="${frame.left}" x2="${frame.right}" y1="${my}" y2="${my}" stroke="${COLORS.p85}" stroke-width="1.5" stroke-dasharray="6 3"/>`);
  body.push(`<text x="${frame.right - 2}" y="${px(y(median) - 4)}" text-anchor="end" fill="${COLORS.p85}" ${HALO}>median ${median}</text>`);
  body.push(`<polyline points="${weeks.map((w, i) => `${px(x(i))},${px(y(w.count))}`).join(' ')}" fill="none" stroke="${COLORS.done}" stroke-width="2"/>`);
  weeks.forEach((w, i) => {
    body.push(`<circle cx="${px(x(i))}" cy="${px(y(w.count))}" r="3" fill="${COLORS.done}"><title>${escapeXml(`${w.week}: ${w.count}`)}</title></circle>`);
  });
  body.push(...legend(frame, [{ label: 'finished', color: COLORS.done }, { label: 'median', color: COLORS.p85, dash: '6 3' }]));
  return svgDocument(frame, title, body);
}
