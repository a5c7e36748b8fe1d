/**
 * The Monte Carlo trials: sample, schedule, record. Pure and allocation-free per trial, so that the same code runs in
 * the main thread, a Node worker thread or a browser Web Worker.
 *
 * Trial t draws from its own random stream: a xoshiro128** generator whose state is the first four words of
 * `createRng(seed, t)` (stepped inline in the loops, several times faster than a call per draw). Its numbers do not
 * depend on which thread runs it or which other trials run, so any split of [0, trials) into blocks, merged in order
 * (`mergeBlocks`), gives the same result. Within a trial the stream is consumed in a fixed order: one uniform per
 * sampled risk (in model order), then one uniform per node in topological order (done nodes, fixed estimates and
 * milestones too, so that the draws can be made apart from the sampling, in one tight loop), then, for a calibrated
 * model only, one more uniform per node in topological order: the calibration ratio its sampled work is multiplied by
 * (drawn uniformly from the node's group of ratios; risk days are added after, uncalibrated).
 *
 * Each trial:
 * 1. fires each risk with its probability; a fired risk adds its days to each of its nodes' sampled work;
 * 2. schedules: a dependency-only forward pass (as cpm.ts, fused with sampling), or for a levelled model the serial SGS
 *    with the model's fixed priority list on the slot axis. Dependency-only trials run BATCH at a time, node by node
 *    (each node's predecessors are read once for the whole batch): every trial still does exactly the arithmetic it
 *    would do alone, so results do not depend on batching either;
 * 3. records each program's finish (max exclusive finish of its nodes, axis working days) and each milestone's offset;
 * 4. marks the critical items (see below) and counts them;
 * 5. for each fired risk, reschedules the same sampled durations without that risk (common random numbers) and records
 *    the finish of the risk's program: the tornado compares these with the finishes of step 3.
 *
 * Critical in a trial:
 * - dependency-only: total slack 0, exactly as cpm.ts computes it. Without pauses it is found by a walk back from the
 *   finish along binding links, which touches only the critical nodes; with pauses (people's days off, a portfolio's
 *   calendars) by a full backward pass (see markCriticalDependency). Doing items can be critical; done items never are.
 * - levelled: on a driving chain back from the finish: j's driver is the predecessor whose finish + lag set its
 *   start, or, when j started later than its predecessors allowed, an activity sharing one of its resources that
 *   finished when j started (the resource link that held it back; failing an exact match, the latest such activity
 *   finishing before j started).
 */
import { EPS, finishAfter, latestStartBefore, skipPauses } from '../cpm.js';
import { NODE_DOING, NODE_DONE } from '../network.js';
import { createRng } from '../random.js';
import { SgsKernel } from '../rcpsp/sgs.js';
import type { ForecastModel } from './model.js';
import { normalQuantile, SAMPLE_LOGNORMAL, TABLE_SIZE } from './sampling.js';

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

/** Dependency-only trials run this many at a time. */
const BATCH = 16;
const PROGRESS_EVERY = 256;
const TWO_POW_32 = 4294967296;

/** Runs trials [first, first + count) of the block (indices local to the block). */
type Runner = (first: number, count: number) => void;

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
  const runner = model.levelled ? levelledRunner(model, block, seed) : dependencyRunner(model, block, seed);
  // Chunks of PROGRESS_EVERY trials (a multiple of BATCH).
  for (let i = 0; i < count; i += PROGRESS_EVERY) {
    const c = Math.min(PROGRESS_EVERY, count - i);
    runner(i, c);
    progress?.(i + c);
  }
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

/** Seeds generator b of `g` (4 words per generator) for trial t: the first four words of stream t of the seed. */
function seedState(g: Int32Array, b: number, seed: number, t: number): void {
  const r = createRng(seed, t);
  const o = 4 * b;
  g[o] = r.uint32();
  g[o + 1] = r.uint32();
  g[o + 2] = r.uint32();
  g[o + 3] = r.uint32();
  if ((g[o] | g[o + 1] | g[o + 2] | g[o + 3]) === 0) g[o] = 1;
}

