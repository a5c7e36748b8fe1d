/**
 * An independent, deliberately naive feasibility checker for RCPSP schedules, shared by the kernel, search, PSPLIB and
 * CLI tests. It walks slot by slot and shares no code with the engine.
 */
import type { Instance, Solution } from '../../src/engine/rcpsp/instance.js';

const TOL = 1e-6;

function paused(inst: Instance, j: number, t: number): boolean {
  const p = inst.pauses?.[j];
  if (!p) return false;
  for (let k = 0; k < p.length; k += 2) if (p[k] <= t && t < p[k + 1]) return true;
  return false;
}

/** The slots activity j works on when it starts at s: its first `duration` unpaused slots from s. */
export function workSlots(inst: Instance, j: number, s: number): number[] {
  const slots: number[] = [];
  for (let t = s; slots.length < inst.duration[j]; t++) if (!paused(inst, j, t)) slots.push(t);
  return slots;
}

function isFixed(inst: Instance, j: number): boolean {
  return inst.fixedStart !== undefined && inst.fixedStart[j] >= 0;
}

/** Units activity j occupies on resource r per working slot (a demand above capacity counts as the whole capacity). */
function units(inst: Instance, j: number, r: number): number {
  let u = 0;
  for (let k = inst.demStart[j]; k < inst.demStart[j + 1]; k++) if (inst.demRes[k] === r && inst.demUnits[k] > 0) u += inst.demUnits[k];
  return Math.min(u, inst.capacity[r]);
}

/** Usage per resource per slot of every activity except `skip`. */
function usageTable(inst: Instance, start: ArrayLike<number>, skip = -1): Map<number, number[]> {
  const use = new Map<number, number[]>();
  for (let j = 0; j < inst.n; j++) {
    if (j === skip) continue;
    for (const t of workSlots(inst, j, start[j])) {
      let row = use.get(t);
      if (!row) use.set(t, (row = new Array<number>(inst.resources).fill(0)));
      for (let r = 0; r < inst.resources; r++) row[r] += units(inst, j, r);
    }
  }
  return use;
}

/** Whether activity j fits at s against the usage of the others. */
function fitsAt(inst: Instance, use: Map<number, number[]>, j: number, s: number): boolean {
  if (inst.duration[j] > 0 && paused(inst, j, s)) return false;
  for (const t of workSlots(inst, j, s)) {
    const row = use.get(t);
    for (let r = 0; r < inst.resources; r++) {
      const u = units(inst, j, r);
      if (u > 0 && (row ? row[r] : 0) + u > inst.capacity[r] + TOL) return false;
    }
  }
  return true;
}

/**
 * Problems with a schedule (empty when feasible): lengths, release, pinned starts, starts inside pauses, finishes,
 * precedence + lags (into free activities), capacity on every slot where a free activity works, makespan.
 */
export function naiveCheck(inst: Instance, sol: Solution): string[] {
  const problems: string[] = [];
  const { n } = inst;
  if (sol.start.length !== n || sol.finish.length !== n) return [`arrays of ${sol.start.length}/${sol.finish.length}, expected ${n}`];
  let makespan = 0;
  for (let j = 0; j < n; j++) {
    const s = sol.start[j];
    if (!Number.isInteger(s) || s < 0) problems.push(`activity ${j}: bad start ${s}`);
    if (isFixed(inst, j)) {
      if (s !== inst.fixedStart![j]) problems.push(`activity ${j}: pinned at ${inst.fixedStart![j]} but starts ${s}`);
    } else {
      if (s < inst.release[j]) problems.push(`activity ${j}: starts ${s} before its release ${inst.release[j]}`);
      if (inst.duration[j] > 0 && paused(inst, j, s)) problems.push(`activity ${j}: starts inside a pause at ${s}`);
    }
    const slots = workSlots(inst, j, s);
    const f = slots.length > 0 ? slots[slots.length - 1] + 1 : s;
    if (sol.finish[j] !== f) problems.push(`activity ${j}: finish ${sol.finish[j]}, expected ${f}`);
    makespan = Math.max(makespan, f);
    if (isFixed(inst, j)) continue;
    for (let e = inst.predStart[j]; e < inst.predStart[j + 1]; e++) {
      const i = inst.predIdx[e];
      const fi = workSlots(inst, i, sol.start[i]).at(-1);
      const finishI = fi === undefined ? sol.start[i] : fi + 1;
      if (s < finishI + inst.predLag[e]) problems.push(`activity ${j}: starts ${s} before predecessor ${i} finishes ${finishI} + lag ${inst.predLag[e]}`);
    }
  }
  if (n > 0 && sol.makespan !== makespan) problems.push(`makespan ${sol.makespan}, expected ${makespan}`);
  // Capacity: on every slot where some free activity works, total usage stays within capacity.
  const use = usageTable(inst, sol.start);
  const freeUse = new Map<number, boolean[]>();
  for (let j = 0; j < n; j++) {
    if (isFixed(inst, j)) continue;
    for (const t of workSlots(inst, j, sol.start[j])) {
      let row = freeUse.get(t);
      if (!row) freeUse.set(t, (row = new Array<boolean>(inst.resources).fill(false)));
      for (let r = 0; r < inst.resources; r++) if (units(inst, j, r) > 0) row[r] = true;
    }
  }
  for (const [t, row] of freeUse) {
    for (let r = 0; r < inst.resources; r++) {
      if (row[r] && use.get(t)![r] > inst.capacity[r] + TOL) problems.push(`slot ${t}: resource ${r} uses ${use.get(t)![r]} > ${inst.capacity[r]}`);
    }
  }
  return problems.slice(0, 10);
}

/**
 * Activities of a feasible schedule that could start earlier on their own (keeping every other activity where it is):
 * empty for a left-justified (semi-active) schedule such as serial SGS output.
 */
export function leftShiftable(inst: Instance, sol: Solution): number[] {
  const out: number[] = [];
  for (let j = 0; j < inst.n; j++) {
    if (isFixed(inst, j)) continue;
    let est = inst.release[j];
    for (let e = inst.predStart[j]; e < inst.predStart[j + 1]; e++) est = Math.max(est, sol.finish[inst.predIdx[e]] + inst.predLag[e]);
    const use = usageTable(inst, sol.start, j);
    for (let t = est; t < sol.start[j]; t++) {
      if (fitsAt(inst, use, j, t)) {
        out.push(j);
        break;
      }
    }
  }
  return out;
}

/**
 * Activities of a feasible schedule that could start later on their own without passing a successor (+ lag) or the
 * makespan: empty for a right-justified schedule.
 */
export function rightShiftable(inst: Instance, sol: Solution): number[] {
  const out: number[] = [];
  for (let j = 0; j < inst.n; j++) {
    if (isFixed(inst, j)) continue;
    let lf = sol.makespan;
    for (let e = inst.succStart[j]; e < inst.succStart[j + 1]; e++) lf = Math.min(lf, sol.start[inst.succIdx[e]] - inst.succLag[e]);
    const use = usageTable(inst, sol.start, j);
    for (let t = sol.start[j] + 1; t <= lf; t++) {
      const slots = workSlots(inst, j, t);
      const f = slots.length > 0 ? slots[slots.length - 1] + 1 : t;
      if (f > lf) break;
      if (fitsAt(inst, use, j, t)) {
        out.push(j);
        break;
      }
    }
  }
  return out;
}
