/**
 * Sub-problems for the decomposition step of the search (after Debels & Vanhoucke's decomposition GA): a window of
 * consecutive activities of a schedule's activity list, with every activity before the window pinned where the
 * schedule has it and every activity after the window left out. Minimising the sub-problem's makespan packs the
 * window's activities as early as the pinned head allows; spliced back between the head and the tail of the list, the
 * shorter window usually lets the tail start earlier.
 *
 * Plain instances only (no releases, pauses or pinned starts of their own), as the bi-population search that uses it.
 */
import type { Instance } from './instance.js';

/** A window sub-problem: the sub-instance and, for each of its activities, the activity of the original instance. */
export type WindowProblem = {
  sub: Instance;
  /** Sub-instance activity i is original activity ids[i]: the list's first `from` activities (pinned), then the window. */
  ids: Int32Array;
};

/**
 * The sub-problem of `list` (a precedence-feasible activity list whose schedule has starts `start`) for the window of
 * list positions [from, from + size): the head list[0, from) pinned at its starts, the window free, the tail dropped.
 * Precedence edges between kept activities are kept with their lags; demands and capacities are unchanged.
 * Example: list [0, 1, 2, 3], from 1, size 2 -> ids [0, 1, 2], activity 0 pinned at start[0].
 */
export function windowProblem(inst: Instance, list: Int32Array, start: Int32Array, from: number, size: number): WindowProblem {
  const m = from + size;
  const ids = list.slice(0, m);
  const local = new Int32Array(inst.n).fill(-1);
  for (let i = 0; i < m; i++) local[ids[i]] = i;
  const duration = new Int32Array(m);
  const release = new Int32Array(m);
  const fixedStart = new Int32Array(m).fill(-1);
  const predStart = new Int32Array(m + 1);
  const succStart = new Int32Array(m + 1);
  const demStart = new Int32Array(m + 1);
  const predIdx: number[] = [];
  const predLag: number[] = [];
  const succIdx: number[] = [];
  const succLag: number[] = [];
  const demRes: number[] = [];
  const demUnits: number[] = [];
  for (let i = 0; i < m; i++) {
    const j = ids[i];
    duration[i] = inst.duration[j];
    if (i < from) fixedStart[i] = start[j];
    for (let e = inst.predStart[j]; e < inst.predStart[j + 1]; e++) {
      const p = local[inst.predIdx[e]];
      if (p < 0) continue;
      predIdx.push(p);
      predLag.push(inst.predLag[e]);
    }
    predStart[i + 1] = predIdx.length;
    for (let e = inst.succStart[j]; e < inst.succStart[j + 1]; e++) {
      const s = local[inst.succIdx[e]];
      if (s < 0) continue;
      succIdx.push(s);
      succLag.push(inst.succLag[e]);
    }
    succStart[i + 1] = succIdx.length;
    for (let k = inst.demStart[j]; k < inst.demStart[j + 1]; k++) {
      demRes.push(inst.demRes[k]);
      demUnits.push(inst.demUnits[k]);
    }
    demStart[i + 1] = demRes.length;
  }
  const sub: Instance = {
    n: m,
    duration,
    release,
    predStart,
    predIdx: Int32Array.from(predIdx),
    predLag: Int32Array.from(predLag),
    succStart,
    succIdx: Int32Array.from(succIdx),
    succLag: Int32Array.from(succLag),
    demStart,
    demRes: Int32Array.from(demRes),
    demUnits: Float64Array.from(demUnits),
    resources: inst.resources,
    capacity: inst.capacity,
    fixedStart,
  };
  return { sub, ids };
}

/**
 * The same instance with time reversed: predecessors and successors swap (lags kept). A schedule of the mirror in
 * which every activity j occupies [M - finish_j, M - start_j) is a schedule of the original. Plain instances only.
 */
export function mirrorInstance(inst: Instance): Instance {
  return {
    ...inst,
    predStart: inst.succStart,
    predIdx: inst.succIdx,
    predLag: inst.succLag,
    succStart: inst.predStart,
    succIdx: inst.predIdx,
    succLag: inst.predLag,
  };
}
