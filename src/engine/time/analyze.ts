/**
 * The TPM's own time: how much of each week went to strategy, where the tactical hours sink, and which free slots
 * would bring the strategic share up to the target.
 *
 * Pure: occurrences come in already expanded (io/ics), the window, the zone and the working hours are parameters.
 *
 * Counting rules (documented in the command help and tested):
 * - Not counted: all-day events, events the TPM declined, cancelled events, transparent (free) events, zero-length ones.
 * - Kind: the first rule whose regular expression (case-insensitive) matches the title; no match = tactical.
 * - A minute is counted once. When n events overlap it, each gets 1/n of it, so the week's total is the time the
 *   calendar is busy, neither kind wins a double-booked slot, and each series carries its fair share for the sinks.
 * - Weeks are ISO weeks (Monday first) in the TPM's zone; share = strategic / (strategic + tactical), null when both are 0.
 * - Free slots: working days and hours in the TPM's zone, not overlapping any counted event, at least `minSlotMinutes`.
 * - Focus blocks: per week, the fewest free slots (largest first) that lift the share to the target, counting the
 *   blocks as strategic time; a block fills its slot up to what is still missing, never less than `blockMinutes`.
 */
import type { TimeRule } from '../../model/program.js';
import { isoDate, weekdayIndex } from '../dates.js';
import { isoWeekOfDay, mondayOf } from '../flow/iso-week.js';

/** An occurrence as io/ics produces it (times in UTC ms). */
export type TimeEvent = {
  uid: string;
  title: string;
  start: number;
  end: number;
  allDay?: boolean;
  declined?: boolean;
  status?: string;
  transparent?: boolean;
};

/** The TPM's zone: UTC ms ↔ local ms (wall-clock time written as if UTC). */
export type LocalClock = { toLocal(utcMs: number): number; toUtc(localMs: number): number };

export type TimeKind = 'strategic' | 'tactical';

export type TimeOptions = {
  /** Window [from, to), UTC ms. */
  from: number;
  to: number;
  zone: LocalClock;
  rules: readonly TimeRule[];
  /** Target strategic share, 0..1. */
  target: number;
  /** Working hours in the TPM's zone, minutes after midnight (default 9:00–17:00). */
  dayStartMinute?: number;
  dayEndMinute?: number;
  /** Working weekdays, 0 = Sunday (default Monday to Friday). */
  workingDays?: readonly number[];
  /** No free slot before this instant (UTC ms): the past cannot be planned. */
  notBefore?: number;
  /** Shortest free slot worth a focus block (default 120). */
  minSlotMinutes?: number;
  /** Shortest focus block (default 120). */
  blockMinutes?: number;
};

/** One ISO week: the JSON contract's keys. Hours rounded to 0.01, share to 0.001. */
export type WeekTime = { week: string; strategicHours: number; tacticalHours: number; share: number | null; target: number };

/** A series of tactical events (same UID, or same title) and the hours it took. */
export type TimeSink = { title: string; hours: number; hoursPerWeek: number; occurrences: number; averageMinutes: number; suggestion: string };

/** A span of time, UTC ms, with its ISO week and length. */
export type TimeSlot = { week: string; start: number; end: number; hours: number };

/** What the focus blocks do for one week. */
export type WeekPlan = {
  week: string;
  /** Strategic hours missing for the target (0 when met; null when no amount can reach it, e.g. a target of 1). */
  neededHours: number | null;
  plannedHours: number;
  shareWithBlocks: number | null;
  reachesTarget: boolean;
  /** Why the target is not reached, when it is not. */
  reason?: string;
};

export type TimeAnalysis = {
  weeks: WeekTime[];
  sinks: TimeSink[];
  freeSlots: TimeSlot[];
  focusBlocks: TimeSlot[];
  plan: WeekPlan[];
  /** How many occurrences were left out, and why. */
  ignored: { allDay: number; declined: number; cancelled: number; transparent: number };
};

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_SINKS = 5;

type Classified = TimeEvent & { kind: TimeKind; series: string };

