/**
 * A Program or Portfolio compiled into an indexed activity network on typed arrays: what the critical-path pass, the
 * levelling kernel and the Monte Carlo forecast all consume, so the string work (ids, dates, references) is done once.
 *
 * Semantics (the scheduler's contract, see also schedule.ts):
 * - Time is in working days on one axis: offset 0 is the first working day on or after the program start (for a
 *   portfolio: the earliest program start, on the union of the programs' working days). Offsets may be fractional.
 * - Nodes are the items that are not `cut` (indices 0..nItems-1, in file order, programs in portfolio order), then the
 *   milestones (zero duration). Dependencies through a `cut` item are dropped, with a warning.
 * - `todo` and `blocked` items are open: duration = estimate.likely (no estimate: 0, with a warning); they never start
 *   before `release` = max(program start, data date).
 * - `done` items are fixed at their actual dates: es = first working day on/after `started`, ef = exclusive end of
 *   `finished` (missing `started`: ef - estimate; missing `finished`: the data date). They use no resources.
 * - `doing` items started at `started` (default: the data date); their remaining work (`remaining`, else the estimate)
 *   runs from max(started, data date), ignoring predecessors: they are pinned.
 * - Pauses: an item makes no progress on its people's `off` days nor, in a portfolio, on axis days that its own program
 *   does not work. Pauses are half-open whole-day offset ranges. Zero-duration items and milestones do no work and are
 *   not paused: in a portfolio they may fall on a day that only another program works (like a hand-off date).
 * - Lags are in working days of the axis (in a single program: its own working days).
 *
 * Reuse (the Monte Carlo forecast): compile once; per trial fill a Float64Array of durations for the NODE_OPEN and
 * NODE_DOING nodes from estDist/estLow/estLikely/estHigh (keep `duration` for the others), then call
 * cpm.forwardPass(net, durations, es, ef) for a dependency-only trial, or instanceOf(net, slotsPerDay, durations) and
 * the rcpsp kernel for a levelled one. Milestone dates are the es of their nodes (index >= nItems).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { IsoDate, Item, Milestone, Portfolio, Program, SourceLoc } from '../model/program.js';
import { createCalendar, createUnionCalendar, nonWorkingRanges, unionRanges, type WorkCalendar } from './calendar.js';
import { dayNumber } from './dates.js';
import { skipPauses } from './pauses.js';
import type { Instance } from './rcpsp/instance.js';

/** Node status codes (Network.status). */
export const NODE_OPEN = 0;
export const NODE_DOING = 1;
export const NODE_DONE = 2;
export const NODE_MILESTONE = 3;

/** Estimate distribution codes (Network.estDist). */
export const DIST_NONE = 0;
export const DIST_FIXED = 1;
export const DIST_PERT = 2;
export const DIST_TRIANGULAR = 3;
export const DIST_LOGNORMAL = 4;

export type NetworkProgram = {
  program: Program;
  /** The program's own calendar, anchored at its start (its offsets are what a single-program user sees). */
  calendar: WorkCalendar;
  /** Axis offset of the program's first working day. */
  startOffset: number;
  /** Axis offset before which no open work of this program starts: max(start, data date). */
  release: number;
};

export type NetworkResource = { id: string; kind: 'person' | 'team'; capacity: number };