/** The next uniform in (0, 1) of generator b of `g` (the xoshiro128** step of random.ts). */
function uniform(g: Int32Array, b: number): number {
  const o = 4 * b;
  const s0 = g[o];
  const s1 = g[o + 1];
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9);
  const s2 = g[o + 2] ^ s0;
  const s3 = g[o + 3] ^ s1;
  g[o] = s0 ^ s3;
  g[o + 1] = s1 ^ s2;
  g[o + 2] = s2 ^ (s1 << 9);
  g[o + 3] = (s3 << 11) | (s3 >>> 21);
  return ((r >>> 0) + 0.5) / TWO_POW_32;
}

/** Node j's duration at uniform u (see sampling.ts; the fused loop of sampleForward inlines the same arithmetic). */
function drawDuration(model: ForecastModel, j: number, u: number): number {
  if (model.sampleKind[j] === SAMPLE_LOGNORMAL) return Math.exp(model.sampleA[j] + model.sampleB[j] * normalQuantile(u));
  const pos = u * (TABLE_SIZE - 1);
  const ti = pos | 0;
  const at = model.sampleTable[j] + ti;
  const q = model.tables[at];
  return model.sampleA[j] + model.sampleB[j] * (q + (pos - ti) * (model.tables[at + 1] - q));
}

/**
 * Fires the risks of generator b (one uniform each): adds their days to extra[node * stride + b] and lists them in
 * fired[b * R ..]; returns how many fired.
 */
function fireRisks(model: ForecastModel, g: Int32Array, b: number, extra: Float64Array, stride: number, fired: Int32Array): number {
  const { nRisks, riskProb, riskDays, riskStart, riskNode } = model;
  let count = 0;
  for (let r = 0; r < nRisks; r++) {
    if (uniform(g, b) < riskProb[r]) {
      fired[b * nRisks + count++] = r;
      const days = riskDays[r];
      for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k] * stride + b] += days;
    }
  }
  return count;
}

function clearRisks(model: ForecastModel, b: number, extra: Float64Array, stride: number, fired: Int32Array, count: number): void {
  const { riskStart, riskNode, nRisks } = model;
  for (let i = 0; i < count; i++) {
    const r = fired[b * nRisks + i];
    for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k] * stride + b] = 0;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dependency-only trials, BATCH at a time. Per-node arrays are node-major (trial b of node j at j * BATCH + b) and
// the uniforms of the batch position-major (trial b's draw for topological position k at k * BATCH + b), so the hot
// loop reads memory in sequence. Each phase is its own top-level function over plain typed arrays, which V8
// optimises well and keeps optimised.

type DepState = {
  model: ForecastModel;
  /** Per node and trial: sampled work (risks excluded; kept only when risks or pauses need it), es (kept only with
   * pauses), ef, and the days fired risks add. */
  dur: Float64Array;
  es: Float64Array;
  ef: Float64Array;
  extra: Float64Array;
  keepDur: boolean;
  keepEs: boolean;
  hasRisks: boolean;
  /** Uniforms of the batch, and the generator state while drawing them. */
  u: Float64Array;
  g: Int32Array;
  /** Scratch of the batch: start times at [0, BATCH), work at [BATCH, 2 * BATCH). */
  t: Float64Array;
  /** Per trial of the batch: the overall finish; per program and trial: the program's finish (p * BATCH + b). */
  finish: Float64Array;
  progFinish: Float64Array;
  /** Nodes whose finish no open successor bounds: the project's and programs' finishes are maxima over these. */
  terminal: Int32Array;
  fired: Int32Array;
  nFired: Int32Array;
  stamp: Int32Array;
  stack: Int32Array;
  /** Per topological position: 1 when that node has pauses. */
  topoPaused: Uint8Array;
  /** True when some node has pauses (criticality then needs a backward pass). */
  anyPaused: boolean;
  /** One trial's ef (the tornado's reruns) or ls (the backward pass). */
  scratch: Float64Array;
  /** Calibrated model: the batch's uniforms for the calibration ratios (laid out as u). */
  calibrated: boolean;
  uc: Float64Array;
};

