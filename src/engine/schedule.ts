/**
 * `vantage schedule`: the deterministic schedule of a program or portfolio, dependency-only (critical path method) or
 * resource-levelled.
 *
 * Time axis and dates (see network.ts for how each item status is handled):
 * - Offsets are working days from the program start: offset 0 is the first working day on or after program.start.
 *   They may be fractional (an estimate of `4h` is 0.5). `ef` and `lf` are exclusive.
 * - An item's `start` is the date of working day floor(es); its `finish` is the last working day of work, the date of
 *   working day ceil(ef) - 1 (a zero-duration item finishes on its start date). Done and doing items show their actual
 *   `started` / `finished` dates when the file gives them.
 * - A milestone's `date` is the finish date of the latest of its `after` items (moved by the lag, if any) and its
 *   `offset` is max(ef + lag) over them; with no `after`, the program start.
 * - Open items never start before the data date (`today`) nor the program start.
 *
 * Levelling (`level`): 'auto' (default) levels when some resource's demand would exceed its capacity on some slot of
 * the dependency-only schedule; `true` always; `false` never. The levelled schedule comes from the kernel in
 * src/engine/rcpsp on an integer slot axis (1 slot per working day when every duration and lag is whole, else 2, 4 or 8,
 * rounding to the nearest slot): a serial schedule generation scheme with the latest-finish priority rule, improved by
 * forward-backward justification and, within a budget of generated schedules, the search of rcpsp/search.ts
 * (seeded, so reproducible). Then es/ef are the levelled dates, ls/lf come from right-justifying every item as late
 * as possible without moving the finish (so slack = ls - es includes resource effects), and `critical` marks the
 * resource-critical chain. Free slack stays precedence-only (capped at total slack). In-progress (`doing`) items are
 * pinned and may overload a resource (the work is happening); their slack is how far their finish may move before a
 * successor must. `delayedBy` is how much later than in the
 * dependency-only schedule an item starts; `delayedByResource` names a resource of the item that was full when it could
 * otherwise have started (a cheap explanation, not a proof).
 *
 * Slack is measured against the project finish (max ef over items and milestones: a milestone with a lag can end the
 * program), not the target. `done` items are never critical. The project finish, its date and every slack are in the
 * program's own working days; in a portfolio the top-level `program` is the whole portfolio on its shared axis.
 *
 * Speed: compile + both passes + results for 100,000 items take a few hundred milliseconds; the passes alone ~10 ms.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { IsoDate, ItemStatus, Portfolio, Program } from '../model/program.js';
import { criticalChains, criticalPathMethod, EPS, fillSlack, pauseEndingAfter, skipPauses, type CpmTimes } from './cpm.js';
import { dayNumber, isoDate } from './dates.js';
import {
  chooseSlotsPerDay,
  compilePortfolio,
  compileProgram,
  instanceOf,
  NODE_DOING,
  NODE_DONE,
  NODE_MILESTONE,
  type Network,
  type NetworkProgram,
} from './network.js';
import type { Instance, Solution } from './rcpsp/instance.js';
import { priorityOrder, SgsKernel } from './rcpsp/sgs.js';
import { improveSchedule } from './rcpsp/search.js';

export type ScheduleOptions = {
  /** The status date (ISO): open work never starts before it. */
  today: IsoDate;
  /** 'auto' (default): level only when some resource would be over capacity. */
  level?: boolean | 'auto';
  /**
   * Budget of generated schedules for the levelling search (default: defaultSearchBudget(nodes), 100,000 / nodes
   * capped at 1,000 and 0 below 10; forward-backward justification always runs).
   */
  schedules?: number;
  /** Seed of the levelling search (default 1): the same seed gives the same schedule. */
  seed?: number;
  /** At most this many critical chains are listed (default 10). */
  maxChains?: number;
};