export type Network = {
  /** Number of nodes: items first, then milestones. */
  n: number;
  nItems: number;
  /** The shared time axis (the program's own calendar for a single program). */
  axis: WorkCalendar;
  /** True for a portfolio: keys are `<program>/<id>`. */
  portfolio: boolean;
  programs: NetworkProgram[];
  /** The data date (status date) and its axis offset. */
  today: IsoDate;
  todayOffset: number;
  /** Per node: local id, lookup key, program index, source entity. */
  ids: string[];
  keys: string[];
  nodeProgram: Int32Array;
  items: (Item | undefined)[];
  milestones: (Milestone | undefined)[];
  index: Map<string, number>;
  /** NODE_OPEN | NODE_DOING | NODE_DONE | NODE_MILESTONE. */
  status: Uint8Array;
  /** Predecessors first. */
  topo: Int32Array;
  /** CSR adjacency with finish-to-start lags in working days. */
  predStart: Int32Array;
  predIdx: Int32Array;
  predLag: Float64Array;
  succStart: Int32Array;
  succIdx: Int32Array;
  succLag: Float64Array;
  /** Deterministic work in working days: open: estimate.likely; doing: remaining; done: actual length; milestone: 0. */
  duration: Float64Array;
  /** Earliest start of open nodes (doing: where remaining work may begin). */
  release: Float64Array;
  /** Actual start offset of doing/done nodes, NaN for the others. */
  fixedStart: Float64Array;
  /** Actual exclusive end offset of done nodes, NaN for the others. */
  fixedFinish: Float64Array;
  /** The estimate behind `duration` (doing: the remaining estimate), for sampling: DIST_* and three points in days. */
  estDist: Uint8Array;
  estLow: Float64Array;
  estLikely: Float64Array;
  estHigh: Float64Array;
  /** Resource demands (CSR): node j uses demUnits[k] of resource demRes[k] on every working day. Done nodes: none. */
  demStart: Int32Array;
  demRes: Int32Array;
  demUnits: Float64Array;
  resources: NetworkResource[];
  capacity: Float64Array;
  /** Per node: sorted half-open whole-day pause ranges on the axis, or null. Shared between nodes when equal. */
  pauses: (Int32Array | null)[];
  /** Diagnostics found while compiling (warnings; an 'error' only for a dependency cycle, which is then broken). */
  warnings: Diagnostic[];
};

export type CompileOptions = {
  /** The status date: open work never starts before it. */
  today: IsoDate;
};

/** Compile one program. Cross-program references are ignored (with a warning): they resolve only in a portfolio. */
export function compileProgram(program: Program, options: CompileOptions): Network {
  return compile([program], false, options);
}

/**
 * Compile a portfolio into one network. Resources with the same id in several programs are one resource (a person
 * shared between programs); the first program's capacity wins (a warning when they differ).
 */
export function compilePortfolio(portfolio: Portfolio, options: CompileOptions): Network {
  return compile(portfolio.programs, true, options);
}

const WARN_LIMIT = 20;

export type WarningSink = {
  add(code: string, message: string, loc?: SourceLoc, severity?: 'warning' | 'error'): void;
  /** The diagnostics, with one "... and N more" line per code that went over the limit. */
  finish(): Diagnostic[];
};

/** Collects diagnostics, at most WARN_LIMIT per code (a 100,000-item plan must not print 100,000 warnings). */
export function createWarningSink(): WarningSink {
  const list: Diagnostic[] = [];
  const counts = new Map<string, number>();
  return {
    add(code, message, loc, severity = 'warning') {
      const count = (counts.get(code) ?? 0) + 1;
      counts.set(code, count);
      if (count > WARN_LIMIT) return;
      const d: Diagnostic = { code, severity, message };
      if (loc) {
        d.file = loc.file;
        d.line = loc.line;
        d.col = loc.col;
      }
      list.push(d);
    },
    finish() {
      for (const [code, count] of counts) {
        if (count > WARN_LIMIT) list.push({ code, severity: 'warning', message: `... and ${count - WARN_LIMIT} more like this` });
      }
      return list;
    },
  };
}

