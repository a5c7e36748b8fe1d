/**
 * Precedence-network computations on an Instance, ignoring resources: topological order, earliest schedule (with
 * release dates, finish-to-start lags, pauses and fixed starts), latest finishes, the critical-path lower bound and
 * successor counts used by priority rules.
 */
import type { Instance } from './instance.js';
import { finishFrom, skipPause } from './pauses.js';

/**
 * A topological order of the activities (predecessors first; among ready activities, lowest index first).
 * Throws on a precedence cycle: the loader rejects cycles, so one reaching the engine is a bug.
 */
export function topologicalOrder(inst: Instance): Int32Array {
  return listByPriority(inst, new Float64Array(inst.n));
}

/**
 * A precedence-feasible list that repeatedly takes the eligible activity with the smallest key (ties: lowest index).
 */
export function listByPriority(inst: Instance, key: Float64Array): Int32Array {
  // A binary heap of the eligible activities keeps the order stable and readable.
  const { n, predStart, succStart, succIdx } = inst;
  const indeg = new Int32Array(n);
  for (let j = 0; j < n; j++) indeg[j] = predStart[j + 1] - predStart[j];
  const heap = new Int32Array(n);
  let size = 0;
  const less = (a: number, b: number): boolean => key[a] < key[b] || (key[a] === key[b] && a < b);
  const push = (v: number): void => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(v, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap[--size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && less(heap[c + 1], heap[c])) c++;
      if (!less(heap[c], last)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let j = 0; j < n; j++) if (indeg[j] === 0) push(j);
  const order = new Int32Array(n);
  let k = 0;
  while (size > 0) {
    const j = pop();
    order[k++] = j;
    for (let e = succStart[j]; e < succStart[j + 1]; e++) if (--indeg[succIdx[e]] === 0) push(succIdx[e]);
  }
  if (k !== n) throw new Error(`rcpsp: precedence cycle among ${n - k} activities`);
  return order;
}

/**
 * Resource-free earliest schedule: each activity starts at max(release, fixed start if any, predecessor finish + lag),
 * outside its pauses. `topo` defaults to topologicalOrder(inst).
 */
export function earliestSchedule(inst: Instance, topo: Int32Array = topologicalOrder(inst)): { start: Int32Array; finish: Int32Array; makespan: number } {
  const { n, duration, release, predStart, predIdx, predLag, pauses, fixedStart } = inst;
  const start = new Int32Array(n);
  const finish = new Int32Array(n);
  let makespan = 0;
  for (let i = 0; i < n; i++) {
    const j = topo[i];
    let t = release[j];
    const fixed = fixedStart ? fixedStart[j] : -1;
    if (fixed >= 0) t = fixed;
    else {
      for (let e = predStart[j]; e < predStart[j + 1]; e++) {
        const v = finish[predIdx[e]] + predLag[e];
        if (v > t) t = v;
      }
    }
    const p = pauses ? pauses[j] : null;
    if (p && duration[j] > 0) {
      if (fixed < 0) t = skipPause(p, t);
      finish[j] = finishFrom(p, skipPause(p, t), duration[j]);
    } else finish[j] = t + duration[j];
    start[j] = t;
    if (finish[j] > makespan) makespan = finish[j];
  }
  return { start, finish, makespan };
}

/**
 * The critical-path lower bound on the makespan: the resource-free earliest finish of the whole instance (for PSPLIB,
 * the classic CPLB).
 */
export function criticalPathBound(inst: Instance): number {
  return earliestSchedule(inst).makespan;
}

/**
 * Latest finish of every activity for a project deadline `horizon`, ignoring resources and pauses:
 * lf_j = min(horizon, min over successors s of (lf_s - duration_s - lag)).
 */
export function latestFinishes(inst: Instance, horizon: number, topo: Int32Array = topologicalOrder(inst)): Int32Array {
  const { n, duration, succStart, succIdx, succLag } = inst;
  const lf = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const j = topo[i];
    let t = horizon;
    for (let e = succStart[j]; e < succStart[j + 1]; e++) {
      const s = succIdx[e];
      const v = lf[s] - duration[s] - succLag[e];
      if (v < t) t = v;
    }
    lf[j] = t;
  }
  return lf;
}

/** Above this many activities, transitive successor counts are estimated instead of counted exactly. */
const EXACT_SUCCESSORS = 8192;

/**
 * Number of (transitive) successors of every activity. Exact up to 8,192 activities (bit sets); above, an estimate:
 * the largest successor's count plus the number of immediate successors, a lower bound that keeps the ranking sensible.
 */
export function successorCounts(inst: Instance, topo: Int32Array = topologicalOrder(inst)): Int32Array {
  const { n, succStart, succIdx } = inst;
  const count = new Int32Array(n);
  if (n <= EXACT_SUCCESSORS) {
    const words = (n + 31) >>> 5;
    const bits = new Uint32Array(n * words);
    for (let i = n - 1; i >= 0; i--) {
      const j = topo[i];
      const base = j * words;
      for (let e = succStart[j]; e < succStart[j + 1]; e++) {
        const s = succIdx[e];
        bits[base + (s >>> 5)] |= 1 << (s & 31);
        const sb = s * words;
        for (let w = 0; w < words; w++) bits[base + w] |= bits[sb + w];
      }
      let c = 0;
      for (let w = 0; w < words; w++) {
        let v = bits[base + w];
        v = v - ((v >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        c += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
      }
      count[j] = c;
    }
    return count;
  }
  for (let i = n - 1; i >= 0; i--) {
    const j = topo[i];
    let best = 0;
    for (let e = succStart[j]; e < succStart[j + 1]; e++) if (count[succIdx[e]] > best) best = count[succIdx[e]];
    count[j] = Math.min(n - 1, best + succStart[j + 1] - succStart[j]);
  }
  return count;
}
