/**
 * The Monte Carlo trials: sample, schedule, record. Pure and allocation-free per trial, so that the same code runs in
 * the main thread, a Node worker thread or a browser Web Worker.
 *
 * Trial t draws from its own random stream: a xoshiro128** generator whose state is the first four words of
 * `createRng(seed, t)` (inlined in the loops, which is several times faster than a call per draw). Its numbers do not
 * depend on which thread runs it or which other trials run, so any split of [0, trials) into blocks, merged in order
 * (`mergeBlocks`), gives the same result. Within a trial the stream is consumed in a fixed order: one uniform per
 * sampled risk (in model order), then one uniform per sampled node in topological order (none for done nodes,
 * milestones and fixed estimates; a lognormal draw inverts the normal CDF).
 *
 * Each trial:
 * 1. fires each risk with its probability; a fired risk adds its days to each of its nodes' sampled work;
 * 2. schedules: a dependency-only forward pass (as cpm.ts, fused with sampling), or for a levelled model the serial SGS
 *    with the model's fixed priority list on the slot axis;
 * 3. records each program's finish (max exclusive finish of its nodes, axis working days) and each milestone's offset;
 * 4. marks the critical items (see below) and counts them;
 * 5. for each fired risk, reschedules the same sampled durations without that risk (common random numbers) and records
 *    the finish of the risk's program: the tornado compares these with the finishes of step 3.
 *
 * Critical in a trial:
 * - dependency-only: total slack 0, found without a backward pass by walking back from every node that ends at the
 *   finish along driving links: p drives j when j starts exactly when p's finish + lag allows it (past j's pauses).
 *   This is the critical path method's zero-slack set. Doing items can be critical; done items never are.
 * - levelled: on a driving chain back from the finish: j's driver is the predecessor whose finish + lag set its
 *   start, or, when j started later than its predecessors allowed, an activity sharing one of its resources that
 *   finished when j started (the resource link that held it back; failing an exact match, the latest such activity
 *   finishing before j started).
 */
import { EPS, finishAfter, skipPauses } from '../cpm.js';
import { NODE_DOING, NODE_DONE } from '../network.js';
import { createRng } from '../random.js';
import { SgsKernel } from '../rcpsp/sgs.js';
import type { ForecastModel } from './model.js';
import { SAMPLE_CONST, SAMPLE_TABLE, sampleDuration, TABLE_SIZE } from './sampling.js';

/** The raw results of trials [from, to). Arrays are trial-major: value of trial t is at (t - from) * width + k. */
export type TrialBlock = {
  from: number;
  to: number;
  /** Per trial and program: the finish offset (axis working days, exclusive). */
  finish: Float64Array;
  /** Per trial and milestone: the milestone's offset. */
  milestone: Float64Array;
  /** Per trial and risk: the finish of the risk's program with that risk switched off (= finish when it did not fire). */
  riskOff: Float64Array;
  /** Per item: the number of trials of the block in which it was critical. */
  critical: Int32Array;
};

/** Called every few trials with the number of trials of the block done so far. */
export type ProgressFn = (done: number) => void;

const PROGRESS_EVERY = 256;
const TWO_POW_32 = 4294967296;

/**
 * Runs trials [from, to) of `model` with `seed`. Cost per trial: one pass over the nodes (sampling fused with the
 * forward pass, or sampling + serial SGS), a walk over the critical nodes, and one more pass per fired risk.
 * Example: runTrials(model, 0, 1000, 42) and mergeBlocks([runTrials(model, 0, 400, 42), runTrials(model, 400, 1000, 42)])
 * are equal.
 */
export function runTrials(model: ForecastModel, from: number, to: number, seed: number, progress?: ProgressFn): TrialBlock {
  const count = Math.max(0, to - from);
  const P = model.nPrograms;
  const M = model.milestoneNodes.length;
  const R = model.nRisks;
  const block: TrialBlock = {
    from,
    to: from + count,
    finish: new Float64Array(count * P),
    milestone: new Float64Array(count * M),
    riskOff: new Float64Array(count * R),
    critical: new Int32Array(model.nItems),
  };
  const runner = model.levelled ? levelledRunner(model, block) : dependencyRunner(model, block);
  const state = new Int32Array(4);
  for (let i = 0; i < count; i++) {
    seedState(state, seed, from + i);
    runner(state, i);
    if (progress && (i + 1) % PROGRESS_EVERY === 0) progress(i + 1);
  }
  if (progress && count % PROGRESS_EVERY !== 0) progress(count);
  return block;
}