function compile(programs: Program[], portfolio: boolean, options: CompileOptions): Network {
  const warn = createWarningSink();
  if (programs.length === 0) throw new Error('compile: a portfolio needs at least one program');

  // Calendars and the axis.
  const specs = programs.map((p) => {
    if (p.program.calendar.workdays.length === 0) {
      warn.add('calendar-no-workdays', `program ${p.program.id} has no working weekdays; using Monday to Friday`);
      return { ...p.program.calendar, workdays: undefined };
    }
    return p.program.calendar;
  });
  const own = programs.map((p, i) => createCalendar(specs[i], p.program.start));
  let earliest = programs[0].program.start;
  for (const p of programs) if (p.program.start < earliest) earliest = p.program.start;
  const axis = portfolio ? createUnionCalendar(specs, earliest) : own[0];
  const todayOffset = axis.offsetOnOrAfter(dayNumber(options.today));
  const nprog: NetworkProgram[] = programs.map((p, i) => {
    const startOffset = axis.offsetOnOrAfter(own[i].originDay);
    return { program: p, calendar: own[i], startOffset, release: Math.max(startOffset, todayOffset) };
  });

  // Nodes (arrays sized up front: this runs on 100,000-item plans).
  let capacityNodes = 0;
  for (const p of programs) capacityNodes += p.items.length + p.milestones.length;
  const ids = new Array<string>(capacityNodes);
  const keys = portfolio ? new Array<string>(capacityNodes) : ids;
  const nodeProgram = new Int32Array(capacityNodes);
  const items = new Array<Item | undefined>(capacityNodes);
  const milestones = new Array<Milestone | undefined>(capacityNodes);
  const itemIndex = new Map<string, number>();
  const milestoneIndex = new Map<string, number>();
  const cut = new Map<string, Item>();
  const keyOf = (pid: string, id: string): string => (portfolio ? `${pid}/${id}` : id);
  let n = 0;
  for (let pi = 0; pi < programs.length; pi++) {
    const pid = programs[pi].program.id;
    for (const item of programs[pi].items) {
      const key = keyOf(pid, item.id);
      if (item.status === 'cut') {
        cut.set(key, item);
        continue;
      }
      // One hash operation per item: set, and on the (rare, loader-rejected) duplicate put the first one back.
      const size = itemIndex.size;
      itemIndex.set(key, n);
      if (itemIndex.size === size) {
        itemIndex.set(key, keys.indexOf(key));
        warn.add('duplicate-id', `item ${item.id} is declared twice; the second one is ignored`, item.loc);
        continue;
      }
      ids[n] = item.id;
      keys[n] = key;
      nodeProgram[n] = pi;
      items[n] = item;
      n++;
    }
  }
  const nItems = n;
  for (let pi = 0; pi < programs.length; pi++) {
    const pid = programs[pi].program.id;
    for (const m of programs[pi].milestones) {
      const key = keyOf(pid, m.id);
      if (milestoneIndex.has(key)) {
        warn.add('duplicate-id', `milestone ${m.id} is declared twice; the second one is ignored`, m.loc);
        continue;
      }
      milestoneIndex.set(key, n);
      ids[n] = m.id;
      keys[n] = key;
      nodeProgram[n] = pi;
      milestones[n] = m;
      n++;
    }
  }
  ids.length = n;
  keys.length = n;
  items.length = n;
  milestones.length = n;

  // Edges.
  let maxEdges = 0;
  for (let j = 0; j < n; j++) maxEdges += (items[j] ?? milestones[j]!).after.length;
  let eFrom = new Int32Array(maxEdges);
  let eTo = new Int32Array(maxEdges);
  let eLag = new Float64Array(maxEdges);
  let m = 0;
  for (let j = 0; j < n; j++) {
    const item = items[j];
    const node = item ?? milestones[j]!;
    const pid = programs[nodeProgram[j]].program.id;
    const what = (): string => `${item ? 'item' : 'milestone'} ${node.id}`;
    const after = node.after;
    for (let k = 0; k < after.length; k++) {
      const dep = after[k];
      const target = dep.program ?? pid;
      if (!portfolio && target !== pid) {
        warn.add(
          'cross-program-dependency',
          `${what()} depends on ${target}/${dep.id}, which resolves only in a portfolio; ignored here`,
          dep.loc ?? node.loc,
        );
        continue;
      }
      const key = keyOf(target, dep.id);
      const from = itemIndex.get(key) ?? milestoneIndex.get(key);
      if (from === undefined) {
        if (cut.has(key)) {
          warn.add('dependency-on-cut-item', `${what()} depends on ${dep.id}, which is cut; that dependency is dropped`, dep.loc ?? node.loc);
        } else {
          warn.add('unknown-dependency', `${what()} depends on ${dep.id}, which does not exist; ignored`, dep.loc ?? node.loc);
        }
        continue;
      }
      if (from === j) {
        warn.add('dependency-cycle', `${what()} depends on itself; ignored`, dep.loc ?? node.loc, 'error');
        continue;
      }
      eFrom[m] = from;
      eTo[m] = j;
      eLag[m] = dep.lag;
      m++;
    }
  }
  eFrom = eFrom.subarray(0, m);
  eTo = eTo.subarray(0, m);
  eLag = eLag.subarray(0, m);

  let adjacency = buildCsr(n, eFrom, eTo, eLag);
  let topo = topologicalSort(n, adjacency);
  if (topo.cyclic.length > 0) {
    // The loader reports cycles with their full path; here we only make sure the engine terminates.
    const cycleKeys = topo.cyclic.slice(0, 10).map((j) => keys[j]);
    warn.add(
      'dependency-cycle',
      `dependency cycle among ${topo.cyclic.length} nodes (${cycleKeys.join(', ')}${topo.cyclic.length > 10 ? ', ...' : ''}); their dependencies on each other are ignored`,
      undefined,
      'error',
    );
    const inCycle = new Uint8Array(n);
    for (const j of topo.cyclic) inCycle[j] = 1;
    const keep = (_: number, e: number): boolean => !(inCycle[eFrom[e]] && inCycle[eTo[e]]);
    adjacency = buildCsr(n, eFrom.filter(keep), eTo.filter(keep), eLag.filter(keep));
    topo = topologicalSort(n, adjacency);
  }

  // Durations, status and actual dates.
  const status = new Uint8Array(n);
  const duration = new Float64Array(n);
  const release = new Float64Array(n);
  const fixedStart = new Float64Array(n).fill(NaN);
  const fixedFinish = new Float64Array(n).fill(NaN);
  const estDist = new Uint8Array(n);
  const estLow = new Float64Array(n);
  const estLikely = new Float64Array(n);
  const estHigh = new Float64Array(n);
  const noEstimate: Item[] = [];
  for (let j = 0; j < n; j++) {
    const np = nprog[nodeProgram[j]];
    const item = items[j];
    if (!item) {
      status[j] = NODE_MILESTONE;
      release[j] = np.startOffset;
      continue;
    }
    release[j] = np.release;
    const est = item.status === 'doing' ? (item.remaining ?? item.estimate) : item.estimate;
    if (est) {
      estDist[j] = distCode(est.dist);
      estLow[j] = est.low;
      estLikely[j] = est.likely;
      estHigh[j] = est.high;
      duration[j] = est.likely;
    } else if (item.status !== 'done') {
      noEstimate.push(item);
    }
    if (item.status === 'done') {
      status[j] = NODE_DONE;
      const ef = item.finished ? axis.offsetOnOrAfter(dayNumber(item.finished) + 1) : todayOffset;
      let es = item.started ? axis.offsetOnOrAfter(dayNumber(item.started)) : ef - duration[j];
      if (es > ef) es = ef;
      fixedStart[j] = es;
      fixedFinish[j] = ef;
      duration[j] = ef - es;
    } else if (item.status === 'doing') {
      status[j] = NODE_DOING;
      fixedStart[j] = item.started ? axis.offsetOnOrAfter(dayNumber(item.started)) : np.release;
      release[j] = Math.max(fixedStart[j], np.release);
    } else {
      status[j] = NODE_OPEN;
    }
  }
  for (const item of noEstimate) {
    warn.add('no-estimate', `item ${item.id} has no estimate; scheduled with duration 0`, item.loc);
  }

  // Resources.
  const resources: NetworkResource[] = [];
  const resIndex = new Map<string, number>();
  const personOff = new Map<number, Int32Array | null>();
  programs.forEach((p) => {
    const addRes = (id: string, kind: 'person' | 'team', capacity: number, loc: SourceLoc | undefined): number => {
      const seen = resIndex.get(id);
      if (seen !== undefined) {
        if (resources[seen].capacity !== capacity) {
          warn.add('resource-capacity-differs', `${kind} ${id} has capacity ${capacity} here and ${resources[seen].capacity} in an earlier program; using ${resources[seen].capacity}`, loc);
        }
        return seen;
      }
      resIndex.set(id, resources.length);
      resources.push({ id, kind, capacity });
      return resources.length - 1;
    };
    for (const person of p.people) {
      const r = addRes(person.id, 'person', person.capacity, person.loc);
      if (person.off.length > 0) personOff.set(r, unionRanges(personOff.get(r) ?? null, axis.offsetRanges(person.off)));
    }
    for (const team of p.teams) addRes(team.id, 'team', team.capacity, team.loc);
  });
  const capacity = Float64Array.from(resources.map((r) => r.capacity));
  const demStart = new Int32Array(n + 1);
  const demResList: number[] = [];
  const demUnitsList: number[] = [];
  for (let j = 0; j < n; j++) {
    demStart[j] = demResList.length;
    const item = items[j];
    if (!item || status[j] === NODE_DONE) continue;
    for (const rid in item.needs) {
      const units = item.needs[rid];
      const r = resIndex.get(rid);
      if (r === undefined) {
        warn.add('unknown-resource', `item ${item.id} needs ${rid}, which is neither a person nor a team; ignored`, item.loc);
        continue;
      }
      if (!(units > 0)) continue;
      let u = units;
      if (u > capacity[r] + 1e-9) {
        warn.add(
          'needs-over-capacity',
          `item ${item.id} needs ${units} of ${rid}, which has only ${capacity[r]}; scheduled with ${capacity[r]}`,
          item.loc,
        );
        u = capacity[r];
      }
      if (!(u > 0)) continue;
      demResList.push(r);
      demUnitsList.push(u);
    }
  }
  demStart[n] = demResList.length;
  const demRes = Int32Array.from(demResList);
  const demUnits = Float64Array.from(demUnitsList);

  // Pauses: people's days off, and in a portfolio the axis days the item's own program does not work.
  const programPauses = portfolio ? programNonWorking(nprog, axis, duration, adjacency.predLag, personOff) : nprog.map(() => null);
  const pauses: (Int32Array | null)[] = new Array<Int32Array | null>(n).fill(null);
  const shared = new Map<string, Int32Array | null>();
  for (let j = 0; j < nItems; j++) {
    if (status[j] === NODE_DONE) continue;
    const pi = nodeProgram[j];
    let sig = '';
    for (let k = demStart[j]; k < demStart[j + 1]; k++) if (personOff.has(demRes[k])) sig += `${demRes[k]},`;
    if (sig === '') {
      pauses[j] = programPauses[pi];
      continue;
    }
    const key = `${pi}:${sig}`;
    let p = shared.get(key);
    if (p === undefined) {
      p = programPauses[pi];
      for (let k = demStart[j]; k < demStart[j + 1]; k++) p = unionRanges(p, personOff.get(demRes[k]) ?? null);
      shared.set(key, p);
    }
    pauses[j] = p;
  }

  // Items win over milestones of the same id; itemIndex becomes the lookup of every node.
  const index = itemIndex;
  for (const [k, v] of milestoneIndex) if (!index.has(k)) index.set(k, v);

  return {
    n,
    nItems,
    axis,
    portfolio,
    programs: nprog,
    today: options.today,
    todayOffset,
    ids,
    keys,
    nodeProgram,
    items,
    milestones,
    index,
    status,
    topo: topo.order,
    ...adjacency,
    duration,
    release,
    fixedStart,
    fixedFinish,
    estDist,
    estLow,
    estLikely,
    estHigh,
    demStart,
    demRes,
    demUnits,
    resources,
    capacity,
    pauses,
    warnings: warn.finish(),
  };
}

