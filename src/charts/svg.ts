/**
 * Small shared pieces for the standalone SVG charts: escaping, the document frame, linear scales, "nice" ticks and
 * axes. Pure string building (no DOM), so it runs in Node, a worker or the browser alike.
 */
import { parseDayNumber } from '../engine/dates.js';

export type ChartOptions = { width?: number; height?: number; title?: string };

/** Light, print-friendly palette (dark strokes on white, distinguishable in greyscale by dash pattern too). */
export const COLORS = {
  ink: '#1f2933',
  muted: '#616e7c',
  grid: '#e4e7eb',
  scope: '#7b8794',
  done: '#2563eb',
  point: '#2563eb',
  bar: '#3b82f6',
  p50: '#16a34a',
  p85: '#d97706',
  p95: '#dc2626',
  marker: '#7c3aed',
} as const;

/** Plot area margins in px: room for the title, tick labels and axis labels. */
export const MARGIN = { top: 40, right: 24, bottom: 56, left: 60 } as const;

/** Escape text for XML element content and attribute values. Example: escapeXml('a<b & "c"') = 'a&lt;b &amp; &quot;c&quot;'. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Attributes that give text over the plot a white halo, so labels stay readable over bars and lines. */
export const HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"';

/** Round a coordinate to 0.1 px so output is short and stable. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Resolved chart size and plot box. */
export type Frame = { width: number; height: number; left: number; right: number; top: number; bottom: number };

/** The frame of a chart of the given options (defaults 640 × 360 px). */
export function frameOf(options: ChartOptions | undefined, defaults: { width: number; height: number } = { width: 640, height: 360 }): Frame {
  const width = Math.max(200, Math.round(options?.width ?? defaults.width));
  const height = Math.max(150, Math.round(options?.height ?? defaults.height));
  return { width, height, left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
}

/** Wrap body markup in a standalone SVG document with xmlns, size, viewBox, a <title> and a white background. */
export function svgDocument(frame: Frame, title: string, body: string[]): string {
  const t = escapeXml(title);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}" role="img" aria-label="${t}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${t}</title>`,
    `<rect x="0" y="0" width="${frame.width}" height="${frame.height}" fill="#ffffff"/>`,
    `<text x="${px(frame.width / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold" fill="${COLORS.ink}">${t}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** A linear map from [d0, d1] to [r0, r1]; a degenerate domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * About `count` round tick values covering [0, max] (steps 1, 2, 5 × 10^k, never fractional below 1 when `integer`).
 * Example: niceTicks(17, 5) = [0, 5, 10, 15, 20].
 */
export function niceTicks(max: number, count = 5, integer = true): number[] {
  const top = max > 0 ? max : 1;
  const raw = top / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) {
    ticks.push(Math.round(v * 1e6) / 1e6);
    if (v >= top) break;
  }
  return ticks;
}

/** Horizontal grid lines, y tick labels and the rotated y-axis label. */
export function yAxis(frame: Frame, ticks: number[], y: (v: number) => number, label: string): string[] {
  const out = ticks.map(
    (v) =>
      `<line x1="${frame.left}" x2="${frame.right}" y1="${px(y(v))}" y2="${px(y(v))}" stroke="${COLORS.grid}"/>` +
      `<text x="${frame.left - 6}" y="${px(y(v) + 4)}" text-anchor="end" fill="${COLORS.muted}">${v}</text>`,
  );
  const mid = (frame.top + frame.bottom) / 2;
  out.push(`<text x="16" y="${px(mid)}" text-anchor="middle" transform="rotate(-90 16 ${px(mid)})" fill="${COLORS.ink}">${escapeXml(label)}</text>`);
  return out;
}

/** The x axis line, tick labels (every label at its x) and the x-axis label under them. */
export function xAxis(frame: Frame, ticks: { x: number; label: string }[], label: string): string[] {
  const out = [`<line x1="${frame.left}" x2="${frame.right}" y1="${frame.bottom}" y2="${frame.bottom}" stroke="${COLORS.ink}"/>`];
  out.push(`<line x1="${frame.left}" x2="${frame.left}" y1="${frame.top}" y2="${frame.bottom}" stroke="${COLORS.ink}"/>`);
  for (const t of ticks) {
    out.push(
      `<line x1="${px(t.x)}" x2="${px(t.x)}" y1="${frame.bottom}" y2="${frame.bottom + 4}" stroke="${COLORS.ink}"/>` +
        `<text x="${px(t.x)}" y="${frame.bottom + 17}" text-anchor="middle" fill="${COLORS.muted}">${escapeXml(t.label)}</text>`,
    );
  }
  out.push(`<text x="${px((frame.left + frame.right) / 2)}" y="${frame.height - 12}" text-anchor="middle" fill="${COLORS.ink}">${escapeXml(label)}</text>`);
  return out;
}

/** At most `max` evenly spaced indices of 0..n-1, always including the first and last. */
export function sparseIndices(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil((n - 1) / (max - 1));
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += step) out.push(i);
  if (n - 1 - out[out.length - 1] < step / 2 && out.length > 1) out.pop();
  out.push(n - 1);
  return out;
}

/** Day number of an ISO date, or undefined for anything else (charts skip such points rather than throw). */
export function dayOf(iso: string): number | undefined {
  return parseDayNumber(iso);
}

/** A centred note in the plot area, for charts with no data. */
export function emptyNote(frame: Frame, text: string): string {
  return `<text x="${px((frame.left + frame.right) / 2)}" y="${px((frame.top + frame.bottom) / 2)}" text-anchor="middle" fill="${COLORS.muted}">${escapeXml(text)}</text>`;
}

/** A legend row at the top-right: coloured swatches with labels. */
export function legend(frame: Frame, entries: { label: string; color: string; dash?: string }[]): string[] {
  let x = frame.right;
  const out: string[] = [];
  for (const e of [...entries].reverse()) {
    const w = 26 + e.label.length * 6.5;
    x -= w;
    out.push(
      `<line x1="${px(x)}" x2="${px(x + 16)}" y1="${frame.top - 8}" y2="${frame.top - 8}" stroke="${e.color}" stroke-width="3"${e.dash ? ` stroke-dasharray="${e.dash}"` : ''}/>` +
        `<text x="${px(x + 20)}" y="${frame.top - 4}" fill="${COLORS.ink}">${escapeXml(e.label)}</text>`,
    );
  }
  return out;
}