function dependencyRunner(model: ForecastModel, block: TrialBlock, seed: number): Runner {
  const n = model.n;
  const anyPaused = model.pauses.some((p) => p !== null);
  const hasRisks = model.nRisks > 0;
  const st: DepState = {
    model,
    dur: new Float64Array(hasRisks || anyPaused ? n * BATCH : 0),
    es: new Float64Array(anyPaused ? n * BATCH : 0),
    ef: new Float64Array(n * BATCH),
    extra: new Float64Array(hasRisks ? n * BATCH : 0),
    keepDur: hasRisks || anyPaused,
    keepEs: anyPaused,
    hasRisks,
    u: new Float64Array(n * BATCH),
    g: new Int32Array(4 * BATCH),
    t: new Float64Array(2 * BATCH),
    finish: new Float64Array(BATCH),
    progFinish: new Float64Array(model.nPrograms * BATCH),
    terminal: terminalNodes(model),
    fired: new Int32Array(model.nRisks * BATCH),
    nFired: new Int32Array(BATCH),
    stamp: new Int32Array(n).fill(-1),
    stack: new Int32Array(n),
    topoPaused: Uint8Array.from(model.topo, (j) => (model.pauses[j] !== null ? 1 : 0)),
    anyPaused,
    scratch: new Float64Array(n),
    calibrated: model.calibrated,
    uc: new Float64Array(model.calibrated ? n * BATCH : 0),
  };
  return (first, count) => {
    for (let i = first; i < first + count; i += BATCH) {
      const size = Math.min(BATCH, first + count - i);
      for (let b = 0; b < size; b++) {
        seedState(st.g, b, seed, block.from + i + b);
        st.nFired[b] = hasRisks ? fireRisks(model, st.g, b, st.extra, BATCH, st.fired) : 0;
        drawUniforms(st.g, b, st.u, n);
        // Calibration ratios draw after everything else, so an uncalibrated trial's numbers are unchanged.
        if (st.calibrated) drawUniforms(st.g, b, st.uc, n);
      }
      sampleForward(st, size);
      finishes(st, size);
      for (let b = 0; b < size; b++) recordDependencyTrial(st, block, b, i + b);
    }
  };
}

/** Nodes with no open (not done, not doing) successor: every other node finishes no later than one of its successors. */
function terminalNodes(model: ForecastModel): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < model.n; j++) {
    let bounded = false;
    for (let x = model.succStart[j]; x < model.succStart[j + 1] && !bounded; x++) {
      const q = model.succIdx[x];
      if (model.status[q] !== NODE_DONE && model.status[q] !== NODE_DOING && model.succLag[x] >= 0) bounded = true;
    }
    if (!bounded) out.push(j);
  }
  return Int32Array.from(out);
}

/** n uniforms of generator b into u[k * BATCH + b] (the xoshiro128** step of random.ts, in locals). */
function drawUniforms(g: Int32Array, b: number, u: Float64Array, n: number): void {
  const o = 4 * b;
  let s0 = g[o];
  let s1 = g[o + 1];
  let s2 = g[o + 2];
  let s3 = g[o + 3];
  for (let k = 0; k < n; k++) {
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const sh = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= sh;
    s3 = (s3 << 11) | (s3 >>> 21);
    u[k * BATCH + b] = ((r >>> 0) + 0.5) / TWO_POW_32;
  }
  g[o] = s0;
  g[o + 1] = s1;
  g[o + 2] = s2;
  g[o + 3] = s3;
}

/**
 * Samples every node's duration for trials 0..size-1 of the batch from the drawn uniforms (one per node in
 * topological order, done nodes included), fused with the forward pass: fills ef (and dur, es when kept).
 */
