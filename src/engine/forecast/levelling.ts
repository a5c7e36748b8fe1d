/**
 * What the Monte Carlo forecast needs from the deterministic scheduler's levelling: whether `vantage schedule` would
 * level this plan ('auto'), and the activity list that trials decode with the serial SGS.
 */
import type { CpmTimes } from '../cpm.js';
import { NODE_DOING, NODE_DONE, type Network } from '../network.js';
import type { Instance, Solution } from '../rcpsp/instance.js';
import { forwardBackward, priorityOrder, serialSgs } from '../rcpsp/sgs.js';
import { improveSchedule } from '../rcpsp/search.js';

/**
 * True when the dependency-only schedule `cpm` puts some resource over its capacity on some slot (slotsPerDay slots
 * a working day): the rule `vantage schedule` applies with `level: 'auto'`. Done nodes and zero-length work use
 * nothing; a node uses nothing during its pauses; doing nodes work from their release.
 */
export function needsLevelling(net: Network, cpm: CpmTimes, slotsPerDay: number): boolean {
  if (net.demRes.length === 0) return false;
  const R = net.resources.length;
  const slots: number[][] = Array.from({ length: R }, () => []);
  const deltas: number[][] = Array.from({ length: R }, () => []);
  const { demStart, demRes, demUnits, status, pauses } = net;
  const s = slotsPerDay;
  for (let j = 0; j < net.n; j++) {
    const k0 = demStart[j];
    const k1 = demStart[j + 1];
    if (k0 === k1 || status[j] === NODE_DONE) continue;
    let begin = cpm.es[j];
    const p = pauses[j];
    if (status[j] === NODE_DOING) {
      begin = net.release[j];
      if (p !== null && net.duration[j] > 0) for (let i = 0; i < p.length; i += 2) if (p[i] <= begin && begin < p[i + 1]) begin = p[i + 1];
    }
    const a = Math.round(begin * s);
    const b = Math.round(cpm.ef[j] * s);
    if (b <= a) continue;
    for (let k = k0; k < k1; k++) {
      const r = demRes[k];
      const u = demUnits[k];
      slots[r].push(a, b);
      deltas[r].push(u, -u);
      if (p === null) continue;
      for (let i = 0; i < p.length; i += 2) {
        const pa = Math.max(a, p[i] * s);
        const pb = Math.min(b, p[i + 1] * s);
        if (pb > pa) {
          slots[r].push(pa, pb);
          deltas[r].push(-u, u);
        }
      }
    }
  }
  for (let r = 0; r < R; r++) {
    const at = slots[r];
    const d = deltas[r];
    const order = Array.from({ length: at.length }, (_, i) => i).sort((x, y) => at[x] - at[y]);
    const cap = net.capacity[r] + 1e-9;
    let level = 0;
    for (let i = 0; i < order.length; ) {
      const slot = at[order[i]];
      while (i < order.length && at[order[i]] === slot) level += d[order[i++]];
      if (level > cap) return true;
    }
  }
  return false;
}

/**
 * The deterministic levelled schedule as `vantage schedule` builds it (LFT serial SGS, forward-backward
 * justification, then the search with `budget` schedules and `seed`), and the activity list of its start order
 * (ties by topological rank), which reproduces it under the serial SGS and is the priority list of every trial.
 */
export function levelledReference(inst: Instance, budget: number, seed: number): { solution: Solution; order: Int32Array } {
  let sol = serialSgs(inst, priorityOrder(inst, 'lft'));
  sol = forwardBackward(inst, sol).solution;
  if (budget > 0) sol = improveSchedule(inst, { schedules: budget, seed, initial: sol });
  return { solution: sol, order: startOrder(inst, sol.start) };
}

/** Activities by start slot, ties by a topological rank: precedence-feasible for any feasible schedule. */
export function startOrder(inst: Instance, start: Int32Array): Int32Array {
  const n = inst.n;
  const rank = topologicalRank(inst);
  const idx = Array.from({ length: n }, (_, j) => j).sort((a, b) => start[a] - start[b] || rank[a] - rank[b]);
  return Int32Array.from(idx);
}

function topologicalRank(inst: Instance): Int32Array {
  const { n, predStart, succStart, succIdx } = inst;
  const indeg = new Int32Array(n);
  for (let j = 0; j < n; j++) indeg[j] = predStart[j + 1] - predStart[j];
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let j = 0; j < n; j++) if (indeg[j] === 0) queue[tail++] = j;
  while (head < tail) {
    const j = queue[head++];
    for (let e = succStart[j]; e < succStart[j + 1]; e++) if (--indeg[succIdx[e]] === 0) queue[tail++] = succIdx[e];
  }
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[queue[i]] = i;
  return rank;
}