/**
 * Concatenates blocks into one covering their union (they must tile a range once sorted) and sums the critical
 * counts. Integer sums and ordered concatenation: the result does not depend on how trials were split.
 */
export function mergeBlocks(blocks: TrialBlock[]): TrialBlock {
  const sorted = [...blocks].sort((a, b) => a.from - b.from);
  if (sorted.length === 0) throw new Error('mergeBlocks: no blocks');
  let at = sorted[0].from;
  for (const b of sorted) {
    if (b.from !== at) throw new Error(`mergeBlocks: blocks do not tile (gap or overlap at trial ${at})`);
    at = b.to;
  }
  if (sorted.length === 1) return sorted[0];
  const cat = (pick: (b: TrialBlock) => Float64Array): Float64Array => {
    let len = 0;
    for (const b of sorted) len += pick(b).length;
    const out = new Float64Array(len);
    let o = 0;
    for (const b of sorted) {
      out.set(pick(b), o);
      o += pick(b).length;
    }
    return out;
  };
  const critical = new Int32Array(sorted[0].critical.length);
  for (const b of sorted) for (let j = 0; j < critical.length; j++) critical[j] += b.critical[j];
  return {
    from: sorted[0].from,
    to: at,
    finish: cat((b) => b.finish),
    milestone: cat((b) => b.milestone),
    riskOff: cat((b) => b.riskOff),
    critical,
  };
}

/** The generator state of trial t: the first four words of stream t of the seed. */
function seedState(state: Int32Array, seed: number, t: number): void {
  const r = createRng(seed, t);
  state[0] = r.uint32();
  state[1] = r.uint32();
  state[2] = r.uint32();
  state[3] = r.uint32();
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
}

/** The next uniform in (0, 1) of a xoshiro128** state (the same step as random.ts, on a shared array). */
function uniform(g: Int32Array): number {
  const s0 = g[0];
  const s1 = g[1];
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9);
  const t = s1 << 9;
  const s2 = g[2] ^ s0;
  const s3 = g[3] ^ s1;
  g[1] = s1 ^ s2;
  g[0] = s0 ^ s3;
  g[2] = s2 ^ t;
  g[3] = (s3 << 11) | (s3 >>> 21);
  return ((r >>> 0) + 0.5) / TWO_POW_32;
}

type Runner = (state: Int32Array, i: number) => void;

/** Fires the risks (one uniform each) and adds their days to `extra`; returns how many fired (listed in `fired`). */
function fireRisks(model: ForecastModel, g: Int32Array, extra: Float64Array, fired: Int32Array): number {
  const { nRisks, riskProb, riskDays, riskStart, riskNode } = model;
  let count = 0;
  for (let r = 0; r < nRisks; r++) {
    if (uniform(g) < riskProb[r]) {
      fired[count++] = r;
      const days = riskDays[r];
      for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k]] += days;
    }
  }
  return count;
}

function clearRisks(model: ForecastModel, extra: Float64Array, fired: Int32Array, count: number): void {
  const { riskStart, riskNode } = model;
  for (let i = 0; i < count; i++) {
    const r = fired[i];
    for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k]] = 0;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dependency-only trials.