function sampleForward(st: DepState, size: number): void {
  const { model, dur, extra, es, ef, u, t, topoPaused, keepDur, keepEs, hasRisks, calibrated, uc } = st;
  const { n, topo, status, predStart, predIdx, predLag, release, fixedStart, fixedFinish, pauses } = model;
  const { sampleKind, sampleA, sampleB, sampleTable, tables, calGroup, calStart, calRatios } = model;
  for (let k = 0; k < n; k++) {
    const j = topo[k];
    const stj = status[j];
    const base = j * BATCH;
    if (stj === NODE_DONE) {
      const e = fixedFinish[j];
      for (let b = 0; b < size; b++) ef[base + b] = e;
      if (keepEs) for (let b = 0; b < size; b++) es[base + b] = fixedStart[j];
      continue;
    }
    // Earliest starts: the release, then each predecessor's finish + lag.
    const rel = release[j];
    const p0 = predStart[j];
    const p1 = stj === NODE_DOING ? p0 : predStart[j + 1];
    if (p0 === p1) {
      for (let b = 0; b < size; b++) t[b] = rel;
    } else {
      const first = predIdx[p0] * BATCH;
      const lag0 = predLag[p0];
      for (let b = 0; b < size; b++) {
        const v = ef[first + b] + lag0;
        t[b] = v > rel ? v : rel;
      }
      for (let x = p0 + 1; x < p1; x++) {
        const pbase = predIdx[x] * BATCH;
        const lag = predLag[x];
        for (let b = 0; b < size; b++) {
          const v = ef[pbase + b] + lag;
          if (v > t[b]) t[b] = v;
        }
      }
    }
    const sa = sampleA[j];
    const sb = sampleB[j];
    const ubase = k * BATCH;
    const tab = sampleTable[j];
    const lognormal = sampleKind[j] === SAMPLE_LOGNORMAL;
    if (!lognormal && !keepDur && !hasRisks && !calibrated && topoPaused[k] === 0) {
      // The common case in one loop: tabulated draw, finish.
      for (let b = 0; b < size; b++) {
        const pos = u[ubase + b] * (TABLE_SIZE - 1);
        const ti = pos | 0;
        const q = tables[tab + ti];
        ef[base + b] = t[b] + (sa + sb * (q + (pos - ti) * (tables[tab + ti + 1] - q)));
      }
      continue;
    }
    if (lognormal) {
      for (let b = 0; b < size; b++) t[BATCH + b] = Math.exp(sa + sb * normalQuantile(u[ubase + b]));
    } else {
      for (let b = 0; b < size; b++) {
        const pos = u[ubase + b] * (TABLE_SIZE - 1);
        const ti = pos | 0;
        const q = tables[tab + ti];
        t[BATCH + b] = sa + sb * (q + (pos - ti) * (tables[tab + ti + 1] - q));
      }
    }
    if (calibrated && calGroup[j] >= 0) {
      const c0 = calStart[calGroup[j]];
      const cn = calStart[calGroup[j] + 1] - c0;
      for (let b = 0; b < size; b++) t[BATCH + b] *= calRatios[c0 + ratioIndex(uc[ubase + b], cn)];
    }
    if (keepDur) for (let b = 0; b < size; b++) dur[base + b] = t[BATCH + b];
    if (hasRisks) for (let b = 0; b < size; b++) t[BATCH + b] += extra[base + b];
    if (topoPaused[k] === 1) {
      const pz = pauses[j]!;
      for (let b = 0; b < size; b++) {
        const d = t[BATCH + b];
        let start = t[b];
        if (d > 0) start = skipPauses(pz, start);
        t[b] = start;
        ef[base + b] = d > 0 ? finishAfter(pz, start, d) : start;
      }
    } else {
      for (let b = 0; b < size; b++) ef[base + b] = t[b] + t[BATCH + b];
    }
    if (keepEs) {
      if (stj === NODE_DOING) for (let b = 0; b < size; b++) es[base + b] = fixedStart[j];
      else for (let b = 0; b < size; b++) es[base + b] = t[b];
    }
  }
}

/** The index in [0, count) of a ratio drawn uniformly from `count` ratios with uniform u in (0, 1). */
function ratioIndex(u: number, count: number): number {
  const x = (u * count) | 0;
  return x < count ? x : count - 1;
}

