/**
 * The timeline's geometry, as pure functions (unit-tested in Node): which rows exist (milestones, then items grouped
 * by workstream), the day range and scale per zoom, the axis ticks, and which rows a scroll position shows.
 */
import { dayOf, isoOfDay } from '../format.js';
import type { ForecastJson, ScheduledItem, ScheduledMilestone, ScheduleJson, Zoom } from '../types.js';

export const ROW_HEIGHT = 28;
export const HEADER_HEIGHT = 40;
export const LABEL_WIDTH = 340;
/** The label column at 900 px wide or less (a tablet): the bars keep most of the width. */
export const NARROW_LABEL_WIDTH = 230;

/** Pixels per calendar day at each zoom. */
export const PX_PER_DAY: Record<Zoom, number> = { week: 22, month: 6, quarter: 2 };

/** The P50–P95 band of a milestone, as ISO dates. */
export type Band = { p50: string; p85: string; p95: string; probabilityOnDate?: number };

export type Row =
  | { kind: 'group'; key: string; label: string; count: number; critical: number; collapsed: boolean }
  | { kind: 'item'; item: ScheduledItem }
  | { kind: 'milestone'; milestone: ScheduledMilestone; band?: Band };

export const MILESTONES_GROUP = '__milestones';
export const NO_WORKSTREAM = '__none';

/**
 * The rows in display order: a "Milestones" group, then one group per workstream in order of first appearance
 * (items without one last), each followed by its items unless collapsed. Example: 2 workstreams × 3 items and
 * 1 milestone → 1 + 1 + 2 × (1 + 3) = 10 rows.
 */
export function buildRows(schedule: ScheduleJson, collapsed: ReadonlySet<string>, bands: ReadonlyMap<string, Band> = new Map()): Row[] {
  const rows: Row[] = [];
  if (schedule.milestones.length > 0) {
    const open = !collapsed.has(MILESTONES_GROUP);
    rows.push({ kind: 'group', key: MILESTONES_GROUP, label: 'Milestones', count: schedule.milestones.length, critical: schedule.milestones.filter((m) => m.critical).length, collapsed: !open });
    if (open) for (const m of schedule.milestones) rows.push({ kind: 'milestone', milestone: m, ...(bands.has(m.id) ? { band: bands.get(m.id)! } : {}) });
  }
  const groups = new Map<string, ScheduledItem[]>();
  for (const item of schedule.items) {
    const key = item.workstream ?? NO_WORKSTREAM;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(item);
  }
  const keys = [...groups.keys()].sort((a, b) => (a === NO_WORKSTREAM ? 1 : 0) - (b === NO_WORKSTREAM ? 1 : 0));
  for (const key of keys) {
    const items = groups.get(key)!;
    const isCollapsed = collapsed.has(key);
    rows.push({ kind: 'group', key, label: key === NO_WORKSTREAM ? 'No workstream' : key, count: items.length, critical: items.filter((i) => i.critical).length, collapsed: isCollapsed });
    if (!isCollapsed) for (const item of items) rows.push({ kind: 'item', item });
  }
  return rows;
}

/** Milestone bands by id from a forecast. */
export function bandsOf(forecast: ForecastJson | undefined): Map<string, Band> {
  const map = new Map<string, Band>();
  for (const m of forecast?.milestones ?? []) map.set(m.id, { p50: m.p50, p85: m.p85, p95: m.p95, ...(typeof m.probabilityOnDate === 'number' ? { probabilityOnDate: m.probabilityOnDate } : {}) });
  return map;
}

/** The day range drawn: from the earliest start (or today) to the latest finish, committed date, P95 or target, with a week of margin each side. */
export function dayRange(schedule: ScheduleJson, bands: ReadonlyMap<string, Band>): { from: number; to: number } {
  let from = Math.min(dayOf(schedule.program.start), dayOf(schedule.program.today));
  let to = Math.max(dayOf(schedule.program.finish), dayOf(schedule.program.today));
  const see = (iso: string | undefined) => {
    if (iso === undefined) return;
    const d = dayOf(iso);
    from = Math.min(from, d);
    to = Math.max(to, d);
  };
  for (const i of schedule.items) {
    see(i.start);
    see(i.finish);
  }
  for (const m of schedule.milestones) {
    see(m.date);
    see(m.committed);
  }
  for (const b of bands.values()) see(b.p95);
  see(schedule.program.target);
  return { from: from - 7, to: to + 7 };
}