function dependencyRunner(model: ForecastModel, block: TrialBlock): Runner {
  const { n, nItems, topo, status, nodeProgram, predStart, predIdx, predLag, release, fixedStart, fixedFinish, pauses } = model;
  const { sampleKind, sampleP, sampleTable, tables, milestoneNodes, riskProgram } = model;
  const P = model.nPrograms;
  const M = milestoneNodes.length;
  const R = model.nRisks;
  const dur = new Float64Array(n);
  const extra = new Float64Array(n);
  const es = new Float64Array(n);
  const ef = new Float64Array(n);
  const progFinish = new Float64Array(P);
  const fired = new Int32Array(R);
  const stamp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const critical = block.critical;
  const single = P === 1;
  const paused = new Uint8Array(n);
  for (let j = 0; j < n; j++) paused[j] = pauses[j] !== null ? 1 : 0;
  // Node attributes in topological order, so the hot loop reads memory in sequence.
  const topoPaused = Uint8Array.from(topo, (j) => paused[j]);

  /** Shared tail of a node in the forward pass: pauses, es/ef and the program's finish. Returns ef. */
  const place = (j: number, st: number, t: number, d: number): number => {
    const pz = pauses[j]!;
    t = skipPauses(pz, t);
    if (st !== NODE_DOING) es[j] = t;
    return d > 0 ? finishAfter(pz, t, d) : t;
  };

  /** Forward pass on `dur` + `extra` (no sampling); fills es, ef, progFinish; returns the overall finish. */
  const forward = (): number => {
    let finish = -Infinity;
    progFinish.fill(-Infinity);
    for (let k = 0; k < n; k++) {
      const j = topo[k];
      const st = status[j];
      let e: number;
      if (st === NODE_DONE) {
        es[j] = fixedStart[j];
        e = fixedFinish[j];
      } else {
        const d = dur[j] + extra[j];
        let t = release[j];
        if (st === NODE_DOING) es[j] = fixedStart[j];
        else for (let x = predStart[j]; x < predStart[j + 1]; x++) t = Math.max(t, ef[predIdx[x]] + predLag[x]);
        if (topoPaused[k] && d > 0) e = place(j, st, t, d);
        else {
          if (st !== NODE_DOING) es[j] = t;
          e = t + d;
        }
      }
      ef[j] = e;
      if (e > finish) finish = e;
      if (!single) {
        const pi = nodeProgram[j];
        if (e > progFinish[pi]) progFinish[pi] = e;
      }
    }
    if (single) progFinish[0] = finish;
    return finish;
  };

  return (g, i) => {
    const nFired = fireRisks(model, g, extra, fired);
    // Sampling fused with the forward pass; the generator runs in locals.
    let s0 = g[0];
    let s1 = g[1];
    let s2 = g[2];
    let s3 = g[3];
    let finish = -Infinity;
    if (!single) progFinish.fill(-Infinity);
    for (let k = 0; k < n; k++) {
      const j = topo[k];
      const st = status[j];
      if (st === NODE_DONE) {
        es[j] = fixedStart[j];
        const e = fixedFinish[j];
        ef[j] = e;
        dur[j] = 0;
        if (e > finish) finish = e;
        if (!single && e > progFinish[nodeProgram[j]]) progFinish[nodeProgram[j]] = e;
        continue;
      }
      const kind = sampleKind[j];
      const o = 4 * j;
      let d: number;
      if (kind === SAMPLE_CONST) {
        d = sampleP[o];
      } else {
        const m = Math.imul(s1, 5);
        const r = Math.imul((m << 7) | (m >>> 25), 9);
        const sh = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= sh;
        s3 = (s3 << 11) | (s3 >>> 21);
        const u = ((r >>> 0) + 0.5) / TWO_POW_32;
        if (kind === SAMPLE_TABLE) {
          const pos = u * (TABLE_SIZE - 1);
          const ti = pos | 0;
          const at = sampleTable[j] + ti;
          const a = tables[at];
          d = sampleP[o] + sampleP[o + 1] * (a + (pos - ti) * (tables[at + 1] - a));
        } else {
          d = sampleDuration(kind, sampleP, sampleTable[j], tables, o, u);
        }
      }
      dur[j] = d;
      d += extra[j];
      let t = release[j];
      if (st !== NODE_DOING) {
        for (let x = predStart[j]; x < predStart[j + 1]; x++) {
          const v = ef[predIdx[x]] + predLag[x];
          if (v > t) t = v;
        }
      } else {
        es[j] = fixedStart[j];
      }
      let e: number;
      if (topoPaused[k] && d > 0) e = place(j, st, t, d);
      else {
        if (st !== NODE_DOING) es[j] = t;
        e = t + d;
      }
      ef[j] = e;
      if (e > finish) finish = e;
      if (!single && e > progFinish[nodeProgram[j]]) progFinish[nodeProgram[j]] = e;
    }
    if (single) progFinish[0] = finish;
    g[0] = s0;
    g[1] = s1;
    g[2] = s2;
    g[3] = s3;

    const fo = i * P;
    for (let pi = 0; pi < P; pi++) block.finish[fo + pi] = progFinish[pi] === -Infinity ? 0 : progFinish[pi];
    const mo = i * M;
    for (let m = 0; m < M; m++) block.milestone[mo + m] = es[milestoneNodes[m]];

    // Critical: walk back along driving links from the nodes that end at the finish.
    let top = 0;
    const limit = finish - EPS;
    for (let j = 0; j < n; j++) {
      if (ef[j] >= limit && status[j] !== NODE_DONE) {
        stamp[j] = i;
        stack[top++] = j;
      }
    }
    while (top > 0) {
      const j = stack[--top];
      if (j < nItems) critical[j]++;
      if (status[j] === NODE_DOING) continue;
      const sj = es[j] - EPS;
      const pz = pauses[j];
      const skip = pz !== null && dur[j] + extra[j] > 0;
      for (let x = predStart[j]; x < predStart[j + 1]; x++) {
        const p = predIdx[x];
        if (stamp[p] === i || status[p] === NODE_DONE) continue;
        let v = ef[p] + predLag[x];
        if (skip && v < sj) v = skipPauses(pz, v);
        if (v >= sj) {
          stamp[p] = i;
          stack[top++] = p;
        }
      }
    }

    // Tornado: the same durations without each fired risk.
    const ro = i * R;
    for (let r = 0; r < R; r++) block.riskOff[ro + r] = block.finish[fo + riskProgram[r]];
    if (nFired > 0) {
      const { riskStart, riskNode, riskDays } = model;
      for (let f = 0; f < nFired; f++) {
        const r = fired[f];
        for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k]] -= riskDays[r];
        forward();
        const v = progFinish[riskProgram[r]];
        block.riskOff[ro + r] = v === -Infinity ? 0 : v;
        for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k]] += riskDays[r];
      }
      clearRisks(model, extra, fired, nFired);
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Levelled trials.

