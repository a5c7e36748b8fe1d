/**
 * A convenience builder for small Instances (tests, importers, examples): activities as plain objects, turned into the
 * CSR arrays of the Instance contract.
 */
import type { Instance } from './instance.js';

/** One activity: predecessors as indices or [index, lag] pairs; demands as [resource, units] pairs. */
export type ActivitySpec = {
  duration: number;
  preds?: (number | [number, number])[];
  demands?: [number, number][];
  release?: number;
  /** Pauses as a flat list [from0, to0, from1, to1, ...] (sorted, disjoint, half-open). */
  pauses?: number[];
  fixedStart?: number;
};

/**
 * Builds an Instance from activity specs and per-slot resource capacities. Successor lists are derived from the
 * predecessor lists. Does not validate (cycles and bad indices are the caller's concern).
 */
export function buildInstance(activities: ActivitySpec[], capacity: number[]): Instance {
  const n = activities.length;
  const duration = new Int32Array(n);
  const release = new Int32Array(n);
  const predStart = new Int32Array(n + 1);
  const demStart = new Int32Array(n + 1);
  const preds: number[] = [];
  const lags: number[] = [];
  const demRes: number[] = [];
  const demUnits: number[] = [];
  const succCount = new Int32Array(n);
  let anyPause = false;
  let anyFixed = false;
  activities.forEach((a, j) => {
    duration[j] = a.duration;
    release[j] = a.release ?? 0;
    for (const p of a.preds ?? []) {
      const [i, lag] = typeof p === 'number' ? [p, 0] : p;
      preds.push(i);
      lags.push(lag);
      succCount[i]++;
    }
    predStart[j + 1] = preds.length;
    for (const [r, u] of a.demands ?? []) {
      demRes.push(r);
      demUnits.push(u);
    }
    demStart[j + 1] = demRes.length;
    if (a.pauses && a.pauses.length > 0) anyPause = true;
    if (a.fixedStart !== undefined && a.fixedStart >= 0) anyFixed = true;
  });
  const succStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) succStart[j + 1] = succStart[j] + succCount[j];
  const succIdx = new Int32Array(preds.length);
  const succLag = new Int32Array(preds.length);
  const fill = succStart.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let e = predStart[j]; e < predStart[j + 1]; e++) {
      const i = preds[e];
      succIdx[fill[i]] = j;
      succLag[fill[i]] = lags[e];
      fill[i]++;
    }
  }
  const inst: Instance = {
    n,
    duration,
    release,
    predStart,
    predIdx: Int32Array.from(preds),
    predLag: Int32Array.from(lags),
    succStart,
    succIdx,
    succLag,
    demStart,
    demRes: Int32Array.from(demRes),
    demUnits: Float64Array.from(demUnits),
    resources: capacity.length,
    capacity: Float64Array.from(capacity),
  };
  if (anyPause) inst.pauses = activities.map((a) => (a.pauses && a.pauses.length > 0 ? Int32Array.from(a.pauses) : null));
  if (anyFixed) inst.fixedStart = Int32Array.from(activities, (a) => a.fixedStart ?? -1);
  return inst;
}

/** A plain single-mode project with jobs numbered 1..jobs, as PSPLIB writes it; arrays are indexed by job - 1. */
export type JobProject = {
  jobs: number;
  duration: number[];
  /** Successor job numbers of each job. */
  successors: number[][];
  /** Renewable resource requests of each job, one per resource. */
  requests: number[][];
  capacity: number[];
};

/**
 * The scheduling Instance of a job project: activity j is job j + 1 (`jobNumber[j]`), renewable capacities per
 * period, no lags, releases, pauses or pinned starts. Zero requests are left out of the demand lists.
 */
export function instanceFromJobs(project: JobProject): { instance: Instance; jobNumber: Int32Array } {
  const n = project.jobs;
  const resources = project.capacity.length;
  const predCount = new Int32Array(n);
  for (const ss of project.successors) for (const s of ss) predCount[s - 1]++;
  const predStart = new Int32Array(n + 1);
  const succStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    predStart[j + 1] = predStart[j] + predCount[j];
    succStart[j + 1] = succStart[j] + project.successors[j].length;
  }
  const m = succStart[n];
  const succIdx = new Int32Array(m);
  const predIdx = new Int32Array(m);
  const fill = predStart.slice(0, n);
  for (let j = 0; j < n; j++) {
    project.successors[j].forEach((s, k) => {
      succIdx[succStart[j] + k] = s - 1;
      predIdx[fill[s - 1]++] = j;
    });
  }
  const demStart = new Int32Array(n + 1);
  const demRes: number[] = [];
  const demUnits: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let r = 0; r < resources; r++) {
      if (project.requests[j][r] > 0) {
        demRes.push(r);
        demUnits.push(project.requests[j][r]);
      }
    }
    demStart[j + 1] = demRes.length;
  }
  const instance: Instance = {
    n,
    duration: Int32Array.from(project.duration),
    release: new Int32Array(n),
    predStart,
    predIdx,
    predLag: new Int32Array(m),
    succStart,
    succIdx,
    succLag: new Int32Array(m),
    demStart,
    demRes: Int32Array.from(demRes),
    demUnits: Float64Array.from(demUnits),
    resources,
    capacity: Float64Array.from(project.capacity),
  };
  return { instance, jobNumber: Int32Array.from({ length: n }, (_, j) => j + 1) };
}
