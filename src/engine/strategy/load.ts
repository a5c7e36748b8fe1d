/**
 * Delegation and load: allocation against capacity per person and team from the (levelled) schedule, by ISO week or
 * calendar month, and single points of failure.
 *
 * Semantics:
 * - Allocation: every open or doing item uses `needs[r]` units of resource r on each working day it works, in
 *   proportion to the part of the day it covers (a half-day item allocates 0.5 units); days on which the item is
 *   paused (its people's days off) allocate nothing. Doing items allocate their remaining work from the data date.
 *   Done and cut items allocate nothing.
 * - Capacity of a period: capacity x the working days of the period inside the horizon, minus a person's days off.
 *   The horizon runs from the data date (or program start, if later) to the last working day of scheduled work.
 * - Utilisation = allocated / capacity (0 when capacity is 0). A period is over-allocated when allocated > capacity:
 *   it happens with pinned in-progress work, or when the schedule is not levelled.
 * - Single points of failure:
 *   - `critical-path-person`: a person who works on critical items on more than half of the working days on which
 *     some critical item is worked (share = their critical days / all critical days, both within the horizon);
 *   - `single-skill`: a skill (people[].skills) that exactly one person has;
 *   - `lead-only-contributor`: a workstream with open items whose only contributor (owners and needs of its open
 *     items) is its lead.
 * Pure: no clock, no I/O.
 */
import type { IsoDate, Person, Portfolio, Program } from '../../model/program.js';
import { EPS } from '../cpm.js';
import { dayNumber, isoDate, weekdayIndex } from '../dates.js';
import { compilePortfolio, compileProgram, NODE_DOING, NODE_DONE, type Network } from '../network.js';
import { skipPauses } from '../pauses.js';
import { scheduleNetwork, type ScheduleOptions, type ScheduleResult } from '../schedule.js';

export type LoadPeriodKind = 'week' | 'month';

export type LoadOptions = ScheduleOptions & { by?: LoadPeriodKind; criticalShare?: number };

export type LoadPeriod = { id: string; from: IsoDate; to: IsoDate; workingDays: number };

export type LoadCell = { allocated: number; capacity: number; utilisation: number };

export type LoadRow = {
  id: string;
  kind: 'person' | 'team';
  name: string;
  /** Units per working day (a person's fraction of full time, a team's head count). */
  capacityPerDay: number;
  /** One cell per period, same order as `periods`. */
  cells: LoadCell[];
  allocated: number;
  capacity: number;
  utilisation: number;
  /** Ids of the periods where allocated > capacity. */
  overAllocated: string[];
};

export type SinglePointOfFailure =
  | { kind: 'critical-path-person'; person: string; share: number; message: string }
  | { kind: 'single-skill'; skill: string; person: string; message: string }
  | { kind: 'lead-only-contributor'; workstream: string; person: string; message: string };

export type LoadReport = {
  by: LoadPeriodKind;
  periods: LoadPeriod[];
  rows: LoadRow[];
  overAllocations: { resource: string; period: string; allocated: number; capacity: number }[];
  singlePoints: SinglePointOfFailure[];
  levelled: boolean;
  today: IsoDate;
};

const round2 = (x: number): number => Math.round(x * 100) / 100 + 0;

/**
 * Load of a program or portfolio (see the module comment). Example: one person on two 5-day items in a row from
 * Monday 2027-01-04 has 5 units allocated in 2027-W01 and in 2027-W02, 100% each.
 */
export function loadReport(subject: Program | Portfolio, options: LoadOptions): LoadReport {
  const portfolio = 'programs' in subject ? subject : undefined;
  const programs = portfolio ? portfolio.programs : [subject as Program]; // Program when not a portfolio (checked just above).
  const net = portfolio ? compilePortfolio(portfolio, options) : compileProgram(programs[0], options);
  const schedule = scheduleNetwork(net, options, portfolio);
  return loadFromSchedule(net, schedule, programs, options);
}

