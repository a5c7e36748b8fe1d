/**
 * What `vantage time` shows, in one value the text, Markdown and JSON renderers share (pure functions, no I/O).
 */
import type { TimeAnalysis, TimeSlot } from '../../engine/time/analyze.js';

export type TimeReport = {
  program: { id: string; name: string };
  email?: string;
  /** The TPM's zone, as named. */
  zone: string;
  /** Window in the TPM's zone: first and last day, ISO dates. */
  firstDay: string;
  lastDay: string;
  /** Working hours, e.g. "09:00–17:00". */
  hours: string;
  target: number;
  /** True when the file gives no target_strategic (the default is used). */
  defaultTarget: boolean;
  calendars: string[];
  analysis: TimeAnalysis;
  /** UTC ms → local wall-clock ms in the TPM's zone. */
  toLocal: (utcMs: number) => number;
};

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Wed 2026-11-25 13:00–17:00" in the TPM's zone. */
export function localSpan(slot: TimeSlot, toLocal: (utcMs: number) => number): string {
  const a = new Date(toLocal(slot.start));
  const b = new Date(toLocal(slot.end));
  return `${DAY_NAMES[a.getUTCDay()]} ${a.toISOString().slice(0, 10)} ${a.toISOString().slice(11, 16)}–${b.toISOString().slice(11, 16)}`;
}

/** UTC ms → "2026-11-25T18:00:00Z". */
export const instant = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

export const percent = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);

export const hours = (x: number): string => `${x.toFixed(x === Math.round(x) ? 0 : 2).replace(/(\.\d)0$/, '$1')} h`;

/** One line on what was left out, or '' when nothing was. */
export function ignoredLine(r: TimeReport): string {
  const i = r.analysis.ignored;
  const parts = [
    i.declined && `${i.declined} declined`,
    i.allDay && `${i.allDay} all-day`,
    i.cancelled && `${i.cancelled} cancelled`,
    i.transparent && `${i.transparent} free (transparent)`,
  ].filter(Boolean);
  return parts.length > 0 ? `Not counted: ${parts.join(', ')}.` : '';
}