/** The overall and per-program finishes of the batch: maxima of ef over the terminal nodes. */
function finishes(st: DepState, size: number): void {
  const { model, ef, finish, progFinish, terminal } = st;
  finish.fill(-Infinity);
  progFinish.fill(-Infinity);
  for (let x = 0; x < terminal.length; x++) {
    const j = terminal[x];
    const base = j * BATCH;
    const pb = model.nodeProgram[j] * BATCH;
    for (let b = 0; b < size; b++) {
      const e = ef[base + b];
      if (e > finish[b]) finish[b] = e;
      if (e > progFinish[pb + b]) progFinish[pb + b] = e;
    }
  }
}

/** Where open node j starts in trial b, from its predecessors (nodes without pauses; doing nodes: their actual start). */
function startOf(st: DepState, j: number, b: number): number {
  const { model, ef } = st;
  if (st.keepEs) return st.es[j * BATCH + b];
  if (model.status[j] === NODE_DOING || model.status[j] === NODE_DONE) return model.fixedStart[j];
  let t = model.release[j];
  for (let x = model.predStart[j]; x < model.predStart[j + 1]; x++) {
    const v = ef[model.predIdx[x] * BATCH + b] + model.predLag[x];
    if (v > t) t = v;
  }
  return t;
}

/** Trial b of the batch, block-local index i: record finishes and milestones, count critical items, run the tornado. */
function recordDependencyTrial(st: DepState, block: TrialBlock, b: number, i: number): void {
  const { model, progFinish, extra } = st;
  const P = model.nPrograms;
  const M = model.milestoneNodes.length;
  const R = model.nRisks;
  const fo = i * P;
  for (let pi = 0; pi < P; pi++) {
    const v = progFinish[pi * BATCH + b];
    block.finish[fo + pi] = v === -Infinity ? 0 : v;
  }
  const mo = i * M;
  for (let m = 0; m < M; m++) block.milestone[mo + m] = startOf(st, model.milestoneNodes[m], b);
  markCriticalDependency(st, b, i, block.critical);

  // Tornado: the same durations without each fired risk.
  const ro = i * R;
  for (let r = 0; r < R; r++) block.riskOff[ro + r] = block.finish[fo + model.riskProgram[r]];
  const nFired = st.nFired[b];
  if (nFired > 0) {
    const { riskStart, riskNode, riskDays, riskProgram } = model;
    for (let f = 0; f < nFired; f++) {
      const r = st.fired[b * R + f];
      for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k] * BATCH + b] -= riskDays[r];
      block.riskOff[ro + r] = forwardOne(st, b, riskProgram[r]);
      for (let k = riskStart[r]; k < riskStart[r + 1]; k++) extra[riskNode[k] * BATCH + b] += riskDays[r];
    }
    clearRisks(model, b, extra, BATCH, st.fired, nFired);
  }
}

/**
 * The forward pass of trial b alone on its sampled durations (dur + extra), into scratch so the batch's own arrays
 * stay intact; returns the finish of program `program` (0 when it has no nodes).
 */
function forwardOne(st: DepState, b: number, program: number): number {
  const { model, dur, extra, topoPaused } = st;
  const { n, topo, status, nodeProgram, predStart, predIdx, predLag, release, fixedFinish, pauses } = model;
  const ef = st.scratch;
  let finish = -Infinity;
  for (let k = 0; k < n; k++) {
    const j = topo[k];
    const stj = status[j];
    let e: number;
    if (stj === NODE_DONE) {
      e = fixedFinish[j];
    } else {
      const d = dur[j * BATCH + b] + extra[j * BATCH + b];
      let t = release[j];
      if (stj !== NODE_DOING) {
        for (let x = predStart[j]; x < predStart[j + 1]; x++) {
          const v = ef[predIdx[x]] + predLag[x];
          if (v > t) t = v;
        }
      }
      if (topoPaused[k] === 1 && d > 0) {
        const pz = pauses[j]!;
        e = finishAfter(pz, skipPauses(pz, t), d);
      } else {
        e = t + d;
      }
    }
    ef[j] = e;
    if (nodeProgram[j] === program && e > finish) finish = e;
  }
  return finish === -Infinity ? 0 : finish;
}