/** The load of an already scheduled network (the schedule must come from `net`). */
export function loadFromSchedule(net: Network, schedule: ScheduleResult, programs: Program[], options: LoadOptions): LoadReport {
  const by = options.by ?? 'week';
  const { axis } = net;
  // Axis offsets of each item's work (schedule items are in their program's own offsets).
  const toAxis = (pi: number, t: number): number => {
    if (!net.portfolio) return t;
    const cal = net.programs[pi].calendar;
    const k = Math.floor(t + EPS);
    return axis.offsetOnOrAfter(cal.dayAt(k)) + Math.max(0, t - k);
  };
  let h0 = Infinity;
  for (const np of net.programs) h0 = Math.min(h0, np.release);
  let h1 = h0;
  const work: { j: number; a: number; b: number }[] = [];
  for (let j = 0; j < net.nItems; j++) {
    const st = net.status[j];
    if (st === NODE_DONE || net.duration[j] <= 0) continue;
    const it = schedule.items[j];
    const pi = net.nodeProgram[j];
    let a = toAxis(pi, it.es);
    const b = toAxis(pi, it.ef);
    if (st === NODE_DOING) {
      a = net.release[j];
      const p = net.pauses[j];
      if (p !== null) a = skipPauses(p, a);
    }
    if (b <= a + EPS) continue;
    work.push({ j, a, b });
    if (b > h1) h1 = b;
  }
  const dayCount = Math.max(0, Math.ceil(h1 - EPS) - h0);

  // Periods over the horizon's working days.
  const periodOfDay = new Int32Array(dayCount);
  const periods: LoadPeriod[] = [];
  for (let d = 0; d < dayCount; d++) {
    const day = axis.dayAt(h0 + d);
    const id = by === 'week' ? isoWeek(day) : isoDate(day).slice(0, 7);
    const last = periods[periods.length - 1];
    if (last && last.id === id) {
      last.to = isoDate(day);
      last.workingDays++;
    } else {
      periods.push({ id, from: isoDate(day), to: isoDate(day), workingDays: 1 });
    }
    periodOfDay[d] = periods.length - 1;
  }

  // Allocation per resource and day.
  const R = net.resources.length;
  const alloc = Array.from({ length: R }, () => new Float64Array(dayCount));
  const critDay = new Uint8Array(dayCount);
  const critByRes = Array.from({ length: R }, () => new Uint8Array(dayCount));
  for (const { j, a, b } of work) {
    const p = net.pauses[j];
    const critical = schedule.items[j].critical;
    for (let k = Math.floor(a + EPS); k < Math.ceil(b - EPS); k++) {
      const d = k - h0;
      if (d < 0 || d >= dayCount || paused(p, k)) continue;
      const part = Math.min(b, k + 1) - Math.max(a, k);
      if (part <= EPS) continue;
      if (critical) critDay[d] = 1;
      for (let e = net.demStart[j]; e < net.demStart[j + 1]; e++) {
        const r = net.demRes[e];
        alloc[r][d] += net.demUnits[e] * part;
        if (critical) critByRes[r][d] = 1;
      }
    }
  }

  // Capacity per resource and period, people's days off removed.
  const people = new Map<string, Person>();
  const names = new Map<string, string>();
  for (const p of programs) {
    for (const x of p.people) if (!people.has(x.id)) people.set(x.id, x);
    for (const t of p.teams) if (!names.has(t.id)) names.set(t.id, t.name);
  }
  const rows: LoadRow[] = [];
  const overAllocations: LoadReport['overAllocations'] = [];
  for (let r = 0; r < R; r++) {
    const res = net.resources[r];
    const person = people.get(res.id);
    const off = person && person.off.length > 0 ? axis.offsetRanges(person.off) : null;
    const cells: LoadCell[] = periods.map(() => ({ allocated: 0, capacity: 0, utilisation: 0 }));
    for (let d = 0; d < dayCount; d++) {
      const cell = cells[periodOfDay[d]];
      cell.allocated += alloc[r][d];
      if (!paused(off, h0 + d)) cell.capacity += net.capacity[r];
    }
    let allocated = 0;
    let capacity = 0;
    const over: string[] = [];
    cells.forEach((c, i) => {
      allocated += c.allocated;
      capacity += c.capacity;
      c.allocated = round2(c.allocated);
      c.capacity = round2(c.capacity);
      c.utilisation = c.capacity > 0 ? round2(c.allocated / c.capacity) : 0;
      if (c.allocated > c.capacity + 1e-6) {
        over.push(periods[i].id);
        overAllocations.push({ resource: res.id, period: periods[i].id, allocated: c.allocated, capacity: c.capacity });
      }
    });
    rows.push({
      id: res.id,
      kind: res.kind,
      name: person?.name ?? names.get(res.id) ?? res.id,
      capacityPerDay: net.capacity[r],
      cells,
      allocated: round2(allocated),
      capacity: round2(capacity),
      utilisation: capacity > 0 ? round2(allocated / capacity) : 0,
      overAllocated: over,
    });
  }

  // Single points of failure.
  const singlePoints: SinglePointOfFailure[] = [];
  const threshold = options.criticalShare ?? 0.5;
  let critDays = 0;
  for (let d = 0; d < dayCount; d++) critDays += critDay[d];
  if (critDays > 0) {
    for (let r = 0; r < R; r++) {
      if (net.resources[r].kind !== 'person') continue;
      let mine = 0;
      for (let d = 0; d < dayCount; d++) mine += critByRes[r][d];
      const share = mine / critDays;
      if (share > threshold) {
        const id = net.resources[r].id;
        singlePoints.push({
          kind: 'critical-path-person',
          person: id,
          share: round2(share),
          message: `${id} works on critical items on ${mine} of the ${critDays} working days with critical work (${Math.round(share * 100)}%)`,
        });
      }
    }
  }
  const holders = new Map<string, string[]>();
  for (const x of people.values()) {
    for (const s of x.skills) {
      const list = holders.get(s);
      if (list) list.push(x.id);
      else holders.set(s, [x.id]);
    }
  }
  for (const [skill, list] of [...holders].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (list.length === 1) {
      singlePoints.push({ kind: 'single-skill', skill, person: list[0], message: `only ${list[0]} has the skill ${skill}` });
    }
  }
  for (const p of programs) {
    for (const ws of p.workstreams) {
      if (ws.lead === undefined) continue;
      const contributors = new Set<string>();
      let open = 0;
      for (const it of p.items) {
        if (it.workstream !== ws.id || it.status === 'done' || it.status === 'cut') continue;
        open++;
        if (it.owner !== undefined) contributors.add(it.owner);
        for (const r of Object.keys(it.needs)) contributors.add(r);
      }
      if (open > 0 && contributors.size === 1 && contributors.has(ws.lead)) {
        singlePoints.push({
          kind: 'lead-only-contributor',
          workstream: ws.id,
          person: ws.lead,
          message: `${ws.lead} leads workstream ${ws.id} and is its only contributor (${open} open item${open > 1 ? 's' : ''})`,
        });
      }
    }
  }

  return { by, periods, rows, overAllocations, singlePoints, levelled: schedule.levelled, today: options.today };
}

/** True when whole day k is inside one of the half-open ranges. */
function paused(p: Int32Array | null, k: number): boolean {
  if (p === null) return false;
  for (let i = 0; i < p.length; i += 2) {
    if (p[i] > k) return false;
    if (k < p[i + 1]) return true;
  }
  return false;
}

/** ISO 8601 week id (`2027-W03`) of a day number: the week belongs to the year of its Thursday. */
export function isoWeek(day: number): string {
  const mondayBased = (weekdayIndex(day) + 6) % 7;
  const thursday = day - mondayBased + 3;
  const year = isoDate(thursday).slice(0, 4);
  const week = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
