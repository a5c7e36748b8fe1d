/**
 * The levelling kernel: serial schedule generation (SGS), priority rules, and right/left justification (the pieces of
 * forward-backward improvement). Works on the general Instance: finish-to-start lags, release slots, per-activity pauses,
 * fixed (pinned) starts and fractional units.
 *
 * Resource usage is kept in a ResourceProfile (segment tree of residual capacity), so a saturated resource costs
 * O(log horizon) per placement, not O(horizon): 100,000 activities schedule in well under a second.
 *
 * For repeated decoding of one instance (the search), build one SgsKernel and reuse it: it owns its buffers.
 */
import type { Instance, Solution } from './instance.js';
import { ResourceProfile, UNIT_EPS } from './profile.js';
import { finishFrom, latestStartEndingBy, pauseIndex, skipPause } from './pauses.js';
import { latestFinishes, earliestSchedule, listByPriority, successorCounts, topologicalOrder } from './network.js';

export { listByPriority } from './network.js';

/** Priority rules for building an activity list: latest finish, latest start, most total successors, greatest rank positional weight. */
export type PriorityRule = 'lft' | 'lst' | 'mts' | 'grpw';

/**
 * A reusable scheduler for one instance. `start` / `finish` hold the last schedule built; `decode` and the
 * justification methods overwrite them and return the makespan.
 */
export class SgsKernel {
  readonly inst: Instance;
  readonly n: number;
  readonly start: Int32Array;
  readonly finish: Int32Array;
  /** A topological order and each activity's rank in it (tie-breaks that keep sorted lists precedence-feasible). */
  readonly topo: Int32Array;
  readonly topoRank: Int32Array;
  private readonly profile: ResourceProfile;
  private readonly placed: Uint8Array;
  /** Per demand entry: units to fit (capped at capacity, minus slack), or -Infinity for a non-positive demand. */
  private readonly need: Float64Array;
  private readonly fixedList: Int32Array;
  private readonly keys: Float64Array;
  private readonly scratchOrder: Int32Array;
  private readonly waiting: Int32Array;
  private readonly srcStart: Int32Array;
  private readonly srcFinish: Int32Array;
  /** The topological order that breaks ties in the justification passes (see setTies), and ranks in it. */
  private tieOrder: Int32Array;
  private readonly tieRank: Int32Array;

