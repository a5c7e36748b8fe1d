/**
 * My time's data, pure (tested in Node by test/web/time-model.test.ts): the JSON of `vantage time --format json`
 * (GET /api/programs/{id}/time?weeks=N&week=W), ISO-week stepping for the page's "earlier / later", and the focus
 * blocks as an iCalendar file to import (the same events `vantage time --ics-out` writes; the web may not import
 * src/io, so the few lines of RFC 5545 writing are here).
 */
import { isoWeekOfDay } from '../../../src/engine/flow/iso-week.js';
import { mondayOfIsoWeek } from '../../../src/engine/time/weeks.js';
import type { TimeWeek } from './time-geometry.js';

export type TimeSlotJson = { week: string; start: string; end: string; hours: number; local: string };

/** `vantage time --format json` (src/cli/render/time-json.ts). */
export type TimeJson = {
  weeks: TimeWeek[];
  sinks: { title: string; hours: number; hoursPerWeek: number; occurrences: number; averageMinutes: number; suggestion?: string }[];
  focusBlocks: TimeSlotJson[];
  plan: { week: string; neededHours: number; plannedHours: number; shareWithBlocks: number; reachesTarget: boolean; reason?: string }[];
  freeSlots: TimeSlotJson[];
  ignored?: unknown;
  window: { from: string; to: string; zone: string; hours: string };
  program: string;
  calendars: string[];
};

/** The ISO week `by` weeks after `week` (before, when negative). Example: `shiftIsoWeek('2027-W01', -1)` → `'2026-W53'`. */
export function shiftIsoWeek(week: string, by: number): string | undefined {
  const monday = mondayOfIsoWeek(week);
  return monday === undefined ? undefined : isoWeekOfDay(monday + 7 * by);
}

/** The ISO week of an ISO date. Example: `isoWeekOfDate('2026-11-25')` → `'2026-W48'`. */
export function isoWeekOfDate(iso: string): string {
  return isoWeekOfDay(Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000));
}

/** `2026-11-27T14:00:00Z` → `20261127T140000Z`. */
const icsUtc = (iso: string): string => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** RFC 5545 TEXT escaping: backslash, semicolon, comma, newline. */
const escapeText = (text: string): string => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\n|\r/g, '\\n');

/** Folds a content line into pieces of at most 75 octets (continuations start with a space). */
function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * The focus blocks as an .ics calendar to import: one opaque event "Focus: strategy" per block, stamped with the
 * status date. Example: `focusBlocksIcs(json.focusBlocks, { programName: 'Checkout revamp', target: 0.4, today: '2026-11-25' })`.
 */
export function focusBlocksIcs(blocks: readonly TimeSlotJson[], o: { programName: string; target: number; today: string }): string {
  const stamp = icsUtc(`${o.today}T00:00:00Z`);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vantage//time//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(`Focus blocks: ${o.programName}`)}`];
  for (const b of blocks) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:focus-${icsUtc(b.start)}-${icsUtc(b.end)}@vantage`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsUtc(b.start)}`,
      `DTEND:${icsUtc(b.end)}`,
      'SUMMARY:Focus: strategy',
      `DESCRIPTION:${escapeText(`Strategic focus block planned by vantage time for ${o.programName} (${b.week}, target ${Math.round(o.target * 100)}%).`)}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** Hours as people read them, to the minute: 3.75 → "3 h 45 min", 0.5 → "30 min", 2 → "2 h", 0 → "0 h". */
export function hoursText(hours: number): string {
  const minutes = Math.round(hours * 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return m === 0 ? '0 h' : `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