function levelledRunner(model: ForecastModel, block: TrialBlock): Runner {
  const inst = model.instance;
  const order = model.order;
  if (!inst || !order) throw new Error('forecast: a levelled model needs its instance and priority list');
  const { n, nItems, topo, status, nodeProgram, sampleKind, sampleP, sampleTable, tables, milestoneNodes, riskProgram } = model;
  const P = model.nPrograms;
  const M = milestoneNodes.length;
  const R = model.nRisks;
  const s = model.slotsPerDay;
  const kernel = new SgsKernel(inst);
  const slots = inst.duration;
  const { release, predStart, predIdx, predLag, demStart, demRes, demUnits } = inst;
  const instPauses = inst.pauses;
  const dur = new Float64Array(n);
  const extra = new Float64Array(n);
  const progFinish = new Int32Array(P);
  const fired = new Int32Array(R);
  const stamp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const critical = block.critical;
  // Activities by finish slot (linked lists), built lazily per trial for resource links.
  let head = new Int32Array(1024);
  const next = new Int32Array(n);
  let bucketTrial = -1;
  // Which nodes use resources at all (demands with positive units).
  const usesResource = new Uint8Array(n);
  for (let j = 0; j < n; j++) for (let k = demStart[j]; k < demStart[j + 1]; k++) if (demUnits[k] > 0) usesResource[j] = 1;

  const toSlots = (): void => {
    for (let j = 0; j < n; j++) {
      if (status[j] === NODE_DONE) continue;
      const d = dur[j] + extra[j];
      slots[j] = d > 0 ? Math.max(1, Math.round(d * s)) : 0;
    }
  };
  const decode = (): void => {
    toSlots();
    kernel.decode(order);
    progFinish.fill(0);
    const finish = kernel.finish;
    for (let j = 0; j < n; j++) {
      const pi = nodeProgram[j];
      if (finish[j] > progFinish[pi]) progFinish[pi] = finish[j];
    }
  };
  const shares = (a: number, b: number): boolean => {
    for (let x = demStart[a]; x < demStart[a + 1]; x++) {
      if (!(demUnits[x] > 0)) continue;
      for (let y = demStart[b]; y < demStart[b + 1]; y++) if (demRes[x] === demRes[y] && demUnits[y] > 0) return true;
    }
    return false;
  };
  const buildBuckets = (i: number, makespan: number): void => {
    if (bucketTrial === i) return;
    bucketTrial = i;
    if (head.length < makespan + 1) head = new Int32Array(Math.max(makespan + 1, 2 * head.length));
    head.fill(-1, 0, makespan + 1);
    const finish = kernel.finish;
    for (let j = 0; j < n; j++) {
      if (!usesResource[j] || slots[j] <= 0) continue;
      const f = finish[j];
      next[j] = head[f];
      head[f] = j;
    }
  };

  return (g, i) => {
    const nFired = fireRisks(model, g, extra, fired);
    for (let k = 0; k < n; k++) {
      const j = topo[k];
      if (status[j] === NODE_DONE) continue;
      const kind = sampleKind[j];
      dur[j] = kind === SAMPLE_CONST ? sampleP[4 * j] : sampleDuration(kind, sampleP, sampleTable[j], tables, 4 * j, uniform(g));
    }
    decode();
    const start = kernel.start;
    const finish = kernel.finish;
    const fo = i * P;
    let makespan = 0;
    for (let pi = 0; pi < P; pi++) {
      block.finish[fo + pi] = progFinish[pi] / s;
      if (progFinish[pi] > makespan) makespan = progFinish[pi];
    }
    const mo = i * M;
    for (let m = 0; m < M; m++) block.milestone[mo + m] = start[milestoneNodes[m]] / s;

    // Critical: the driving chains back from the finish.
    let top = 0;
    for (let j = 0; j < n; j++) {
      if (finish[j] === makespan && status[j] !== NODE_DONE) {
        stamp[j] = i;
        stack[top++] = j;
      }
    }
    while (top > 0) {
      const j = stack[--top];
      if (j < nItems) critical[j]++;
      if (status[j] === NODE_DOING) continue;
      const sj = start[j];
      const pz = instPauses ? instPauses[j] : null;
      const paused = pz !== null && pz !== undefined && slots[j] > 0;
      let est = release[j];
      for (let x = predStart[j]; x < predStart[j + 1]; x++) {
        const v = finish[predIdx[x]] + predLag[x];
        if (v > est) est = v;
      }
      if (paused) est = skipPauses(pz, est);
      if (sj <= est) {
        for (let x = predStart[j]; x < predStart[j + 1]; x++) {
          const p = predIdx[x];
          if (stamp[p] === i || status[p] === NODE_DONE) continue;
          let v = finish[p] + predLag[x];
          if (paused && v < sj) v = skipPauses(pz, v);
          if (v >= sj) {
            stamp[p] = i;
            stack[top++] = p;
          }
        }
        continue;
      }
      // Held back by a resource: who finished when j started (else the latest one before).
      buildBuckets(i, makespan);
      let found = false;
      for (let t = sj; t > est && !found; t--) {
        for (let q = head[t]; q >= 0; q = next[q]) {
          if (q === j || status[q] === NODE_DONE || !shares(j, q)) continue;
          found = true;
          if (stamp[q] !== i) {
            stamp[q] = i;
            stack[top++] = q;
          }
        }
      }
    }

    const ro = i * R;
    for (let r = 0; r < R; r++) block.riskOff[ro + r] = block.finish[fo + riskProgram[r]];
    if (nFired > 0) {
      const { riskStart, riskNode, riskDays } = model;
      for (let f = 0; f < nFired; f++) {
        const r = fired[f];
        for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k]] -= riskDays[r];
        decode();
        block.riskOff[ro + r] = progFinish[riskProgram[r]] / s;
        for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k]] += riskDays[r];
      }
      clearRisks(model, extra, fired, nFired);
    }
  };
}