  constructor(inst: Instance) {
    this.inst = inst;
    const n = inst.n;
    this.n = n;
    this.start = new Int32Array(n);
    this.finish = new Int32Array(n);
    this.placed = new Uint8Array(n);
    this.topo = topologicalOrder(inst);
    this.topoRank = new Int32Array(n);
    for (let i = 0; i < n; i++) this.topoRank[this.topo[i]] = i;
    const { demStart, demRes, demUnits, capacity } = inst;
    const m = demStart[n];
    this.need = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const u = demUnits[k];
      const cap = capacity[demRes[k]];
      this.need[k] = u > 0 ? (u < cap ? u : cap) - UNIT_EPS : -Infinity;
    }
    const fixed: number[] = [];
    if (inst.fixedStart) for (let j = 0; j < n; j++) if (inst.fixedStart[j] >= 0) fixed.push(j);
    this.fixedList = Int32Array.from(fixed);
    // The profile grows on demand; start near the resource-free horizon, capped so huge plans start small.
    let work = 0;
    for (let j = 0; j < n; j++) work += inst.duration[j];
    let rel = 0;
    for (let j = 0; j < n; j++) if (inst.release[j] > rel) rel = inst.release[j];
    this.profile = new ResourceProfile(capacity, Math.min(rel + work + 1, 4096));
    this.keys = new Float64Array(n);
    this.scratchOrder = new Int32Array(n);
    this.waiting = new Int32Array(n);
    this.srcStart = new Int32Array(n);
    this.srcFinish = new Int32Array(n);
    this.tieOrder = this.topo;
    this.tieRank = this.topoRank.slice();
  }

  /**
   * Sets the topological order that breaks ties (equal finishes, equal starts) in justifyRight and justifyLeft;
   * null restores `topo`. A random topological order gives randomised justification passes.
   */
  setTies(order: Int32Array | null): void {
    this.tieOrder = order ?? this.topo;
    const o = this.tieOrder;
    for (let i = 0; i < this.n; i++) this.tieRank[o[i]] = i;
  }

  /** Places the fixed activities at their pinned starts; returns their latest finish. */
  private placeFixed(): number {
    let makespan = 0;
    const fixedStart = this.inst.fixedStart;
    if (!fixedStart) return 0;
    for (let i = 0; i < this.fixedList.length; i++) {
      const j = this.fixedList[i];
      this.commit(j, fixedStart[j]);
      if (this.finish[j] > makespan) makespan = this.finish[j];
    }
    return makespan;
  }

  /**
   * Serial SGS: fixed activities first, then each activity of `order` (precedence-feasible; fixed ones are skipped) at
   * the earliest slot >= max(release, predecessor finish + lag) where it fits. Returns the makespan.
   * Throws if `order` is not precedence-feasible or misses an activity (a bug in the caller).
   */
  decode(order: Int32Array): number {
    const { n, inst, placed, finish } = this;
    const { release, predStart, predIdx, predLag } = inst;
    this.profile.reset();
    placed.fill(0);
    let makespan = this.placeFixed();
    let count = this.fixedList.length;
    for (let i = 0; i < order.length; i++) {
      const j = order[i];
      if (placed[j]) continue;
      let est = release[j];
      for (let e = predStart[j]; e < predStart[j + 1]; e++) {
        const p = predIdx[e];
        if (!placed[p]) throw new Error(`rcpsp: activity list not precedence-feasible (${j} before its predecessor ${p})`);
        const v = finish[p] + predLag[e];
        if (v > est) est = v;
      }
      this.commit(j, this.earliestFit(j, est));
      if (finish[j] > makespan) makespan = finish[j];
      count++;
    }
    if (count !== n) throw new Error(`rcpsp: activity list covers ${count} of ${n} activities`);
    return makespan;
  }

  /**
   * Parallel SGS (non-delay schedules): time advances over decision points; at each, the unscheduled activities whose
   * predecessors (+ lags) and release allow a start there are considered in `order`'s order and started where they
   * fit. Instances with pauses or pinned starts use the serial SGS instead. Returns the makespan.
   * Throws if `order` is not precedence-feasible or misses an activity (a bug in the caller).
   */
  decodeParallel(order: Int32Array): number {
    const { n, inst, placed, finish, profile, need } = this;
    if (inst.pauses || this.fixedList.length > 0) return this.decode(order);
    const { release, predStart, succStart, succIdx, succLag, duration, demStart, demRes } = inst;
    if (order.length !== n) throw new Error(`rcpsp: activity list covers ${order.length} of ${n} activities`);
    profile.reset();
    placed.fill(0);
    // Per activity: predecessors not yet started and earliest start from those started (kept in keys).
    const waiting = this.waiting;
    const est = this.keys;
    for (let j = 0; j < n; j++) {
      waiting[j] = predStart[j + 1] - predStart[j];
      est[j] = release[j];
    }
    // pending: the unscheduled activities in list order (compacted after each decision point).
    const pending = this.scratchOrder;
    pending.set(order);
    let left = n;
    let count = 0;
    let makespan = 0;
    let t = 0;
    while (count < n) {
      let next = Infinity;
      let kept = 0;
      for (let i = 0; i < left; i++) {
        const j = pending[i];
        if (waiting[j] > 0) {
          pending[kept++] = j;
          continue;
        }
        if (est[j] > t) {
          if (est[j] < next) next = est[j];
          pending[kept++] = j;
          continue;
        }
        const d = duration[j];
        let fits = true;
        if (d > 0) {
          for (let k = demStart[j]; k < demStart[j + 1]; k++) {
            if (need[k] !== -Infinity && profile.lastBlock(demRes[k], t, t + d, need[k]) >= 0) {
              fits = false;
              break;
            }
          }
        }
        if (!fits) {
          pending[kept++] = j;
          continue;
        }
        this.commit(j, t);
        count++;
        const f = finish[j];
        if (f > makespan) makespan = f;
        if (f > t && f < next) next = f;
        for (let e = succStart[j]; e < succStart[j + 1]; e++) {
          const s = succIdx[e];
          waiting[s]--;
          if (f + succLag[e] > est[s]) est[s] = f + succLag[e];
        }
      }
      left = kept;
      if (count === n) break;
      if (next === Infinity || next > t + 1) for (let j = 0; j < n; j++) if (placed[j] && finish[j] > t && finish[j] < next) next = finish[j];
      if (next === Infinity) throw new Error('rcpsp: activity list not precedence-feasible');
      t = next;
    }
    return makespan;
  }

  /** Marks j as started at t, books its resources on every working slot and sets its finish. */
  private commit(j: number, t: number): void {
    const { inst, profile, need } = this;
    const d = inst.duration[j];
    this.placed[j] = 1;
    this.start[j] = t;
    if (d <= 0) {
      this.finish[j] = t;
      return;
    }
    const p = inst.pauses ? inst.pauses[j] : null;
    const k0 = inst.demStart[j];
    const k1 = inst.demStart[j + 1];
    if (!p) {
      this.finish[j] = t + d;
      for (let k = k0; k < k1; k++) if (need[k] !== -Infinity) profile.add(inst.demRes[k], t, t + d, inst.demUnits[k]);
      return;
    }
    const m = p.length >> 1;
    let x = skipPause(p, t);
    let kp = pauseIndex(p, x);
    let remaining = d;
    for (;;) {
      const next = kp < m ? p[2 * kp] : Infinity;
      const end = x + remaining < next ? x + remaining : next;
      for (let k = k0; k < k1; k++) if (need[k] !== -Infinity) profile.add(inst.demRes[k], x, end, inst.demUnits[k]);
      remaining -= end - x;
      if (remaining === 0) {
        this.finish[j] = end;
        return;
      }
      x = p[2 * kp + 1];
      kp++;
    }
  }

  /** Earliest resource-feasible start >= est (outside pauses). */
  private earliestFit(j: number, est: number): number {
    const { inst, profile, need } = this;
    const d = inst.duration[j];
    if (d <= 0) return est;
    const p = inst.pauses ? inst.pauses[j] : null;
    const k0 = inst.demStart[j];
    const k1 = inst.demStart[j + 1];
    const demRes = inst.demRes;
    let t = p ? skipPause(p, est) : est;
    if (k0 === k1) return t;
    for (;;) {
      // Align the start on a slot where every demand fits (jumps over saturated stretches).
      for (let k = k0; k < k1; k++) {
        const t2 = profile.firstFit(demRes[k], t, need[k]);
        if (t2 > t) {
          t = p ? skipPause(p, t2) : t2;
          k = k0 - 1;
        }
      }
      // Check the whole occupied window; any start up to the last blocked slot would still cover it.
      let c = -1;
      if (!p) {
        for (let k = k0; k < k1; k++) {
          const b = profile.lastBlock(demRes[k], t, t + d, need[k]);
          if (b > c) c = b;
        }
      } else {
        const m = p.length >> 1;
        let x = t;
        let kp = pauseIndex(p, x);
        let remaining = d;
        for (;;) {
          const next = kp < m ? p[2 * kp] : Infinity;
          const end = x + remaining < next ? x + remaining : next;
          for (let k = k0; k < k1; k++) {
            const b = profile.lastBlock(demRes[k], x, end, need[k]);
            if (b > c) c = b;
          }
          remaining -= end - x;
          if (remaining === 0) break;
          x = p[2 * kp + 1];
          kp++;
        }
      }
      if (c < 0) return t;
      t = p ? skipPause(p, c + 1) : c + 1;
    }
  }

  /** Latest resource-feasible start whose finish is <= lf, not below lb; -1 when there is none. */
  private latestFit(j: number, lf: number, lb: number): number {
    const { inst, profile, need } = this;
    const d = inst.duration[j];
    if (d <= 0) return lf;
    const p = inst.pauses ? inst.pauses[j] : null;
    const k0 = inst.demStart[j];
    const k1 = inst.demStart[j + 1];
    const demRes = inst.demRes;
    let t = p ? latestStartEndingBy(p, lf, d) : lf - d;
    if (k0 === k1) return t >= lb ? t : -1;
    for (;;) {
      if (t < lb) return -1;
      // Align the last working slot on a slot where every demand fits.
      let last = p ? finishFrom(p, t, d) - 1 : t + d - 1;
      for (let k = k0; k < k1; k++) {
        const e2 = profile.lastFit(demRes[k], last, need[k]);
        if (e2 < last) {
          if (e2 < 0) return -1;
          t = p ? latestStartEndingBy(p, e2 + 1, d) : e2 + 1 - d;
          if (t < lb) return -1;
          last = p ? finishFrom(p, t, d) - 1 : t + d - 1;
          k = k0 - 1;
        }
      }
      // First blocked slot of the window: any later start that still covers it fails too.
      let c = Infinity;
      if (!p) {
        for (let k = k0; k < k1; k++) {
          const b = profile.firstBlock(demRes[k], t, t + d, need[k]);
          if (b >= 0 && b < c) c = b;
        }
      } else {
        const m = p.length >> 1;
        let x = t;
        let kp = pauseIndex(p, x);
        let remaining = d;
        for (;;) {
          const next = kp < m ? p[2 * kp] : Infinity;
          const end = x + remaining < next ? x + remaining : next;
          for (let k = k0; k < k1; k++) {
            const b = profile.firstBlock(demRes[k], x, end, need[k]);
            if (b >= 0 && b < c) c = b;
          }
          remaining -= end - x;
          if (remaining === 0) break;
          x = p[2 * kp + 1];
          kp++;
        }
      }
      if (c === Infinity) return t;
      t = p ? latestStartEndingBy(p, c, d) : c - d;
    }
  }

  /**
   * Fills scratchOrder with the activities sorted by `by` ascending (ties by rank in the tie order) and returns it.
   */
  private sortBy(by: Int32Array): Int32Array {
    const { n, keys, tieOrder, tieRank, scratchOrder } = this;
    for (let j = 0; j < n; j++) keys[j] = by[j] * n + tieRank[j];
    keys.sort();
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      scratchOrder[i] = tieOrder[key - Math.floor(key / n) * n];
    }
    return scratchOrder;
  }

  /**
   * Right-justifies the schedule (start, finish): activities in non-increasing finish order (ties: reverse topological),
   * each as late as possible given the successors already placed + lags, resources and `deadline` (default: the
   * schedule's makespan). Fixed activities stay. No activity moves earlier. Returns the new makespan.
   */
  justifyRight(start: Int32Array, finish: Int32Array, deadline = -1): number {
    const { n, inst, placed } = this;
    const { succStart, succIdx, succLag } = inst;
    this.srcStart.set(start);
    this.srcFinish.set(finish);
    const srcStart = this.srcStart;
    const srcFinish = this.srcFinish;
    let bound = deadline;
    if (bound < 0) for (let j = 0; j < n; j++) if (srcFinish[j] > bound) bound = srcFinish[j];
    const order = this.sortBy(srcFinish);
    this.profile.reset();
    placed.fill(0);
    let makespan = this.placeFixed();
    for (let i = n - 1; i >= 0; i--) {
      const j = order[i];
      if (placed[j]) continue;
      let lf = bound;
      for (let e = succStart[j]; e < succStart[j + 1]; e++) {
        const s = succIdx[e];
        if (!placed[s]) throw new Error(`rcpsp: schedule violates precedence (${s} does not finish after ${j})`);
        const v = this.start[s] - succLag[e];
        if (v < lf) lf = v;
      }
      if (lf < srcFinish[j]) lf = srcFinish[j];
      let t = this.latestFit(j, lf, srcStart[j]);
      if (t < srcStart[j]) t = srcStart[j];
      this.commit(j, t);
      if (this.finish[j] > makespan) makespan = this.finish[j];
    }
    return makespan;
  }

  /**
   * Left-justifies the schedule given by `start`: a serial SGS over the activities in non-decreasing start order
   * (ties: topological). No activity moves later. Returns the new makespan.
   */
  justifyLeft(start: Int32Array): number {
    this.srcStart.set(start);
    return this.decode(this.sortBy(this.srcStart));
  }

  /** A copy of the current schedule. */
  solution(makespan?: number): Solution {
    let mk = makespan ?? -1;
    if (mk < 0) {
      mk = 0;
      for (let j = 0; j < this.n; j++) if (this.finish[j] > mk) mk = this.finish[j];
    }
    return { start: this.start.slice(), finish: this.finish.slice(), makespan: mk };
  }
}