export type ProgramSummary = {
  id: string;
  name: string;
  /** The first working day (offset 0). */
  start: IsoDate;
  /** The last working day of work (the start date when there is no work). */
  finish: IsoDate;
  /** Max ef, in working days from the start. */
  finishOffset: number;
  target?: IsoDate;
  /** True when finish is after target. */
  late?: boolean;
  /** Working days from finish to target (negative when late). */
  marginDays?: number;
  levelled: boolean;
  /** The data date used. */
  today: IsoDate;
};

export type ScheduledItem = {
  id: string;
  /** The item's program (portfolio only). */
  program?: string;
  title: string;
  status: ItemStatus;
  workstream?: string;
  owner?: string;
  start: IsoDate;
  finish: IsoDate;
  es: number;
  ef: number;
  ls: number;
  lf: number;
  slack: number;
  freeSlack: number;
  critical: boolean;
  /** Working days of work scheduled (remaining work for a doing item, actual length for a done one). */
  duration: number;
  /** Levelled only, when > 0: working days later than the dependency-only start. */
  delayedBy?: number;
  /** Levelled only: a resource of the item that was full when it could otherwise have started. */
  delayedByResource?: string;
};

export type ScheduledMilestone = {
  id: string;
  program?: string;
  title: string;
  date: IsoDate;
  offset: number;
  /** The committed date from the file. */
  committed?: IsoDate;
  late?: boolean;
  /** Working days from date to committed (negative when late). */
  marginDays?: number;
  slack: number;
  critical: boolean;
};

export type ScheduleResult = {
  /** The program; for a portfolio, the portfolio as a whole on its shared axis (see `programs`). */
  program: ProgramSummary;
  /** Portfolio only: each program with offsets in its own working days. */
  programs?: ProgramSummary[];
  items: ScheduledItem[];
  milestones: ScheduledMilestone[];
  /** Critical items ordered by es (portfolio: `<program>/<id>`). */
  criticalPath: string[];
  /** Distinct critical chains from start to finish (at most maxChains). */
  criticalChains: string[][];
  levelled: boolean;
  /** Slots per working day used by levelling (absent when not levelled). */
  slotsPerDay?: number;
  warnings: Diagnostic[];
};

/**
 * Schedule one program. Example: items a (3d) and b (2d, after a) from Monday 2027-01-04 give a: es 0, ef 3,
 * 2027-01-04..2027-01-06 and b: es 3, ef 5, 2027-01-07..2027-01-08, both critical.
 */
export function scheduleProgram(program: Program, options: ScheduleOptions): ScheduleResult {
  return scheduleNetwork(compileProgram(program, options), options);
}

/**
 * Schedule a portfolio as one network: cross-program dependencies hold, shared people are one resource, each item
 * keeps its program's calendar. Items and milestones carry `program` and offsets in their own program's working days.
 */
export function schedulePortfolio(portfolio: Portfolio, options: ScheduleOptions): ScheduleResult {
  return scheduleNetwork(compilePortfolio(portfolio, options), options, portfolio);
}

/** Times on the network axis: the CPM result, or the levelled one. */
type Times = CpmTimes & { delayedBy?: Float64Array; delayedByResource?: Int32Array; slotsPerDay?: number };

/** Schedule a compiled network (see the module comment). */
export function scheduleNetwork(net: Network, options: ScheduleOptions, portfolio?: Portfolio): ScheduleResult {
  const warnings = [...net.warnings];
  const cpm = criticalPathMethod(net);
  let times: Times = cpm;
  let levelled = false;
  const mode = options.level ?? 'auto';
  if (mode !== false && net.n > 0) {
    const { slotsPerDay, exact } = chooseSlotsPerDay(net);
    if (mode === true || overloaded(net, cpm, slotsPerDay)) {
      if (!exact) {
        warnings.push({
          code: 'duration-rounded',
          severity: 'warning',
          message: `levelling rounds durations and lags to 1/${slotsPerDay} of a working day`,
        });
      }
      times = level(net, cpm, slotsPerDay, options);
      levelled = true;
    }
  }
  const maxChains = options.maxChains ?? 10;
  const chainLinks = levelled ? resourceLinks(net, times) : undefined;
  const chains = criticalChains(net, times, maxChains, chainLinks);
  return buildResult(net, times, levelled, chains, warnings, options, portfolio);
}