/**
 * Counts the zero-slack items of trial b. Without pauses, a walk back from the terminal nodes that end at the finish
 * along binding links (p -> j binds when p's finish + lag is j's start) finds exactly the critical-path method's
 * zero-slack set, touching only the critical nodes. With pauses (people's days off, a portfolio's calendars) a slip
 * can grow across a pause, so an item can have zero slack behind a successor that has some: then a full backward
 * pass as in cpm.ts decides.
 */
function markCriticalDependency(st: DepState, b: number, i: number, critical: Int32Array): void {
  if (st.anyPaused) {
    backwardCritical(st, b, critical);
    return;
  }
  const { model, ef, stamp, stack, terminal } = st;
  const { nItems, status, predStart, predIdx, predLag } = model;
  let top = 0;
  const limit = st.finish[b] - EPS;
  for (let x = 0; x < terminal.length; x++) {
    const j = terminal[x];
    if (ef[j * BATCH + b] >= limit && status[j] !== NODE_DONE) {
      stamp[j] = i;
      stack[top++] = j;
    }
  }
  while (top > 0) {
    const j = stack[--top];
    if (j < nItems) critical[j]++;
    if (status[j] === NODE_DOING) continue;
    const sj = startOf(st, j, b) - EPS;
    for (let x = predStart[j]; x < predStart[j + 1]; x++) {
      const p = predIdx[x];
      if (stamp[p] === i || status[p] === NODE_DONE) continue;
      if (ef[p * BATCH + b] + predLag[x] >= sj) {
        stamp[p] = i;
        stack[top++] = p;
      }
    }
  }
}

/** The backward pass of cpm.ts on trial b (late starts into `scratch`); counts the items with zero total slack. */
function backwardCritical(st: DepState, b: number, critical: Int32Array): void {
  const { model, dur, extra, es, ef, hasRisks } = st;
  const ls = st.scratch;
  const { nItems, topo, status, succStart, succIdx, succLag, pauses } = model;
  const finish = st.finish[b];
  for (let k = topo.length - 1; k >= 0; k--) {
    const j = topo[k];
    let t = finish;
    for (let x = succStart[j]; x < succStart[j + 1]; x++) {
      const q = succIdx[x];
      if (status[q] === NODE_DONE || status[q] === NODE_DOING) continue;
      const v = ls[q] - succLag[x];
      if (v < t) t = v;
    }
    const o = j * BATCH + b;
    const stj = status[j];
    let slack: number;
    if (stj === NODE_DONE || stj === NODE_DOING) {
      slack = t - ef[o];
      ls[j] = es[o] + slack;
    } else {
      ls[j] = latestStartBefore(pauses[j], t, hasRisks ? dur[o] + extra[o] : dur[o]);
      slack = ls[j] - es[o];
    }
    if (j < nItems && stj !== NODE_DONE && slack <= EPS) critical[j]++;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Levelled trials.

function levelledRunner(model: ForecastModel, block: TrialBlock, seed: number): Runner {
  const inst = model.instance;
  const order = model.order;
  if (!inst || !order) throw new Error('forecast: a levelled model needs its instance and priority list');
  const { n, nItems, topo, status, nodeProgram, milestoneNodes, riskProgram } = model;
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
  const g = new Int32Array(4);
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

  const trial = (i: number): void => {
    seedState(g, 0, seed, block.from + i);
    const nFired = fireRisks(model, g, 0, extra, 1, fired);
    for (let k = 0; k < n; k++) {
      const j = topo[k];
      const u = uniform(g, 0);
      if (status[j] !== NODE_DONE) dur[j] = drawDuration(model, j, u);
    }
    if (model.calibrated) {
      const { calGroup, calStart, calRatios } = model;
      for (let k = 0; k < n; k++) {
        const j = topo[k];
        const u = uniform(g, 0);
        const cg = calGroup[j];
        if (cg >= 0 && status[j] !== NODE_DONE) dur[j] *= calRatios[calStart[cg] + ratioIndex(u, calStart[cg + 1] - calStart[cg])];
      }
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
      clearRisks(model, 0, extra, 1, fired, nFired);
    }
  };
  return (first, count) => {
    for (let i = first; i < first + count; i++) trial(i);
  };
}