/**
 * Serial schedule generation scheme. `order` must be a precedence-feasible activity list holding every activity
 * (fixed ones may appear anywhere; they are placed first at their pinned start, even over capacity). Every other
 * activity starts at the earliest slot >= max(release, predecessor finish + lag) at which each of its demands fits on
 * every working slot (pauses skipped). A demand above a resource's capacity is treated as needing all of it.
 * Example: two activities of duration 2 each needing the single unit of resource 0, order [0, 1] -> starts [0, 2].
 */
export function serialSgs(inst: Instance, order: Int32Array): Solution {
  const kernel = new SgsKernel(inst);
  return kernel.solution(kernel.decode(order));
}

/**
 * A precedence-feasible activity list by a priority rule (ties by lowest index): 'lft' smallest latest finish,
 * 'lst' smallest latest start, 'mts' most transitive successors, 'grpw' greatest duration + immediate successors'
 * durations. Latest times come from the resource-free network (lags and releases included, pauses ignored).
 */
export function priorityOrder(inst: Instance, rule: PriorityRule): Int32Array {
  const n = inst.n;
  const topo = topologicalOrder(inst);
  const key = new Float64Array(n);
  if (rule === 'lft' || rule === 'lst') {
    const lf = latestFinishes(inst, earliestSchedule(inst, topo).makespan, topo);
    for (let j = 0; j < n; j++) key[j] = rule === 'lft' ? lf[j] : lf[j] - inst.duration[j];
  } else if (rule === 'mts') {
    const count = successorCounts(inst, topo);
    for (let j = 0; j < n; j++) key[j] = -count[j];
  } else {
    const { duration, succStart, succIdx } = inst;
    for (let j = 0; j < n; j++) {
      let w = duration[j];
      for (let e = succStart[j]; e < succStart[j + 1]; e++) w += duration[succIdx[e]];
      key[j] = -w;
    }
  }
  return listByPriority(inst, key);
}