function distCode(dist: string): number {
  switch (dist) {
    case 'fixed':
      return DIST_FIXED;
    case 'pert':
      return DIST_PERT;
    case 'triangular':
      return DIST_TRIANGULAR;
    case 'lognormal':
      return DIST_LOGNORMAL;
    default:
      return DIST_NONE;
  }
}

type Csr = {
  predStart: Int32Array;
  predIdx: Int32Array;
  predLag: Float64Array;
  succStart: Int32Array;
  succIdx: Int32Array;
  succLag: Float64Array;
};

/** CSR predecessor and successor lists from an edge list (edges keep their input order inside each list). */
export function buildCsr(n: number, from: ArrayLike<number>, to: ArrayLike<number>, lag: ArrayLike<number>): Csr {
  const m = from.length;
  const predStart = new Int32Array(n + 1);
  const succStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    predStart[to[e] + 1]++;
    succStart[from[e] + 1]++;
  }
  for (let j = 0; j < n; j++) {
    predStart[j + 1] += predStart[j];
    succStart[j + 1] += succStart[j];
  }
  const predIdx = new Int32Array(m);
  const predLag = new Float64Array(m);
  const succIdx = new Int32Array(m);
  const succLag = new Float64Array(m);
  const pFill = predStart.slice(0, n);
  const sFill = succStart.slice(0, n);
  for (let e = 0; e < m; e++) {
    const a = from[e];
    const b = to[e];
    const p = pFill[b]++;
    predIdx[p] = a;
    predLag[p] = lag[e];
    const s = sFill[a]++;
    succIdx[s] = b;
    succLag[s] = lag[e];
  }
  return { predStart, predIdx, predLag, succStart, succIdx, succLag };
}