/**
 * Analyzes the occurrences over the window.
 * @example analyzeTime(occurrences, { from, to, zone, rules: [{ match: 'roadmap', kind: 'strategic' }], target: 0.4 })
 */
export function analyzeTime(events: readonly TimeEvent[], o: TimeOptions): TimeAnalysis {
  const ignored = { allDay: 0, declined: 0, cancelled: 0, transparent: 0 };
  const counted: TimeEvent[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    if (e.allDay) ignored.allDay++;
    else if (e.declined) ignored.declined++;
    else if (e.status === 'cancelled') ignored.cancelled++;
    else if (e.transparent) ignored.transparent++;
    else {
      const start = Math.max(e.start, o.from);
      const end = Math.min(e.end, o.to);
      // The same meeting in two calendars (work and personal exports) is one meeting.
      const key = `${e.uid}\u0000${e.start}\u0000${e.end}`;
      if (end > start && !seen.has(key)) {
        seen.add(key);
        counted.push({ ...e, start, end });
      }
    }
  }
  const classified = classify(counted, o.rules);
  const weekBounds = weekBoundaries(o);
  const share = shareTime(classified, weekBounds);

  const weeks: WeekTime[] = weekBounds.map((w) => {
    const s = share.byWeek.get(w.week) ?? { strategic: 0, tactical: 0 };
    return { week: w.week, strategicHours: round(s.strategic / HOUR, 2), tacticalHours: round(s.tactical / HOUR, 2), share: ratio(s.strategic, s.tactical), target: o.target };
  });

  const sinks = [...share.bySeries.values()]
    .filter((s) => s.kind === 'tactical' && s.ms > 0)
    .sort((a, b) => b.ms - a.ms || a.title.localeCompare(b.title))
    .slice(0, MAX_SINKS)
    .map((s) => sinkOf(s, Math.max(1, weekBounds.length)));

  const freeSlots = findFreeSlots(counted, o, weekBounds);
  const { blocks, plan } = planFocus(freeSlots, weekBounds, share.byWeek, o);
  return { weeks, sinks, freeSlots, focusBlocks: blocks, plan, ignored };
}

/** Kind of each event by the first matching rule (case-insensitive); a rule that is no valid regex never matches. */
export function classify(events: readonly TimeEvent[], rules: readonly TimeRule[]): Classified[] {
  const compiled = rules.flatMap((r) => {
    try {
      return [{ re: new RegExp(r.match, 'i'), kind: r.kind }];
    } catch {
      return []; // the model reports it (bad-regex)
    }
  });
  // Overridden instances may carry another title; the series keeps the UID's first title.
  const seriesOfUid = new Map<string, string>();
  return events.map((e) => {
    const kind = compiled.find((r) => r.re.test(e.title))?.kind ?? 'tactical';
    let series = seriesOfUid.get(e.uid);
    if (series === undefined) {
      series = e.title.trim().toLowerCase();
      seriesOfUid.set(e.uid, series);
    }
    return { ...e, kind, series };
  });
}

type WeekBound = { week: string; start: number; end: number };

/** The ISO weeks (in the TPM's zone) that overlap the window, clipped to it. */
function weekBoundaries(o: TimeOptions): WeekBound[] {
  const out: WeekBound[] = [];
  const firstDay = Math.floor(o.zone.toLocal(o.from) / DAY);
  let monday = mondayOf(firstDay);
  for (;;) {
    const start = o.zone.toUtc(monday * DAY);
    if (start >= o.to) break;
    const end = o.zone.toUtc((monday + 7) * DAY);
    if (end > o.from) out.push({ week: isoWeekOfDay(monday), start: Math.max(start, o.from), end: Math.min(end, o.to) });
    monday += 7;
  }
  return out;
}

type SeriesTotal = { title: string; kind: TimeKind; ms: number; occurrences: number; eventMs: number };