/**
 * Right-justification of a feasible schedule: activities in non-increasing finish order, each as late as possible
 * given the already-placed successors + lags, resources and the schedule's makespan; fixed activities stay.
 * Guarantees: the result is feasible, right.start[j] >= sol.start[j] for every j, and right.makespan <= sol.makespan.
 * (right.start - start is the slack an activity has in the levelled schedule.)
 */
export function justifyRight(inst: Instance, sol: Solution): Solution {
  const kernel = new SgsKernel(inst);
  return kernel.solution(kernel.justifyRight(sol.start, sol.finish, sol.makespan));
}

/**
 * Left-justification: a serial SGS in non-decreasing start order. No activity moves later than in `sol`.
 */
export function justifyLeft(inst: Instance, sol: Solution): Solution {
  const kernel = new SgsKernel(inst);
  return kernel.solution(kernel.justifyLeft(sol.start));
}

/**
 * Forward-backward improvement (double justification), repeated while the makespan improves, at most `maxPasses`
 * right+left pairs. Returns the best schedule and the number of schedules generated (2 per pair).
 */
export function forwardBackward(inst: Instance, sol: Solution, maxPasses = 4): { solution: Solution; schedules: number } {
  const kernel = new SgsKernel(inst);
  let best = sol;
  let schedules = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    kernel.justifyRight(best.start, best.finish, best.makespan);
    const mk = kernel.justifyLeft(kernel.start);
    schedules += 2;
    if (mk >= best.makespan) break;
    best = kernel.solution(mk);
  }
  return { solution: best, schedules };
}
