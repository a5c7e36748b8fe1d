/**
 * The engineering side of a brief: the critical path, blocked and ageing work, load hot spots and the hand-offs
 * between workstreams coming up. Pure: the schedule and load report are computed by the caller.
 */
import type { IsoDate, Item, Program } from '../../model/program.js';
import { createCalendar } from '../calendar.js';
import { dayNumber, isoDate } from '../dates.js';
import type { ScheduleResult, ScheduledItem } from '../schedule.js';
import type { LoadReport } from '../strategy/load.js';

export type EngItem = { id: string; title: string; owner?: string; workstream?: string; status: Item['status']; start: IsoDate; finish: IsoDate };

export type BlockedItem = EngItem & {
  /** Working days the item may start late before the finish moves. */
  slackDays: number;
  /** The last date it can start without moving the finish (today when already late). */
  unblockBy: IsoDate;
};

export type AgeingItem = EngItem & {
  started: IsoDate;
  /** Working days since it started (the start day counted). */
  ageDays: number;
  /** The likely estimate it is older than, in working days. */
  expectedDays: number;
};

export type HotSpot = { resource: string; name: string; period: string; from: IsoDate; allocated: number; capacity: number };

export type Handoff = { from: EngItem; to: EngItem; date: IsoDate };

export type EngSection = {
  criticalPath: EngItem[];
  blocked: BlockedItem[];
  ageing: AgeingItem[];
  /** Over-allocations in the weeks overlapping today .. today + hotSpotDays - 1, by period then resource. */
  hotSpots: HotSpot[];
  /** Hand-offs whose giving item finishes in today .. today + handoffDays - 1. */
  handoffs: Handoff[];
  /** When `handoffs` is empty: the next one after the window, if any. */
  nextHandoff?: Handoff;
  window: { from: IsoDate; to: IsoDate };
};

export type EngOptions = { today: IsoDate; handoffDays?: number; hotSpotDays?: number };

const addDays = (date: IsoDate, days: number): IsoDate => isoDate(dayNumber(date) + days);

/**
 * The engineering section from a program, its deterministic schedule and its load. Example: an item in workstream web
 * waiting for an open payments item that finishes tomorrow is a hand-off this week.
 */
export function engSection(program: Program, schedule: ScheduleResult, load: LoadReport, options: EngOptions): EngSection {
  const { today } = options;
  const handoffDays = options.handoffDays ?? 7;
  const hotSpotDays = options.hotSpotDays ?? 28;
  const cal = createCalendar(program.program.calendar, program.program.start);
  const scheduled = new Map(schedule.items.filter((s) => s.program === undefined).map((s) => [s.id, s]));
  const itemById = new Map(program.items.map((i) => [i.id, i]));
  const eng = (s: ScheduledItem): EngItem => ({
    id: s.id,
    title: s.title,
    ...(s.owner !== undefined ? { owner: s.owner } : {}),
    ...(s.workstream !== undefined ? { workstream: s.workstream } : {}),
    status: s.status,
    start: s.start,
    finish: s.finish,
  });

  const criticalPath = schedule.criticalPath.flatMap((id) => {
    const s = scheduled.get(id);
    return s && s.status !== 'done' ? [eng(s)] : [];
  });

  const todayOffset = cal.offsetOf(today);
  const blocked: BlockedItem[] = [];
  const ageing: AgeingItem[] = [];
  for (const item of program.items) {
    const s = scheduled.get(item.id);
    if (!s) continue;
    if (item.status === 'blocked') {
      const latest = Math.max(todayOffset, Math.floor(s.ls + 1e-9));
      blocked.push({ ...eng(s), slackDays: Math.round(s.slack * 100) / 100 + 0, unblockBy: cal.dateAt(latest) });
    }
    if (item.status === 'doing' && item.started !== undefined && item.estimate !== undefined) {
      const age = todayOffset - cal.offsetOf(item.started) + (cal.isWorkingDay(dayNumber(today)) ? 1 : 0);
      if (age > item.estimate.likely) ageing.push({ ...eng(s), started: item.started, ageDays: age, expectedDays: item.estimate.likely });
    }
  }
  ageing.sort((a, b) => b.ageDays - b.expectedDays - (a.ageDays - a.expectedDays) || a.id.localeCompare(b.id));

  const horizon = addDays(today, hotSpotDays - 1);
  const periods = new Map(load.periods.filter((p) => p.to >= today && p.from <= horizon).map((p) => [p.id, p]));
  const names = new Map(load.rows.map((r) => [r.id, r.name]));
  const hotSpots = load.overAllocations
    .filter((o) => periods.has(o.period))
    .map((o) => ({ resource: o.resource, name: names.get(o.resource) ?? o.resource, period: o.period, from: periods.get(o.period)!.from, allocated: o.allocated, capacity: o.capacity }))
    .sort((a, b) => a.from.localeCompare(b.from) || b.allocated / b.capacity - a.allocated / a.capacity || a.resource.localeCompare(b.resource));

  const windowEnd = addDays(today, handoffDays - 1);
  const all: Handoff[] = [];
  for (const item of program.items) {
    const to = scheduled.get(item.id);
    if (!to || item.status === 'done' || item.status === 'cut') continue;
    for (const d of item.after) {
      const pred = d.program === undefined ? itemById.get(d.id) : undefined;
      const from = pred ? scheduled.get(pred.id) : undefined;
      if (!pred || !from || pred.status === 'done' || pred.status === 'cut') continue;
      if (pred.workstream === item.workstream) continue;
      if (from.finish < today) continue;
      all.push({ from: eng(from), to: eng(to), date: from.finish });
    }
  }
  all.sort((a, b) => a.date.localeCompare(b.date) || a.from.id.localeCompare(b.from.id) || a.to.id.localeCompare(b.to.id));
  const handoffs = all.filter((h) => h.date <= windowEnd);
  const next = handoffs.length === 0 ? all[0] : undefined;
  return { criticalPath, blocked, ageing, hotSpots, handoffs, ...(next ? { nextHandoff: next } : {}), window: { from: today, to: windowEnd } };
}
