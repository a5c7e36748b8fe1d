/**
 * `vantage time --format json`. Contract (issue 7): `{weeks: [{week, strategicHours, tacticalHours, share, target}],
 * sinks: [...], focusBlocks: [...]}`; the other keys add context and may grow.
 */
import type { TimeSlot } from '../../engine/time/analyze.js';
import { instant, localSpan, type TimeReport } from './time-report.js';

export function renderTimeJson(r: TimeReport): string {
  const a = r.analysis;
  const slot = (s: TimeSlot) => ({ week: s.week, start: instant(s.start), end: instant(s.end), hours: s.hours, local: localSpan(s, r.toLocal) });
  const value = {
    weeks: a.weeks.map((w) => ({ week: w.week, strategicHours: w.strategicHours, tacticalHours: w.tacticalHours, share: w.share, target: w.target })),
    sinks: a.sinks,
    focusBlocks: a.focusBlocks.map(slot),
    plan: a.plan,
    freeSlots: a.freeSlots.map(slot),
    ignored: a.ignored,
    window: { from: r.firstDay, to: r.lastDay, zone: r.zone, hours: r.hours },
    program: r.program.id,
    calendars: r.calendars,
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}