/** Sweep over every boundary: each elementary span is split evenly among the events covering it. */
function shareTime(events: readonly Classified[], weeks: readonly WeekBound[]) {
  const byWeek = new Map<string, { strategic: number; tactical: number }>();
  const bySeries = new Map<string, SeriesTotal>();
  for (const e of events) {
    const s = bySeries.get(e.series) ?? { title: e.title, kind: e.kind, ms: 0, occurrences: 0, eventMs: 0 };
    s.occurrences++;
    s.eventMs += e.end - e.start;
    bySeries.set(e.series, s);
  }
  const points = [...new Set([...events.flatMap((e) => [e.start, e.end]), ...weeks.flatMap((w) => [w.start, w.end])])].sort((a, b) => a - b);
  const sorted = [...events].sort((a, b) => a.start - b.start);
  let next = 0;
  let active: Classified[] = [];
  let w = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    while (next < sorted.length && sorted[next].start <= a) active.push(sorted[next++]);
    active = active.filter((e) => e.end > a);
    if (active.length === 0) continue;
    while (w < weeks.length && weeks[w].end <= a) w++;
    const week = weeks[w]?.week;
    if (week === undefined) continue;
    const part = (b - a) / active.length;
    const totals = byWeek.get(week) ?? { strategic: 0, tactical: 0 };
    for (const e of active) {
      totals[e.kind] += part;
      const s = bySeries.get(e.series);
      if (s) s.ms += part;
    }
    byWeek.set(week, totals);
  }
  return { byWeek, bySeries };
}

function sinkOf(s: SeriesTotal, weekCount: number): TimeSink {
  const hoursPerWeek = s.ms / HOUR / weekCount;
  const perWeek = s.occurrences / weekCount;
  const averageMinutes = s.eventMs / s.occurrences / MINUTE;
  let suggestion: string;
  if (perWeek >= 4) {
    suggestion = `daily: meet three times a week with written updates in between (saves about ${fmt((hoursPerWeek * 2) / 5)} h a week)`;
  } else if (/\b1:1\b|1-1|one[- ]on[- ]one/i.test(s.title)) {
    suggestion = `move to every other week or 25 minutes (saves about ${fmt(hoursPerWeek / 2)} h a week)`;
  } else if (averageMinutes >= 60) {
    suggestion = `long: cut to ${averageMinutes >= 90 ? 60 : 45} minutes with an agenda (saves about ${fmt((hoursPerWeek * (averageMinutes - (averageMinutes >= 90 ? 60 : 45))) / averageMinutes)} h a week)`;
  } else {
    suggestion = `delegate it or attend every other time (saves about ${fmt(hoursPerWeek / 2)} h a week)`;
  }
  return { title: s.title, hours: round(s.ms / HOUR, 2), hoursPerWeek: round(hoursPerWeek, 2), occurrences: s.occurrences, averageMinutes: Math.round(averageMinutes), suggestion };
}

/** Working-hour gaps of at least the minimum length between the counted events. */
function findFreeSlots(events: readonly TimeEvent[], o: TimeOptions, weeks: readonly WeekBound[]): TimeSlot[] {
  const dayStart = (o.dayStartMinute ?? 9 * 60) * MINUTE;
  const dayEnd = (o.dayEndMinute ?? 17 * 60) * MINUTE;
  const workingDays = new Set(o.workingDays ?? [1, 2, 3, 4, 5]);
  const minMs = (o.minSlotMinutes ?? 120) * MINUTE;
  const busy = mergeIntervals(events.map((e) => [e.start, e.end] as const));
  const slots: TimeSlot[] = [];
  for (const w of weeks) {
    const firstDay = Math.floor(o.zone.toLocal(w.start) / DAY);
    const lastDay = Math.floor(o.zone.toLocal(w.end - 1) / DAY);
    for (let day = firstDay; day <= lastDay; day++) {
      if (!workingDays.has(weekdayIndex(day))) continue;
      let start = Math.max(o.zone.toUtc(day * DAY + dayStart), w.start, o.notBefore ?? -Infinity);
      const end = Math.min(o.zone.toUtc(day * DAY + dayEnd), w.end);
      for (const [bs, be] of busy) {
        if (be <= start) continue;
        if (bs >= end) break;
        if (bs - start >= minMs) slots.push(slotOf(w.week, start, bs));
        start = Math.max(start, be);
      }
      if (end - start >= minMs) slots.push(slotOf(w.week, start, end));
    }
  }
  return slots;
}