/**
 * Kahn's algorithm, FIFO (file order among ready nodes). Nodes left over are on or behind a cycle: `cyclic` lists
 * those that are on one (reachable from themselves), and `order` then holds only the acyclic part.
 */
function topologicalSort(n: number, g: Csr): { order: Int32Array; cyclic: number[] } {
  const indeg = new Int32Array(n);
  for (let j = 0; j < n; j++) indeg[j] = g.predStart[j + 1] - g.predStart[j];
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let j = 0; j < n; j++) if (indeg[j] === 0) order[tail++] = j;
  while (head < tail) {
    const j = order[head++];
    for (let e = g.succStart[j]; e < g.succStart[j + 1]; e++) {
      const s = g.succIdx[e];
      if (--indeg[s] === 0) order[tail++] = s;
    }
  }
  if (tail === n) return { order, cyclic: [] };
  // Left-over nodes: keep those that also reach back to a left-over node through left-over successors only when they
  // are on a cycle; trimming nodes with no left-over predecessor repeatedly leaves exactly the cycles' nodes
  // (plus nodes between cycles, which is fine: their mutual edges are dropped too).
  const left = new Uint8Array(n);
  for (let j = 0; j < n; j++) if (indeg[j] > 0) left[j] = 1;
  const outdeg = new Int32Array(n);
  const stack: number[] = [];
  for (let j = 0; j < n; j++) {
    if (!left[j]) continue;
    for (let e = g.succStart[j]; e < g.succStart[j + 1]; e++) if (left[g.succIdx[e]]) outdeg[j]++;
    if (outdeg[j] === 0) stack.push(j);
  }
  while (stack.length > 0) {
    const j = stack.pop()!;
    left[j] = 0;
    for (let e = g.predStart[j]; e < g.predStart[j + 1]; e++) {
      const p = g.predIdx[e];
      if (left[p] && --outdeg[p] === 0) stack.push(p);
    }
  }
  const cyclic: number[] = [];
  for (let j = 0; j < n; j++) if (left[j]) cyclic.push(j);
  return { order, cyclic };
}

