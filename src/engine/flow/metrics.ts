/**
 * Flow metrics of a program on a status date: weekly throughput, cycle-time percentiles, WIP, ageing of open work and
 * a weekly burn-up. Pure: the status date and the window are parameters.
 *
 * Conventions (calendar days throughout, the flow-metrics convention):
 * - The window is [from, to], `to` = the status date unless given. `from` is given, or the Monday `weeks` ISO weeks back
 *   (the status date's week counts as one), or else the first finished date on or before `to`.
 * - Throughput: entries finished in the window, per ISO week (`2027-W03`), every week from `from`'s to `to`'s present
 *   (zero-filled). The first and last weeks may be partial.
 * - Cycle time = finished - started + 1 days, over entries finished in the window; percentiles by nearest rank.
 * - WIP: entries in progress on the status date. Ageing: those with a start date, age = today - started + 1 days,
 *   oldest first, `aboveP85` when the age already exceeds the window's P85 cycle time.
 * - Burn-up: one point per ISO week of the window, dated the week's Sunday (the last one: `to`); scope = entries known
 *   by then, done = entries finished by then (cumulative since the beginning, not just within the window).
 * Entries come from `flowEntries` (items and history merged by id).
 */
import type { IsoDate, Program } from '../../model/program.js';
import { dayNumber, isoDate } from '../dates.js';
import { ageDays, cycleTimeDays, percentileNearestRank } from './cycle-time.js';
import { flowEntries, isInProgressOn, type FlowEntry, type UndatedEntry } from './entries.js';
import { isoWeekOfDay, mondayOf } from './iso-week.js';

export type WeekCount = { week: string; count: number };
export type CycleTimePercentiles = { p50: number | null; p85: number | null; p95: number | null };
export type CycleTimePoint = { id: string; finished: IsoDate; days: number };
export type AgeingEntry = { id: string; days: number; aboveP85: boolean; title?: string; started: IsoDate };
export type BurnupPoint = { date: IsoDate; scope: number; done: number };

export type FlowMetrics = {
  today: IsoDate;
  window: { from: IsoDate; to: IsoDate };
  throughput: WeekCount[];
  cycleTime: CycleTimePercentiles & { items: number };
  /** Every finished entry of the window with a cycle time, by finish date (the scatter chart's points). */
  cycleTimes: CycleTimePoint[];
  wip: number;
  ageing: AgeingEntry[];
  burnup: BurnupPoint[];
  /** Entries that could not be placed in time (left out, or WIP without an age). */
  undated: UndatedEntry[];
};

export type MetricsOptions = {
  /** The status date: facts dated after it are not known yet. */
  today: IsoDate;
  from?: IsoDate;
  /** Window end (default and maximum: today). */
  to?: IsoDate;
  /** Window length in ISO weeks ending with `to`'s week; ignored when `from` is given. */
  weeks?: number;
};

/**
 * Compute the flow metrics of a program (see the module comment for every rule).
 * Example: one history row started 2027-01-04, finished 2027-01-06, today 2027-01-10 → throughput
 * [{week: '2027-W01', count: 1}], cycle time p50 = p85 = p95 = 3, wip 0, burn-up [{date: '2027-01-10', scope: 1, done: 1}].
 */
export function flowMetrics(program: Pick<Program, 'items' | 'history' | 'program'>, options: MetricsOptions): FlowMetrics {
  const { today } = options;
  const { entries, undated } = flowEntries(program, today);
  const to = options.to !== undefined && options.to < today ? options.to : today;
  const from = windowStart(entries, to, options);
  const fromDay = dayNumber(from);
  const toDay = dayNumber(to);

  const inWindow = entries.filter((e) => e.finished !== undefined && e.finished >= from && e.finished <= to);
  const throughput = weeklyThroughput(inWindow, fromDay, toDay);
  const cycleTimes = inWindow
    .flatMap((e) => {
      const days = cycleTimeDays(e);
      return days === undefined || e.finished === undefined ? [] : [{ id: e.id, finished: e.finished, days }];
    })
    .sort((a, b) => (a.finished < b.finished ? -1 : a.finished > b.finished ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const days = cycleTimes.map((c) => c.days);
  const cycleTime = {
    p50: percentileNearestRank(days, 0.5) ?? null,
    p85: percentileNearestRank(days, 0.85) ?? null,
    p95: percentileNearestRank(days, 0.95) ?? null,
    items: days.length,
  };

  const open = entries.filter((e) => isInProgressOn(e, today, today));
  const ageing = open
    .flatMap((e): AgeingEntry[] => {
      if (e.started === undefined) return [];
      const age = ageDays(e.started, today);
      return [{ id: e.id, days: age, aboveP85: cycleTime.p85 !== null && age > cycleTime.p85, ...(e.title !== undefined ? { title: e.title } : {}), started: e.started }];
    })
    .sort((a, b) => b.days - a.days || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return { today, window: { from, to }, throughput, cycleTime, cycleTimes, wip: open.length, ageing, burnup: burnup(entries, fromDay, toDay), undated };
}

function windowStart(entries: readonly FlowEntry[], to: IsoDate, options: MetricsOptions): IsoDate {
  if (options.from !== undefined) return options.from < to ? options.from : to;
  if (options.weeks !== undefined) return isoDate(mondayOf(dayNumber(to)) - 7 * (Math.max(1, options.weeks) - 1));
  let first: IsoDate | undefined;
  for (const e of entries) if (e.finished !== undefined && e.finished <= to && (first === undefined || e.finished < first)) first = e.finished;
  return first ?? to;
}

/** Counts per ISO week from fromDay's week to toDay's week, zero-filled; entries must already be in the window. */
function weeklyThroughput(finished: readonly FlowEntry[], fromDay: number, toDay: number): WeekCount[] {
  const first = mondayOf(fromDay);
  const counts = new Array<number>(Math.floor((mondayOf(toDay) - first) / 7) + 1).fill(0);
  for (const e of finished) if (e.finished !== undefined) counts[Math.floor((dayNumber(e.finished) - first) / 7)]++;
  return counts.map((count, i) => ({ week: isoWeekOfDay(first + 7 * i), count }));
}

/** Weekly burn-up points: each ISO week's Sunday (the last capped at toDay). */
function burnup(entries: readonly FlowEntry[], fromDay: number, toDay: number): BurnupPoint[] {
  const known = entries.map((e) => dayNumber(e.known)).sort((a, b) => a - b);
  const done = entries.flatMap((e) => (e.finished === undefined ? [] : [dayNumber(e.finished)])).sort((a, b) => a - b);
  const points: BurnupPoint[] = [];
  let k = 0;
  let d = 0;
  for (let monday = mondayOf(fromDay); monday <= toDay; monday += 7) {
    const day = Math.min(monday + 6, toDay);
    while (k < known.length && known[k] <= day) k++;
    while (d < done.length && done[d] <= day) d++;
    points.push({ date: isoDate(day), scope: k, done: d });
  }
  return points;
}

