/**
 * My time's data, pure (tested in Node by test/web/time-model.test.ts): the JSON of `vantage time --format json`
 * (GET /api/programs/{id}/time?weeks=N&week=W), ISO-week stepping for the page's "earlier / later", and the focus
 * blocks as an iCalendar file to import (the same events and writer as `vantage time --ics-out`, src/model/ics-text.ts).
 */
import { isoWeekOfDay } from '../../../src/engine/flow/iso-week.js';
import { mondayOfIsoWeek } from '../../../src/engine/time/weeks.js';
import { icsUtc, writeIcs } from '../../../src/model/ics-text.js';
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

/**
 * The focus blocks as an .ics calendar to import: one opaque event "Focus: strategy" per block, stamped with the
 * status date (the CLI's RFC 5545 writer). Example: `focusBlocksIcs(json.focusBlocks, { programName: 'Checkout revamp', target: 0.4, today: '2026-11-25' })`.
 */
export function focusBlocksIcs(blocks: readonly TimeSlotJson[], o: { programName: string; target: number; today: string }): string {
  const events = blocks.map((b) => {
    const start = Date.parse(b.start);
    const end = Date.parse(b.end);
    return {
      uid: `focus-${icsUtc(start)}-${icsUtc(end)}@vantage`,
      start,
      end,
      summary: 'Focus: strategy',
      description: `Strategic focus block planned by vantage time for ${o.programName} (${b.week}, target ${Math.round(o.target * 100)}%).`,
    };
  });
  return writeIcs(events, { prodId: '-//Vantage//time//EN', stamp: Date.parse(`${o.today}T00:00:00Z`), name: `Focus blocks: ${o.programName}` });
}

/** Hours as people read them, to the minute: 3.75 → "3 h 45 min", 0.5 → "30 min", 2 → "2 h", 0 → "0 h". */
export function hoursText(hours: number): string {
  const minutes = Math.round(hours * 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return m === 0 ? '0 h' : `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