// ---------------------------------------------------------------------------------------------------------------
// Resource usage on the slot axis.

/** Per resource: breakpoints (slot) and the usage from each breakpoint to the next. */
type Usage = { slots: Int32Array[]; level: Float64Array[] };

const PACK = 2 ** 21;

/**
 * The usage profile of a schedule given in slots (startSlot[j] = where node j's work begins). Done nodes and
 * zero-duration nodes use nothing; pauses are skipped.
 */
function usageProfile(net: Network, startSlot: Int32Array, finishSlot: Int32Array, slotsPerDay: number): Usage {
  const R = net.resources.length;
  const evSlot: number[][] = Array.from({ length: R }, () => []);
  const evDelta: number[][] = Array.from({ length: R }, () => []);
  const { demStart, demRes, demUnits, status, pauses } = net;
  for (let j = 0; j < net.n; j++) {
    const k0 = demStart[j];
    const k1 = demStart[j + 1];
    if (k0 === k1 || status[j] === NODE_DONE) continue;
    const a = startSlot[j];
    const b = finishSlot[j];
    if (b <= a) continue;
    const p = pauses[j];
    for (let k = k0; k < k1; k++) {
      const r = demRes[k];
      const u = demUnits[k];
      evSlot[r].push(a, b);
      evDelta[r].push(u, -u);
      if (p !== null) {
        // Pauses are whole days; start at the first one that ends after a (portfolio pause lists can be long).
        for (let i = 2 * pauseEndingAfter(p, a / slotsPerDay); i < p.length && p[i] * slotsPerDay < b; i += 2) {
          const pa = Math.max(a, p[i] * slotsPerDay);
          const pb = Math.min(b, p[i + 1] * slotsPerDay);
          if (pb > pa) {
            evSlot[r].push(pa, pb);
            evDelta[r].push(-u, u);
          }
        }
      }
    }
  }
  const slots: Int32Array[] = [];
  const level: Float64Array[] = [];
  for (let r = 0; r < R; r++) {
    const s = evSlot[r];
    const m = s.length;
    const order = new Int32Array(m);
    if (m < PACK) {
      const keys = new Float64Array(m);
      for (let i = 0; i < m; i++) keys[i] = s[i] * PACK + i;
      keys.sort();
      for (let i = 0; i < m; i++) order[i] = keys[i] - Math.floor(keys[i] / PACK) * PACK;
    } else {
      const idx = Array.from({ length: m }, (_, i) => i).sort((x, y) => s[x] - s[y]);
      order.set(idx);
    }
    const outSlot: number[] = [];
    const outLevel: number[] = [];
    let cur = 0;
    for (let i = 0; i < m; ) {
      const slot = s[order[i]];
      while (i < m && s[order[i]] === slot) cur += evDelta[r][order[i++]];
      outSlot.push(slot);
      outLevel.push(cur);
    }
    slots.push(Int32Array.from(outSlot));
    level.push(Float64Array.from(outLevel));
  }
  return { slots, level };
}

/** Where each node's work begins and ends, in slots (doing nodes: their remaining work, not their actual start). */
function workSlots(net: Network, es: Float64Array, ef: Float64Array, slotsPerDay: number): [Int32Array, Int32Array] {
  const a = new Int32Array(net.n);
  const b = new Int32Array(net.n);
  for (let j = 0; j < net.n; j++) {
    const d = net.duration[j];
    const end = ef[j];
    b[j] = Math.round(end * slotsPerDay);
    let begin = es[j];
    if (net.status[j] === NODE_DOING) {
      // The remaining work runs from the release, outside pauses.
      begin = net.release[j];
      const p = net.pauses[j];
      if (p !== null && d > 0) begin = skipPauses(p, begin);
    }
    a[j] = Math.round(begin * slotsPerDay);
  }
  return [a, b];
}