/**
 * For each program of a portfolio, the axis days it does not work, as pauses, from its start up to a horizon that no
 * schedule can pass: the release plus every duration, lag and day off in the portfolio, stretched by the program's
 * share of working days. null when the program works every axis day in that range.
 */
function programNonWorking(
  nprog: NetworkProgram[],
  axis: WorkCalendar,
  duration: Float64Array,
  lags: Float64Array,
  personOff: Map<number, Int32Array | null>,
): (Int32Array | null)[] {
  let work = 0;
  for (let j = 0; j < duration.length; j++) work += duration[j];
  for (let e = 0; e < lags.length; e++) work += Math.max(0, lags[e]);
  for (const p of personOff.values()) if (p) for (let i = 0; i < p.length; i += 2) work += p[i + 1] - p[i];
  let latestRelease = 0;
  for (const np of nprog) latestRelease = Math.max(latestRelease, np.release);
  return nprog.map((np) => {
    const spec = np.program.program.calendar;
    const perWeek = Math.max(1, spec.workdays.length || 5);
    const span = Math.ceil(((Math.ceil(work) + spec.holidays.length + 2) * 7) / perWeek) + 14;
    const ranges = nonWorkingRanges(axis, np.calendar, np.startOffset, latestRelease + span);
    return ranges.length > 0 ? ranges : null;
  });
}

/**
 * The smallest number of slots per working day (1, 2, 4 or 8) at which every duration and lag of the network is a whole
 * number of slots; 8 (an hour) when none is, in which case `instanceOf` rounds to the nearest slot.
 */