/**
 * The rows to render for a scroll position: indexes `first` (inclusive) to `last` (exclusive), with `overscan`
 * extra rows each side. Example: scrollTop 280, height 560, rows of 28 → rows 10..30, plus overscan.
 */
export function visibleRows(scrollTop: number, viewportHeight: number, total: number, overscan = 10): { first: number; last: number } {
  // Clamped to `total`: after a group collapses the scroll position may lie past the last row for a frame.
  const first = Math.min(total, Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - overscan));
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / ROW_HEIGHT) + overscan);
  return { first, last: Math.max(first, last) };
}

export type Tick = { day: number; label: string; major: boolean };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Axis ticks for a zoom: Mondays (week), month starts (month) or quarter starts (quarter; months unlabelled);
 * a tick is major at a year start (week: at a month start).
 */
export function axisTicks(from: number, to: number, zoom: Zoom): Tick[] {
  const ticks: Tick[] = [];
  for (let d = from; d <= to; d++) {
    const iso = isoOfDay(d);
    const month = Number(iso.slice(5, 7));
    const date = Number(iso.slice(8, 10));
    if (zoom === 'week') {
      // 1970-01-01 was a Thursday, so day numbers ≡ 4 (mod 7) are Mondays.
      if ((((d - 4) % 7) + 7) % 7 === 0) ticks.push({ day: d, label: `${date} ${MONTHS[month - 1]}`, major: date <= 7 });
    } else if (date === 1) {
      const quarterStart = (month - 1) % 3 === 0;
      if (zoom === 'month') ticks.push({ day: d, label: month === 1 ? `${MONTHS[0]} ${iso.slice(0, 4)}` : MONTHS[month - 1], major: month === 1 });
      else if (quarterStart) ticks.push({ day: d, label: `Q${(month + 2) / 3} ${iso.slice(0, 4)}`, major: month === 1 });
    }
  }
  return ticks;
}

/** The accessible name of a row: what a screen reader says and what tests find it by. */
export function rowName(row: Row, bandLabel = 'P50–P95'): string {
  if (row.kind === 'group') return `${row.label}: ${row.count} ${row.key === MILESTONES_GROUP ? 'milestones' : 'items'}${row.critical > 0 ? `, ${row.critical} critical` : ''}, ${row.collapsed ? 'collapsed' : 'expanded'}`;
  if (row.kind === 'item') {
    const i = row.item;
    return `${i.id} ${i.title}, ${i.status}, ${i.start} to ${i.finish}${i.owner ? `, owner ${i.owner}` : ''}${i.critical ? ', critical' : `, ${i.slack} days slack`}`;
  }
  const m = row.milestone;
  const band = row.band ? `, forecast ${bandLabel} ${row.band.p50} to ${row.band.p95}` : '';
  return `Milestone ${m.title}, planned ${m.date}${m.committed ? `, committed ${m.committed}` : ''}${band}${m.critical ? ', critical' : ''}${m.late ? ', late' : ''}`;
}

/** What a what-if scenario changes on the timeline: moved bars (ISO spans), cut or removed items, milestone dates. */
export type ScenarioOverlay = {
  bars: Readonly<Record<string, { start: string; finish: string }>>;
  gone: ReadonlySet<string>;
  milestones: ReadonlyMap<string, { after: string; deltaDays: number }>;
  /** The program's finish under the scenario. */
  finish?: { after: string; deltaDays: number };
};

/** A working-day delta in words: "5 working days later", "1 working day earlier", "unchanged". */
export function deltaWords(days: number): string {
  const d = Math.round(Math.abs(days) * 10) / 10;
  if (d === 0) return 'unchanged';
  return `${d} working ${d === 1 ? 'day' : 'days'} ${days > 0 ? 'later' : 'earlier'}`;
}

/**
 * What a row's accessible name adds under a scenario. Example: a milestone moved 5 working days →
 * ", scenario 2027-01-14, 5 working days later"; a moved item → ", scenario 2026-12-01 to 2026-12-10".
 */
export function scenarioNote(row: Row, overlay: ScenarioOverlay | undefined): string {
  if (!overlay || row.kind === 'group') return '';
  if (row.kind === 'item') {
    const id = row.item.id;
    if (overlay.gone.has(id)) return ', cut in the scenario';
    const bar = overlay.bars[id];
    return bar ? `, scenario ${bar.start} to ${bar.finish}` : '';
  }
  const m = overlay.milestones.get(row.milestone.id);
  if (!m) return '';
  return m.deltaDays === 0 ? ', scenario unchanged' : `, scenario ${m.after}, ${deltaWords(m.deltaDays)}`;
}