/** Per week: the fewest slots, largest first, that lift the share to the target. */
function planFocus(
  slots: readonly TimeSlot[],
  weeks: readonly WeekBound[],
  byWeek: ReadonlyMap<string, { strategic: number; tactical: number }>,
  o: TimeOptions,
): { blocks: TimeSlot[]; plan: WeekPlan[] } {
  const blockMs = (o.blockMinutes ?? 120) * MINUTE;
  const blocks: TimeSlot[] = [];
  const plan: WeekPlan[] = [];
  for (const w of weeks) {
    const { strategic: s, tactical: t } = byWeek.get(w.week) ?? { strategic: 0, tactical: 0 };
    const needed = strategicNeeded(s, t, o.target);
    let remaining = needed;
    let planned = 0;
    const candidates = slots.filter((x) => x.week === w.week).sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const chosen: TimeSlot[] = [];
    for (const slot of candidates) {
      if (remaining <= 0) break;
      const length = Math.min(slot.end - slot.start, Math.max(blockMs, Math.ceil(remaining / (15 * MINUTE)) * 15 * MINUTE));
      chosen.push(slotOf(w.week, slot.start, slot.start + length));
      planned += length;
      remaining -= length;
    }
    blocks.push(...chosen.sort((a, b) => a.start - b.start));
    const reaches = remaining <= 0;
    const entry: WeekPlan = {
      week: w.week,
      neededHours: Number.isFinite(needed) ? round(needed / HOUR, 2) : null,
      plannedHours: round(planned / HOUR, 2),
      shareWithBlocks: ratio(s + planned, t),
      reachesTarget: reaches,
    };
    if (!reaches) {
      const free = candidates.reduce((sum, x) => sum + x.end - x.start, 0);
      entry.reason = !Number.isFinite(needed)
        ? `a target of ${Math.round(o.target * 100)}% leaves no room for tactical time`
        : o.notBefore !== undefined && w.end <= o.notBefore
          ? 'the week is over: nothing left to plan'
          : candidates.length === 0
          ? `no free slot of ${(o.minSlotMinutes ?? 120) / 60} h or more left in working hours`
          : `the free slots hold only ${fmt(free / HOUR)} h of the ${fmt(needed / HOUR)} h needed`;
    }
    plan.push(entry);
  }
  return { blocks, plan };
}

/**
 * Strategic ms to add so that (s + x) / (s + t + x) ≥ target: x = (target·(s + t) − s) / (1 − target), at least 0.
 * Infinity when the target is 1 (or more) and there is tactical time.
 * @example strategicNeeded(2 * HOUR, 8 * HOUR, 0.4) // 10/3 h: (2 + 3.33) / (10 + 3.33) = 0.4
 */
export function strategicNeeded(s: number, t: number, target: number): number {
  if (target <= 0 || s + t === 0) return 0;
  if (target >= 1) return t > 0 ? Infinity : 0;
  return Math.max(0, (target * (s + t) - s) / (1 - target));
}

/** Sorted, merged [start, end) intervals. */
export function mergeIntervals(intervals: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...intervals].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function slotOf(week: string, start: number, end: number): TimeSlot {
  return { week, start, end, hours: round((end - start) / HOUR, 2) };
}

function ratio(s: number, t: number): number | null {
  return s + t > 0 ? round(s / (s + t), 3) : null;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const fmt = (hours: number): string => (Math.round(hours * 10) / 10).toString();

/** The local calendar date (YYYY-MM-DD) of an instant in the TPM's zone. */
export function localDate(utcMs: number, zone: LocalClock): string {
  return isoDate(Math.floor(zone.toLocal(utcMs) / DAY));
}