export function chooseSlotsPerDay(net: Network, duration: Float64Array = net.duration): { slotsPerDay: number; exact: boolean } {
  const whole = (v: number, s: number): boolean => Math.abs(v * s - Math.round(v * s)) < 1e-9;
  for (const s of [1, 2, 4, 8]) {
    let ok = true;
    for (let j = 0; j < net.n && ok; j++) if (!whole(duration[j], s)) ok = false;
    for (let e = 0; e < net.predLag.length && ok; e++) if (!whole(net.predLag[e], s)) ok = false;
    if (ok) return { slotsPerDay: s, exact: true };
  }
  return { slotsPerDay: 8, exact: false };
}

/**
 * The network as a levelling Instance with `slotsPerDay` slots per working day (durations and lags rounded to the
 * nearest slot; a positive duration is at least one slot). Doing nodes are pinned where their remaining work starts,
 * done nodes at their actual dates clipped to slot 0 (they use no resources); edges into fixed nodes are left out, as
 * in the critical-path pass. Offsets before the axis origin are clipped to 0.
 */
export function instanceOf(net: Network, slotsPerDay: number, duration: Float64Array = net.duration): Instance {
  const { n, status, predStart, predIdx, predLag, pauses } = net;
  const s = slotsPerDay;
  const dur = new Int32Array(n);
  const release = new Int32Array(n);
  const fixedStart = new Int32Array(n).fill(-1);
  const slotPauses = new Array<Int32Array | null>(n).fill(null);
  const scaled = new Map<Int32Array, Int32Array>();
  for (let j = 0; j < n; j++) {
    const p = pauses[j];
    if (p !== null) {
      let q = scaled.get(p);
      if (!q) {
        q = new Int32Array(p.length);
        for (let i = 0; i < p.length; i++) q[i] = p[i] * s;
        scaled.set(p, q);
      }
      slotPauses[j] = q;
    }
    const st = status[j];
    if (st === NODE_DONE) {
      const a = Math.max(0, Math.round(net.fixedStart[j] * s));
      const b = Math.max(0, Math.round(net.fixedFinish[j] * s));
      fixedStart[j] = a;
      release[j] = a;
      dur[j] = Math.max(0, b - a);
      slotPauses[j] = null;
      continue;
    }
    const d = duration[j];
    dur[j] = d > 0 ? Math.max(1, Math.round(d * s)) : 0;
    release[j] = Math.max(0, Math.round(net.release[j] * s));
    if (st === NODE_DOING) {
      const q = slotPauses[j];
      fixedStart[j] = q && dur[j] > 0 ? skipPauses(q, release[j]) : release[j];
    }
  }
  // Keep only the edges into free nodes.
  const from = new Int32Array(predIdx.length);
  const to = new Int32Array(predIdx.length);
  const lag = new Int32Array(predIdx.length);
  let m = 0;
  for (let j = 0; j < n; j++) {
    if (status[j] === NODE_DONE || status[j] === NODE_DOING) continue;
    for (let e = predStart[j]; e < predStart[j + 1]; e++) {
      from[m] = predIdx[e];
      to[m] = j;
      lag[m] = Math.max(0, Math.round(predLag[e] * s));
      m++;
    }
  }
  const g = buildCsr(n, from.subarray(0, m), to.subarray(0, m), lag.subarray(0, m));
  const demUnitsCopy = net.demUnits.slice();
  // Zero-duration nodes use nothing.
  for (let j = 0; j < n; j++) if (dur[j] === 0) for (let k = net.demStart[j]; k < net.demStart[j + 1]; k++) demUnitsCopy[k] = 0;
  return {
    n,
    duration: dur,
    release,
    predStart: g.predStart,
    predIdx: g.predIdx,
    predLag: Int32Array.from(g.predLag),
    succStart: g.succStart,
    succIdx: g.succIdx,
    succLag: Int32Array.from(g.succLag),
    demStart: net.demStart,
    demRes: net.demRes,
    demUnits: demUnitsCopy,
    resources: net.resources.length,
    capacity: net.capacity,
    pauses: slotPauses,
    fixedStart,
  };
}