/** True when the dependency-only schedule puts some resource over capacity on some slot. */
function overloaded(net: Network, cpm: CpmTimes, slotsPerDay: number): boolean {
  if (net.demRes.length === 0) return false;
  const [a, b] = workSlots(net, cpm.es, cpm.ef, slotsPerDay);
  const usage = usageProfile(net, a, b, slotsPerDay);
  for (let r = 0; r < net.resources.length; r++) {
    const cap = net.capacity[r] + 1e-9;
    const lv = usage.level[r];
    for (let i = 0; i < lv.length; i++) if (lv[i] > cap) return true;
  }
  return false;
}

/** Index of the first breakpoint after slot t. */
function firstAfter(slots: Int32Array, t: number): number {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (slots[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Usage of resource r at slot t. */
function usageAt(usage: Usage, r: number, t: number): number {
  const i = firstAfter(usage.slots[r], t);
  return i === 0 ? 0 : usage.level[r][i - 1];
}

// ---------------------------------------------------------------------------------------------------------------
// Levelling.

/**
 * Default search budget: about 100,000 activity placements (roughly 0.1 s), at most 1,000 schedules, and none below
 * 10 (plans above 10,000 items get the priority rule and forward-backward justification only: the search gains
 * little there and costs seconds).
 */
export function defaultSearchBudget(n: number): number {
  const budget = Math.min(1000, Math.floor(100_000 / Math.max(1, n)));
  return budget < 10 ? 0 : budget;
}

function level(net: Network, cpm: CpmTimes, slotsPerDay: number, options: ScheduleOptions): Times {
  const inst = instanceOf(net, slotsPerDay);
  // One kernel for the priority-rule schedule, forward-backward improvement and the final right-justification
  // (as serialSgs, forwardBackward and justifyRight do, without building the kernel three times).
  const kernel = new SgsKernel(inst);
  let sol: Solution = kernel.solution(kernel.decode(priorityOrder(inst, 'lft')));
  for (let pass = 0; pass < 4; pass++) {
    kernel.justifyRight(sol.start, sol.finish, sol.makespan);
    const makespan = kernel.justifyLeft(kernel.start);
    if (makespan >= sol.makespan) break;
    sol = kernel.solution(makespan);
  }
  const budget = options.schedules ?? defaultSearchBudget(net.n);
  if (budget > 0) sol = improveSchedule(inst, { schedules: budget, seed: options.seed ?? 1, initial: sol });
  const right = kernel.solution(kernel.justifyRight(sol.start, sol.finish, sol.makespan));

  const n = net.n;
  const s = slotsPerDay;
  const es = new Float64Array(n);
  const ef = new Float64Array(n);
  const ls = new Float64Array(n);
  const lf = new Float64Array(n);
  let finish = 0;
  for (let j = 0; j < n; j++) {
    const st = net.status[j];
    if (st === NODE_DONE) {
      es[j] = net.fixedStart[j];
      ef[j] = net.fixedFinish[j];
    } else {
      es[j] = st === NODE_DOING ? net.fixedStart[j] : sol.start[j] / s;
      ef[j] = sol.finish[j] / s;
      ls[j] = right.start[j] / s;
      lf[j] = right.finish[j] / s;
    }
    if (j === 0 || ef[j] > finish) finish = ef[j];
  }
  // Fixed nodes: how far their finish may move before a free successor must move (precedence only).
  for (let k = net.topo.length - 1; k >= 0; k--) {
    const j = net.topo[k];
    const st = net.status[j];
    if (st !== NODE_DONE && st !== NODE_DOING) continue;
    let t = finish;
    for (let e = net.succStart[j]; e < net.succStart[j + 1]; e++) {
      const q = net.succIdx[e];
      if (net.status[q] === NODE_DONE || net.status[q] === NODE_DOING) continue;
      const v = ls[q] - net.succLag[e];
      if (v < t) t = v;
    }
    lf[j] = t;
    ls[j] = es[j] + (t - ef[j]);
  }
  const slack = new Float64Array(n);
  const freeSlack = new Float64Array(n);
  const critical = new Uint8Array(n);
  fillSlack(net, es, ef, ls, lf, finish, slack, freeSlack, critical);
  const { delayedBy, delayedByResource } = explainDelays(net, inst, sol, cpm, es, slotsPerDay);
  return { es, ef, ls, lf, slack, freeSlack, critical, finish, delayedBy, delayedByResource, slotsPerDay };
}

/** delayedBy (levelled es - dependency-only es) and a resource that was full just before the item started. */
function explainDelays(
  net: Network,
  inst: Instance,
  sol: Solution,
  cpm: CpmTimes,
  es: Float64Array,
  slotsPerDay: number,
): { delayedBy: Float64Array; delayedByResource: Int32Array } {
  const n = net.n;
  const delayedBy = new Float64Array(n);
  const delayedByResource = new Int32Array(n).fill(-1);
  const usage = usageProfile(net, sol.start, sol.finish, slotsPerDay);
  for (let j = 0; j < net.nItems; j++) {
    if (net.status[j] !== 0) continue;
    const d = es[j] - cpm.es[j];
    if (d <= EPS) continue;
    delayedBy[j] = d;
    // The precedence-feasible start in the levelled schedule; if the item started later, a resource held it back.
    let est = inst.release[j];
    for (let e = inst.predStart[j]; e < inst.predStart[j + 1]; e++) {
      const v = sol.finish[inst.predIdx[e]] + inst.predLag[e];
      if (v > est) est = v;
    }
    const start = sol.start[j];
    if (start <= est) continue;
    for (let k = net.demStart[j]; k < net.demStart[j + 1] && delayedByResource[j] < 0; k++) {
      const r = net.demRes[k];
      const u = net.demUnits[k];
      const cap = net.capacity[r] + 1e-9;
      // Walk the breakpoints of r inside [est, start).
      const slots = usage.slots[r];
      if (usageAt(usage, r, est) + u > cap) {
        delayedByResource[j] = r;
        break;
      }
      for (let i = firstAfter(slots, est); i < slots.length; i++) {
        if (slots[i] >= start) break;
        if (usage.level[r][i] + u > cap) {
          delayedByResource[j] = r;
          break;
        }
      }
    }
  }
  return { delayedBy, delayedByResource };
}

/**
 * Resource links for the critical chains of a levelled schedule: critical j -> critical s when they share a resource
 * and j's late finish is s's late start.
 */
function resourceLinks(net: Network, times: Times): (j: number, push: (s: number) => void) => void {
  const byLateStart = new Map<number, number[]>();
  const scale = times.slotsPerDay ?? 1;
  for (let j = 0; j < net.n; j++) {
    if (!times.critical[j] || net.demStart[j] === net.demStart[j + 1] || net.duration[j] <= 0) continue;
    const key = Math.round(times.ls[j] * scale);
    const list = byLateStart.get(key);
    if (list) list.push(j);
    else byLateStart.set(key, [j]);
  }
  const shares = (a: number, b: number): boolean => {
    for (let x = net.demStart[a]; x < net.demStart[a + 1]; x++) {
      for (let y = net.demStart[b]; y < net.demStart[b + 1]; y++) if (net.demRes[x] === net.demRes[y]) return true;
    }
    return false;
  };
  return (j, push) => {
    if (net.duration[j] <= 0) return;
    const list = byLateStart.get(Math.round(times.lf[j] * scale));
    if (list) for (const s of list) if (s !== j && shares(j, s)) push(s);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Output.

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6 + 0;

function buildResult(
  net: Network,
  times: Times,
  levelled: boolean,
  chains: number[][],
  warnings: Diagnostic[],
  options: ScheduleOptions,
  portfolio: Portfolio | undefined,
): ScheduleResult {
  const { axis } = net;
  const { es, ef, ls, lf, slack, freeSlack, critical } = times;
  const dateCache = new Map<number, string>();
  const dateOfIndex = (k: number): string => {
    let d = dateCache.get(k);
    if (d === undefined) {
      d = isoDate(axis.dayAt(k));
      dateCache.set(k, d);
    }
    return d;
  };
  // Axis working-day index of each node's start and finish day, in topological order (milestones use their preds').
  const startIdx = new Float64Array(net.n);
  const finishIdx = new Float64Array(net.n);
  for (let k = 0; k < net.topo.length; k++) {
    const j = net.topo[k];
    startIdx[j] = Math.floor(es[j] + EPS);
    if (net.status[j] !== NODE_MILESTONE) {
      finishIdx[j] = ef[j] - es[j] > EPS ? Math.ceil(ef[j] - EPS) - 1 : startIdx[j];
      continue;
    }
    let idx = -Infinity;
    for (let e = net.predStart[j]; e < net.predStart[j + 1]; e++) {
      const p = net.predIdx[e];
      const lag = net.predLag[e];
      const v = lag === 0 ? finishIdx[p] : Math.ceil(ef[p] + lag - EPS) - 1;
      if (v > idx) idx = v;
    }
    finishIdx[j] = idx === -Infinity ? startIdx[j] : idx;
  }

  const own = (np: NetworkProgram, t: number): number => {
    if (!net.portfolio) return t;
    const k = Math.floor(t + EPS);
    const day = axis.dayAt(k);
    const frac = Math.max(0, t - k);
    return np.calendar.offsetOnOrAfter(day) + (np.calendar.isWorkingDay(day) ? frac : 0);
  };

  const items: ScheduledItem[] = new Array<ScheduledItem>(net.nItems);
  for (let j = 0; j < net.nItems; j++) {
    const item = net.items[j]!;
    const np = net.programs[net.nodeProgram[j]];
    const oes = own(np, es[j]);
    const oef = own(np, ef[j]);
    const ols = own(np, ls[j]);
    const olf = own(np, lf[j]);
    const st = net.status[j];
    // Optional fields are undefined rather than absent: one object shape is much faster on 100,000 items, and
    // JSON leaves undefined out.
    const out: ScheduledItem = {
      id: item.id,
      program: net.portfolio ? np.program.program.id : undefined,
      title: item.title,
      status: item.status,
      workstream: item.workstream,
      owner: item.owner,
      start: st === NODE_DONE || st === NODE_DOING ? (item.started ?? dateOfIndex(startIdx[j])) : dateOfIndex(startIdx[j]),
      finish: st === NODE_DONE ? (item.finished ?? dateOfIndex(finishIdx[j])) : dateOfIndex(finishIdx[j]),
      es: round6(oes),
      ef: round6(oef),
      ls: round6(ols),
      lf: round6(olf),
      slack: round6(net.portfolio ? (st === NODE_DONE || st === NODE_DOING ? olf - oef : ols - oes) : slack[j]),
      freeSlack: round6(net.portfolio ? own(np, ef[j] + freeSlack[j]) - oef : freeSlack[j]),
      critical: critical[j] === 1,
      duration: round6(net.duration[j]),
      delayedBy: undefined,
      delayedByResource: undefined,
    };
    if (times.delayedBy && times.delayedBy[j] > EPS) {
      out.delayedBy = round6(net.portfolio ? oes - own(np, es[j] - times.delayedBy[j]) : times.delayedBy[j]);
      const r = times.delayedByResource![j];
      if (r >= 0) out.delayedByResource = net.resources[r].id;
    }
    items[j] = out;
  }

  const milestones: ScheduledMilestone[] = [];
  for (let j = net.nItems; j < net.n; j++) {
    const m = net.milestones[j]!;
    const np = net.programs[net.nodeProgram[j]];
    const date = dateOfIndex(finishIdx[j]);
    const out: ScheduledMilestone = {
      id: m.id,
      ...(net.portfolio ? { program: np.program.program.id } : {}),
      title: m.title,
      date,
      offset: round6(own(np, es[j])),
      slack: round6(net.portfolio ? own(np, ls[j]) - own(np, es[j]) : slack[j]),
      critical: critical[j] === 1,
    };
    if (m.date !== undefined) {
      out.committed = m.date;
      out.late = date > m.date;
      out.marginDays = marginDays(np, date, m.date);
    }
    milestones.push(out);
  }

  const keyOf = (j: number): string => net.keys[j];
  const criticalPath: number[] = [];
  for (let j = 0; j < net.nItems; j++) if (critical[j]) criticalPath.push(j);
  criticalPath.sort((a, b) => es[a] - es[b] || a - b);
  const seenChains = new Set<string>();
  const chainIds: string[][] = [];
  for (const chain of chains) {
    const ids = chain.filter((j) => j < net.nItems).map(keyOf);
    const sig = ids.join('\u0000');
    if (ids.length === 0 || seenChains.has(sig)) continue;
    seenChains.add(sig);
    chainIds.push(ids);
  }

  const summaries = net.programs.map((np, pi) => {
    let maxEf = np.startOffset;
    let maxIdx = -Infinity;
    for (let j = 0; j < net.n; j++) {
      if (net.nodeProgram[j] !== pi) continue;
      if (ef[j] > maxEf) maxEf = ef[j];
      if (finishIdx[j] > maxIdx) maxIdx = finishIdx[j];
    }
    const finishDate = dateOfIndex(maxIdx === -Infinity ? np.startOffset : maxIdx);
    return summary(np, finishDate, round6(own(np, maxEf)), levelled, options.today);
  });

  let program: ProgramSummary;
  if (!portfolio) {
    program = summaries[0];
  } else {
    let maxIdx = 0;
    for (let j = 0; j < net.n; j++) if (finishIdx[j] > maxIdx) maxIdx = finishIdx[j];
    program = {
      id: portfolio.id,
      name: portfolio.name,
      start: dateOfIndex(0),
      finish: dateOfIndex(maxIdx),
      finishOffset: round6(times.finish),
      levelled,
      today: options.today,
    };
  }
  const result: ScheduleResult = {
    program,
    ...(portfolio ? { programs: summaries } : {}),
    items,
    milestones,
    criticalPath: criticalPath.map(keyOf),
    criticalChains: chainIds,
    levelled,
    ...(levelled && times.slotsPerDay !== undefined ? { slotsPerDay: times.slotsPerDay } : {}),
    warnings,
  };
  return result;
}

function summary(np: NetworkProgram, finish: IsoDate, finishOffset: number, levelled: boolean, today: IsoDate): ProgramSummary {
  const info = np.program.program;
  const out: ProgramSummary = {
    id: info.id,
    name: info.name,
    start: isoDate(np.calendar.originDay),
    finish,
    finishOffset,
    levelled,
    today,
  };
  if (info.target !== undefined) {
    out.target = info.target;
    out.late = finish > info.target;
    out.marginDays = marginDays(np, finish, info.target);
  }
  return out;
}

/** Working days of the program's calendar from the end of `date` to the end of `committed` (negative: late). */
function marginDays(np: NetworkProgram, date: IsoDate, committed: IsoDate): number {
  const cal = np.calendar;
  return cal.offsetOnOrAfter(dayNumber(committed) + 1) - cal.offsetOnOrAfter(dayNumber(date) + 1);
}
