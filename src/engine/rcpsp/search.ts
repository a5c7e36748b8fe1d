/**
 * Schedule improvement behind a budget of generated schedules: a steady-state genetic algorithm on activity lists,
 * decoded by the serial SGS and improved by forward-backward justification, in the manner of Hartmann (1998),
 * Valls, Ballestín & Quintanilla (2005, 2008) and Debels & Vanhoucke (2007). On plain instances (no releases, pauses
 * or pinned starts) it keeps two populations, left-justified and right-justified schedules, and alternates forward and
 * backward decodings (SearchParams.fbiMode); selection prefers compact schedules among equal makespans. There, 15 % of
 * the children are decoded by the parallel SGS (non-delay schedules, for diversity), and a child whose decoding or
 * justification reproduces an already generated schedule stops there (SearchParams.seen).
 *
 * SearchParams also holds experiment knobs that are off by default because they did not help at 5,000 schedules on
 * PSPLIB samples (a DBGA-like window decomposition, random justification ties, ...; see README.md).
 *
 * Crossovers are mostly differential peak crossovers: the child takes, from one parent, the window of time where it
 * packs resources better than the other, with the other's order around it; the mother is the most complementary of
 * a few picks (SearchParams.mates), sometimes from the other population, flipped in time (SearchParams.crossPop).
 *
 * Budget accounting follows Kolisch & Hartmann: every SGS decoding counts as one schedule, and so does every
 * right- or left-justification pass. The search stops early when it reaches the critical-path lower bound.
 *
 * Deterministic for a given seed (own PRNG), pure, and general: lags, releases, pauses and pinned starts are handled
 * by the kernel, so `vantage schedule` can call it on real programs.
 */
import type { Instance, Solution } from './instance.js';
import { SgsKernel, listByPriority } from './sgs.js';
import { earliestSchedule, latestFinishes } from './network.js';
import { createRandom, type Rng } from './random.js';
import { mirrorInstance, windowProblem } from './window.js';

export type SearchOptions = {
  /** Budget of generated schedules (>= 1). */
  schedules: number;
  /** PRNG seed: the same seed and budget always give the same result. */
  seed: number;
  /** A feasible schedule to start from (for example the program scheduler's own); it is justified and kept if best. */
  initial?: Solution;
  /** Population size (default: chosen from the budget). */
  population?: number;
  /** Tuning knobs (defaults are the tuned values; for experiments). */
  params?: Partial<SearchParams>;
};

/** Tuning knobs of the genetic algorithm (the defaults were tuned on PSPLIB samples). */
export type SearchParams = {
  /** Population size = budget / this, clamped to [4, maxPopulation]. */
  populationDivisor: number;
  /** Largest population: about 4,000 / activities, within [60, 125] (small instances like a larger one). */
  maxPopulation: number;
  /** Probability of swapping each adjacent, unrelated pair of the child's list. */
  mutation: number;
  /** Probability that a child also gets one random shift (an activity moved within its precedence window). */
  shift: number;
  /** Share of children made by the peak crossover (the rest: two-point). */
  peakShare: number;
  /** The peak crossover's window: this share of the father's makespan, plus up to peakSpan more at random. */
  peakMin: number;
  peakSpan: number;
  /** Parents are the best of this many random picks. */
  tournament: number;
  /** Maximum forward-backward passes per decoded child (each pass = 2 schedules), repeated while improving. */
  fbiPasses: number;
  /**
   * Search structure. 0: one population of left-justified schedules; each child is decoded, then right- and
   * left-justified (1 + 2 schedules), repeated while improving (fbiPasses pairs at most). 3: bi-population (Debels &
   * Vanhoucke): a left-justified and a right-justified population (the latter in mirrored time); children alternate
   * between them: a child of two left parents is decoded forward, a child of two right parents backward (serial SGS
   * on the mirrored list), and then justified the other way, each schedule going into the population of its kind
   * (1 + 2 schedules, more while improving, fbiPasses justifications at most). Mode 3 needs an instance without
   * releases, pauses and fixed starts (it shifts and mirrors schedules in time); others use mode 0.
   */
  fbiMode: number;
  /** 1: lists taken from schedules break start ties at random (see listOf); 0: by topological rank. */
  randomTies: number;
  /** Weight of compactness in selection ties (see fitness); below 1 it never overrides a makespan difference. */
  tie: number;
  /**
   * Decomposition (bi-population mode only; after Debels & Vanhoucke's DBGA): share of the budget, once decompStart of
   * it is used, spent on window sub-problems of the best schedule (see window.ts), each solved by a nested search of
   * decompBudget schedules on a window of about decompSize of the activities (uniform in [0.5, 1.5] times that). 0: off.
   */
  decompShare: number;
  decompStart: number;
  decompBudget: number;
  decompSize: number;
  /** Probability that the window is the list's tail (the sub-problem's makespan is then the whole schedule's). */
  decompTail: number;
  /** Bi-population mode: justification passes every decoded child gets (1 or 2), more while improving. */
  minPasses: number;
  /** Bi-population mode: probability that a child is decoded in the direction opposite to its parents' (list reversed). */
  crossDecode: number;
  /** Bi-population mode, 1: the fitter parent is the father (whose peak the child keeps); 0: as drawn. */
  betterFather: number;
  /** Bi-population mode: probability that the father is the population's best (intensification). */
  elite: number;
  /** Probability that a justification pass of the bi-population mode breaks ties by a random topological order. */
  randomJustify: number;
  /**
   * Bi-population mode, 1: remember every schedule generated (by a hash of its starts); a decoding or justification
   * that reproduces one stops its child there, since the passes that would follow are deterministic and were done.
   */
  seen: number;
  /**
   * Bi-population mode: once this share of the budget is used (0: never), both populations restart around the best
   * schedule (after Valls, Ballestín & Quintanilla's hybrid GA): the best restartKeep share of each is kept, the rest
   * refilled with the best list perturbed by 1 to restartShifts random shifts.
   */
  restartAt: number;
  restartKeep: number;
  restartShifts: number;
  /**
   * Bi-population mode: probability that a child's schedules of its parents' kind replace the worse parent (when no
   * worse than it) rather than the population's worst (crowding: keeps the population diverse).
   */
  crowding: number;
  /**
   * Bi-population mode: once focusAt of the budget is used, a child is, with probability focusProb, the population's
   * best list with 1 to focusShifts random shifts instead of a crossover's (a local search around the best).
   */
  focusAt: number;
  focusProb: number;
  focusShifts: number;
  /**
   * Bi-population mode: probability that a child is decoded by the parallel SGS (non-delay schedules, backward ones on
   * the mirrored instance) instead of the serial one. A few non-delay schedules diversify the populations; too many
   * hurt. Default 0.15 up to 1,000 activities, 0 above (the parallel SGS costs O(n^2) per decoding).
   */
  parallel: number;
  /**
   * Bi-population mode, late intensification (after Proon & Jin's neighbourhood search): once nsAt of the budget is
   * used, a child is, with probability nsProb, a critical-chain move (see criticalMove) of the population's best
   * (nsBest 1; 2: of a random individual of the best makespan; 0: of the tournament's father) instead of a crossover's
   * child. Early on it hurts (too little diversity); from half the budget it helps.
   */
  nsProb: number;
  nsAt: number;
  nsBest: number;
  /**
   * Bi-population mode, 1: a child whose exact list was already decoded (same direction and SGS) is skipped without
   * generating a schedule (its decoding would repeat a known one); crossovers hardly ever repeat, critical moves do.
   */
  listSeen: number;
  /**
   * The peak crossover's window. 0: the father's densest window (Valls et al.). 1: the window where the father's
   * utilisation exceeds the mother's most, so the child takes the father where he is better and the mother elsewhere.
   * 2: the same, and when the mother's advantage somewhere is larger, she gives the block and the father the rest.
   */
  diffPeak: number;
  /**
   * Bi-population mode: the mother is the most complementary of this many tournament picks (the one with the largest
   * one-sided utilisation advantage over the father in some window, see peakWindow). 1: the first pick.
   */
  mates: number;
  /** Bi-population mode: probability that the mother comes from the other population (flipped in time). */
  crossPop: number;
};

export type SearchResult = {
  solution: Solution;
  /** Schedules actually generated (<= the budget; fewer when the lower bound was reached). */
  schedules: number;
  /** The critical-path lower bound (resource-free earliest finish). */
  lowerBound: number;
  /** Schedules generated when the returned schedule was found (how late in the run the search still improved). */
  foundAt: number;
};

/** A peak crossover window (see Search.peakWindow). */
type PeakWindow = { block: Individual; rest: Individual; from: number; to: number; score: number };

type Individual = {
  /** Activity list: the activities in non-decreasing start order of `start`. */
  list: Int32Array;
  start: Int32Array;
  finish: Int32Array;
  makespan: number;
  hash: number;
  /** Selection fitness: makespan, ties broken by compactness (mean finish / makespan, times `tie`). */
  fit: number;
};

function defaults(n: number): SearchParams {
  return {
    populationDivisor: 40,
    maxPopulation: Math.max(60, Math.min(125, Math.round(4000 / Math.max(1, n)))),
    mutation: 0.03,
    shift: 1,
    peakShare: 0.85,
    peakMin: 0.15,
    peakSpan: 0.35,
    tournament: 2,
    fbiPasses: 3,
    fbiMode: 3,
    randomTies: 1,
    tie: 0.99,
    decompShare: 0,
    decompStart: 0.4,
    decompBudget: 300,
    decompSize: 0.3,
    decompTail: 1,
    randomJustify: 0,
    minPasses: 2,
    crossDecode: 0,
    betterFather: 0,
    elite: 0,
    seen: 1,
    restartAt: 0,
    restartKeep: 0,
    restartShifts: 10,
    crowding: 0,
    focusAt: 1,
    focusProb: 0,
    focusShifts: 3,
    parallel: n <= 1000 ? 0.15 : 0,
    nsProb: 0.3,
    nsAt: 0.5,
    nsBest: 1,
    listSeen: 1,
    diffPeak: 2,
    mates: 5,
    crossPop: 0.3,
  };
}

/**
 * A default budget for a plan of n activities: about 300,000 activity placements (a few hundred milliseconds on this
 * 2-core machine), at most 1,000 schedules and at least 1 (the LFT decoding alone): 1,000 -> 300, 10,000 -> 30,
 * 100,000 -> 3 schedules.
 */
export function defaultBudget(n: number): number {
  return Math.max(1, Math.min(1000, Math.floor(300_000 / Math.max(1, n))));
}

/**
 * Improves a resource-constrained schedule within a budget of generated schedules. Returns the best feasible
 * schedule found: never worse than a serial-SGS LFT schedule, nor than `initial` when given.
 * Example: `improveSchedule(inst, { schedules: 5000, seed: 1 }).makespan`.
 */
export function improveSchedule(inst: Instance, opts: SearchOptions): Solution {
  return searchSchedule(inst, opts).solution;
}

/** improveSchedule with the number of schedules used and the lower bound. */
export function searchSchedule(inst: Instance, opts: SearchOptions): SearchResult {
  const search = new Search(inst, opts);
  return search.run();
}

class Search {
  private readonly kernel: SgsKernel;
  private readonly rng: Rng;
  private readonly budget: number;
  private used = 0;
  private readonly lowerBound: number;
  private readonly lft: Int32Array;
  private best: Individual | null = null;
  private foundAt = 0;
  private readonly n: number;
  /** Position of each activity in a list (scratch). */
  private readonly pos: Int32Array;
  private readonly mark: Uint8Array;
  /** Each activity's resource utilisation per slot (demand over capacity, summed over resources). */
  private readonly utilWeight: Float64Array;
  private readonly params: SearchParams;
  private mirrorKernel: SgsKernel | null = null;

  constructor(
    private readonly inst: Instance,
    private readonly opts: SearchOptions,
  ) {
    this.kernel = new SgsKernel(inst);
    this.n = inst.n;
    this.rng = createRandom(opts.seed);
    this.budget = Math.max(1, Math.floor(opts.schedules));
    const early = earliestSchedule(inst, this.kernel.topo);
    this.lowerBound = early.makespan;
    this.lft = latestFinishes(inst, early.makespan, this.kernel.topo);
    this.pos = new Int32Array(this.n);
    this.mark = new Uint8Array(this.n);
    this.utilWeight = new Float64Array(this.n);
    for (let j = 0; j < this.n; j++) {
      let w = 0;
      for (let k = inst.demStart[j]; k < inst.demStart[j + 1]; k++) {
        const cap = inst.capacity[inst.demRes[k]];
        if (cap > 0) w += inst.demUnits[k] / cap;
      }
      this.utilWeight[j] = w;
    }
    this.params = { ...defaults(this.n), ...opts.params };
  }

  private get left(): number {
    return this.budget - this.used;
  }

  private done(): boolean {
    return this.used >= this.budget || (this.best !== null && this.best.makespan <= this.lowerBound);
  }

  run(): SearchResult {
    const { inst, n } = this;
    if (n === 0) return { solution: { start: new Int32Array(0), finish: new Int32Array(0), makespan: 0 }, schedules: 0, lowerBound: 0, foundAt: 0 };
    const keys = new Float64Array(n);
    for (let j = 0; j < n; j++) keys[j] = this.lft[j];
    const pop: Individual[] = [];
    const add = (ind: Individual | null): void => {
      if (ind && !pop.some((p) => p.hash === ind.hash && p.makespan === ind.makespan)) pop.push(ind);
    };
    add(this.evaluate(listByPriority(inst, keys)));
    if (this.opts.initial && !this.done()) add(this.improveGiven(this.opts.initial));
    const P = this.params;
    if (P.fbiMode === 3 && this.plain()) return this.runBi(pop);
    const size = this.opts.population ?? Math.max(4, Math.min(P.maxPopulation, Math.round(this.budget / P.populationDivisor)));
    let attempts = 0;
    while (pop.length < size && !this.done() && attempts < 3 * size) {
      attempts++;
      add(this.evaluate(this.sampleList()));
    }
    while (!this.done() && pop.length >= 2) {
      const father = this.tournament(pop);
      let mother = this.tournament(pop);
      if (mother === father) mother = pop[(pop.indexOf(father) + 1 + this.rng.int(pop.length - 1)) % pop.length];
      const childList = this.rng.next() < P.peakShare ? this.peakCrossover(father, mother).child : this.twoPoint(father, mother);
      this.mutate(childList, P.mutation);
      if (this.rng.next() < P.shift) this.shiftOne(childList);
      const child = this.evaluate(childList);
      if (!child) break;
      if (pop.some((p) => p.hash === child.hash && p.makespan === child.makespan)) continue;
      // Steady state: the child replaces the worst individual when it is no worse (ties let the population drift).
      let worst = 0;
      for (let i = 1; i < pop.length; i++) if (pop[i].fit > pop[worst].fit) worst = i;
      if (child.fit <= pop[worst].fit) pop[worst] = child;
    }
    const best = this.best!;
    return {
      solution: { start: best.start, finish: best.finish, makespan: best.makespan },
      schedules: this.used,
      lowerBound: this.lowerBound,
      foundAt: this.foundAt,
    };
  }

  /** True when the instance has no releases, pauses or fixed starts (schedules can be shifted and mirrored in time). */
  private plain(): boolean {
    const { inst, n } = this;
    for (let j = 0; j < n; j++) {
      if (inst.release[j] !== 0) return false;
      if (inst.pauses && inst.pauses[j]) return false;
      if (inst.fixedStart && inst.fixedStart[j] >= 0) return false;
    }
    return true;
  }

  /** Records the kernel's current schedule as the best when it is (makespan = max finish). */
  private recordBest(): number {
    const { kernel, n } = this;
    let makespan = 0;
    for (let j = 0; j < n; j++) if (kernel.finish[j] > makespan) makespan = kernel.finish[j];
    if (!this.best || makespan < this.best.makespan) this.capture();
    return makespan;
  }

  /** The kernel's current schedule in mirrored time (t -> makespan - t), its list successors first. */
  private captureMirror(makespan: number): Individual {
    const { kernel, n } = this;
    const start = new Int32Array(n);
    const finish = new Int32Array(n);
    let h = 0x811c9dc5;
    for (let j = 0; j < n; j++) {
      start[j] = makespan - kernel.finish[j];
      finish[j] = makespan - kernel.start[j];
      h = Math.imul(h ^ start[j], 0x01000193);
    }
    let list: Int32Array;
    if (this.params.randomTies) list = this.listOf(start, true);
    else {
      const keys = new Float64Array(n);
      for (let j = 0; j < n; j++) keys[j] = start[j] * n + (n - 1 - kernel.topoRank[j]);
      keys.sort();
      list = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const key = keys[i];
        list[i] = kernel.topo[n - 1 - (key - Math.floor(key / n) * n)];
      }
    }
    return { list, start, finish, makespan, hash: h >>> 0, fit: this.fitness(finish, makespan) };
  }

  /**
   * Activities by non-decreasing start, ties broken at random except that zero-duration activities come first, in
   * topological order (reverse topological when mirrored): still precedence-feasible, and the same schedule decodes
   * back from any such list; the random ties only diversify what crossovers inherit.
   */
  private listOf(start: Int32Array, mirrored: boolean): Int32Array {
    const { n, kernel, rng, inst } = this;
    const tie = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const r = mirrored ? n - 1 - kernel.topoRank[j] : kernel.topoRank[j];
      tie[j] = inst.duration[j] === 0 ? r : n + rng.next();
    }
    const idx = Array.from({ length: n }, (_, j) => j);
    idx.sort((a, b) => start[a] - start[b] || tie[a] - tie[b]);
    return Int32Array.from(idx);
  }

  /**
   * Backward serial SGS of a mirrored list (successors first): each activity as late as possible before `horizon`
   * given its already-placed successors and the resources (the kernel's right justification from all-zero starts,
   * with the list order as finish keys), then shifted to start at 0. Plain instances only. Returns the makespan.
   */
  private decodeBackward(list: Int32Array, horizon: number, zeros: Int32Array, keys: Int32Array): number {
    const { kernel, n } = this;
    for (let i = 0; i < n; i++) keys[list[i]] = n - 1 - i;
    kernel.justifyRight(zeros, keys, horizon);
    let lo = Infinity;
    for (let j = 0; j < n; j++) if (kernel.start[j] < lo) lo = kernel.start[j];
    let makespan = 0;
    for (let j = 0; j < n; j++) {
      kernel.start[j] -= lo;
      kernel.finish[j] -= lo;
      if (kernel.finish[j] > makespan) makespan = kernel.finish[j];
    }
    return makespan;
  }

  /** decodeBackward by the parallel SGS on the mirrored instance (a second kernel), copied into the kernel in real time. */
  private decodeBackwardParallel(list: Int32Array): number {
    const { kernel, n } = this;
    this.mirrorKernel ??= new SgsKernel(mirrorInstance(this.inst));
    const mirror = this.mirrorKernel;
    const makespan = mirror.decodeParallel(list);
    for (let j = 0; j < n; j++) {
      kernel.start[j] = makespan - mirror.finish[j];
      kernel.finish[j] = makespan - mirror.start[j];
    }
    return makespan;
  }

  /** Bi-population search (fbiMode 3): see SearchParams.fbiMode. `seedPop` holds already-justified left schedules. */
  private runBi(seedPop: Individual[]): SearchResult {
    const { n, kernel, inst } = this;
    const P = this.params;
    const size = this.opts.population ?? Math.max(4, Math.min(P.maxPopulation, Math.round(this.budget / P.populationDivisor)));
    const left: Individual[] = [];
    const right: Individual[] = [];
    // Crowding: the population of the current child's parents and the slot its schedules may take (-1: none).
    let crowdPop: Individual[] | null = null;
    let crowdSlot = -1;
    const insert = (pop: Individual[], ind: Individual): void => {
      if (pop.some((p) => p.hash === ind.hash && p.makespan === ind.makespan)) return;
      if (pop === crowdPop) {
        if (crowdSlot >= 0 && ind.fit <= pop[crowdSlot].fit) pop[crowdSlot] = ind;
        return;
      }
      if (pop.length < size) {
        pop.push(ind);
        return;
      }
      let worst = 0;
      for (let i = 1; i < pop.length; i++) if (pop[i].fit > pop[worst].fit) worst = i;
      if (ind.fit <= pop[worst].fit) pop[worst] = ind;
    };
    // Schedules generated so far (seen knob): left ones by their starts, right ones by their mirrored starts.
    const seen = P.seen ? new Set<number>() : null;
    const fresh = (isRight: boolean, mk: number): boolean => {
      if (!seen) return true;
      const key = this.scheduleKey(isRight, mk);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    // Lists already decoded (listSeen knob), with their direction and decoder: decoding one again would repeat a schedule.
    const lists = P.listSeen ? new Set<number>() : null;
    let skips = 0;
    const repeated = (list: Int32Array, salt: number): boolean => {
      if (!lists) return false;
      let h = 0x811c9dc5 ^ salt;
      let g = 0x9e3779b9 ^ salt;
      for (let i = 0; i < list.length; i++) {
        h = Math.imul(h ^ list[i], 0x01000193);
        g = Math.imul(g ^ list[i], 0x5bd1e995) ^ (g >>> 13);
      }
      const key = (h >>> 0) * 0x200000 + ((g >>> 0) & 0x1fffff);
      if (lists.has(key) && skips < 50) {
        skips++;
        return true;
      }
      skips = 0;
      lists.add(key);
      return false;
    };
    // Forward child (of two left parents): serial SGS, then right justification, and so on (polish).
    const forward = (list: Int32Array): boolean => {
      if (this.left < 1) return false;
      const par = P.parallel > 0 && this.rng.next() < P.parallel;
      if (repeated(list, par ? 1 : 0)) return true;
      const mk = par ? kernel.decodeParallel(list) : kernel.decode(list);
      this.used++;
      this.recordBest();
      if (this.done() || this.left < 1) return false;
      if (!fresh(false, mk)) return true;
      this.ties();
      kernel.justifyRight(kernel.start, kernel.finish, mk);
      this.used++;
      polish(true, mk, this.recordBest());
      return true;
    };
    // After a decoding and its first justification: each schedule goes into the population of its kind; a second
    // justification (the other way) always follows, further ones (fbiPasses in all, at least 2) while they improve.
    const polish = (isRight: boolean, before: number, after: number): void => {
      let passes = 1;
      let prev = before;
      let mk = after;
      for (;;) {
        if (!fresh(isRight, mk)) return;
        if (isRight) insert(right, this.captureMirror(mk));
        else insert(left, this.capture());
        if (passes >= Math.max(P.minPasses, P.fbiPasses) || this.left < 1 || this.done()) return;
        if (passes >= P.minPasses && mk >= prev) return;
        this.ties();
        if (isRight) kernel.justifyLeft(kernel.start);
        else kernel.justifyRight(kernel.start, kernel.finish, mk);
        this.used++;
        passes++;
        isRight = !isRight;
        prev = mk;
        mk = this.recordBest();
      }
    };
    // Backward decoding = right justification of a schedule whose finish keys give the list order, from a horizon
    // long enough for any order (total durations and lags, plus n so that every key stays below the latest finish).
    let horizon = n;
    for (let j = 0; j < n; j++) horizon += inst.duration[j];
    for (let e = 0; e < inst.predLag.length; e++) horizon += inst.predLag[e];
    const zeros = new Int32Array(n);
    const keys = new Int32Array(n);
    // Backward child (of two right parents, mirrored list): backward serial SGS, then left justification, and so on.
    const backward = (list: Int32Array): boolean => {
      if (this.left < 1) return false;
      const par = P.parallel > 0 && this.rng.next() < P.parallel;
      if (repeated(list, par ? 3 : 2)) return true;
      const mk = par ? this.decodeBackwardParallel(list) : this.decodeBackward(list, horizon, zeros, keys);
      this.used++;
      this.recordBest();
      if (this.done() || this.left < 1) return false;
      if (!fresh(true, mk)) return true;
      this.ties();
      kernel.justifyLeft(kernel.start);
      this.used++;
      polish(false, mk, this.recordBest());
      return true;
    };
    for (const ind of seedPop) {
      left.push(ind);
      if (!this.done() && this.left >= 1) {
        kernel.justifyRight(ind.start, ind.finish, ind.makespan);
        this.used++;
        insert(right, this.captureMirror(this.recordBest()));
      }
    }
    let attempts = 0;
    while ((left.length < size || right.length < size) && !this.done() && attempts < 3 * size) {
      attempts++;
      const list = this.sampleList();
      if (this.left < 2) break;
      kernel.decode(list);
      this.used++;
      const ind = this.capture();
      insert(left, ind);
      kernel.justifyRight(ind.start, ind.finish, ind.makespan);
      this.used++;
      insert(right, this.captureMirror(this.recordBest()));
    }
    // Decomposition: a window of the best left (or right, in mirrored time) schedule is solved as a sub-problem by a
    // nested search; an improved (or equal) window is spliced back into the list, which is decoded like a child.
    const mirror = mirrorInstance(inst);
    const decompose = (mirrored: boolean): void => {
      const pop = mirrored ? right : left;
      let best = pop[0];
      for (const p of pop) if (p.fit < best.fit) best = p;
      const size = Math.max(2, Math.min(n, Math.round(n * P.decompSize * (0.5 + this.rng.next()))));
      const from = this.rng.next() < P.decompTail ? n - size : this.rng.int(n - size + 1);
      const { sub, ids } = windowProblem(mirrored ? mirror : inst, best.list, best.start, from, size);
      const m = sub.n;
      const start = new Int32Array(m);
      const finish = new Int32Array(m);
      let before = 0;
      for (let i = 0; i < m; i++) {
        start[i] = best.start[ids[i]];
        finish[i] = best.finish[ids[i]];
        if (finish[i] > before) before = finish[i];
      }
      const budget = Math.min(this.left - 3, P.decompBudget);
      if (budget < 8) return;
      const res = searchSchedule(sub, {
        schedules: budget,
        seed: this.rng.int(0x7fffffff),
        initial: { start, finish, makespan: before },
        params: { ...P, decompShare: 0 },
      });
      this.used += res.schedules;
      if (res.solution.makespan > before) return;
      const subStart = res.solution.start;
      const window = Array.from({ length: size }, (_, k) => from + k);
      const rank = (i: number): number => (mirrored ? n - 1 - kernel.topoRank[ids[i]] : kernel.topoRank[ids[i]]);
      window.sort((x, y) => subStart[x] - subStart[y] || rank(x) - rank(y));
      const list = best.list.slice();
      for (let k = 0; k < size; k++) list[from + k] = ids[window[k]];
      if (mirrored) backward(list);
      else forward(list);
    };
    let nextDecomp = P.decompShare > 0 ? Math.max(this.used, Math.floor(this.budget * P.decompStart)) : Infinity;
    let turn = 0;
    let restartAt = P.restartAt > 0 ? Math.floor(this.budget * P.restartAt) : Infinity;
    while (!this.done() && left.length >= 2 && right.length >= 2) {
      if (this.used >= restartAt) {
        restartAt = Infinity;
        const keep = (pop: Individual[]): Individual => {
          pop.sort((a, b) => a.fit - b.fit);
          pop.length = Math.max(1, Math.round(pop.length * P.restartKeep));
          return pop[0];
        };
        const bestLeft = keep(left);
        const bestRight = keep(right);
        let tries = 0;
        while ((left.length < size || right.length < size) && !this.done() && tries < 4 * size) {
          const mirrored = tries++ % 2 === 1;
          const list = (mirrored ? bestRight : bestLeft).list.slice();
          const shifts = 1 + this.rng.int(Math.max(1, P.restartShifts));
          for (let k = 0; k < shifts; k++) this.shiftOne(list, mirrored);
          if (!(mirrored ? backward(list) : forward(list))) break;
        }
        continue;
      }
      if (this.used >= nextDecomp) {
        const before = this.used;
        decompose(turn++ % 2 === 1);
        const spent = this.used - before;
        nextDecomp = spent === 0 ? Infinity : this.used + Math.max(1, Math.round((spent * (1 - P.decompShare)) / P.decompShare));
        continue;
      }
      const mirrored = turn++ % 2 === 1;
      const pop = mirrored ? right : left;
      let father = this.tournament(pop);
      let mother = this.tournament(pop);
      if (mother === father) mother = pop[(pop.indexOf(father) + 1 + this.rng.int(pop.length - 1)) % pop.length];
      if (P.betterFather && mother.fit < father.fit) [father, mother] = [mother, father];
      if (P.elite > 0 && this.rng.next() < P.elite) {
        for (const p of pop) if (p.fit < father.fit) father = p;
        if (mother === father) mother = pop[(pop.indexOf(father) + 1 + this.rng.int(pop.length - 1)) % pop.length];
      }
      if (P.crossPop > 0 && this.rng.next() < P.crossPop) mother = this.flipped(this.tournament(mirrored ? left : right), mirrored);
      let childList: Int32Array;
      let moved: Int32Array | null = null;
      if (P.nsProb > 0 && this.used >= P.nsAt * this.budget && this.rng.next() < P.nsProb) {
        let base = father;
        if (P.nsBest) for (const p of pop) if (p.fit < base.fit) base = p;
        if (P.nsBest === 2) {
          const plateau = pop.filter((p) => p.makespan === base.makespan);
          base = plateau[this.rng.int(plateau.length)];
        }
        moved = this.criticalMove(base, mirrored);
      }
      if (moved) childList = moved;
      else if (P.focusProb > 0 && this.used >= P.focusAt * this.budget && this.rng.next() < P.focusProb) {
        let best = pop[0];
        for (const p of pop) if (p.fit < best.fit) best = p;
        childList = best.list.slice();
        const shifts = 1 + this.rng.int(Math.max(1, P.focusShifts));
        for (let k = 0; k < shifts; k++) this.shiftOne(childList, mirrored);
      } else {
        if (this.rng.next() < P.peakShare) {
          const peak = this.peakCrossover(father, mother, P.mates, () => this.tournament(pop));
          childList = peak.child;
          mother = peak.mother;
        } else childList = this.twoPoint(father, mother);
        this.mutate(childList, P.mutation, mirrored);
        if (this.rng.next() < P.shift) this.shiftOne(childList, mirrored);
      }
      if (P.crowding > 0 && this.rng.next() < P.crowding) {
        crowdPop = pop;
        crowdSlot = pop.indexOf(father.fit >= mother.fit ? father : mother);
      }
      let backwards = mirrored;
      if (P.crossDecode > 0 && this.rng.next() < P.crossDecode) {
        childList.reverse();
        backwards = !mirrored;
      }
      // A skipped child (listSeen) returns true without using the budget: the loop breeds another one.
      const ok = backwards ? backward(childList) : forward(childList);
      crowdPop = null;
      if (!ok) break;
    }
    const best = this.best!;
    return {
      solution: { start: best.start, finish: best.finish, makespan: best.makespan },
      schedules: this.used,
      lowerBound: this.lowerBound,
      foundAt: this.foundAt,
    };
  }

  /**
   * The individual's schedule in the other time frame (real time for a mirrored individual, mirrored for a real one),
   * so that a crossover may take a right-justified schedule's tail and a left-justified one's head.
   */
  private flipped(ind: Individual, toMirrored: boolean): Individual {
    const { n } = this;
    const mk = ind.makespan;
    const start = new Int32Array(n);
    const finish = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      start[j] = mk - ind.finish[j];
      finish[j] = mk - ind.start[j];
    }
    // The list puts the new frame's predecessors first (successors first when the result is mirrored).
    return { list: this.listOf(start, toMirrored), start, finish, makespan: mk, hash: ind.hash ^ 0x5bd1e995, fit: ind.fit };
  }

  /**
   * A key of the kernel's current schedule of makespan mk: a hash of the starts (isRight: of the mirrored starts
   * mk - finish, so that right-justified schedules compare whatever their shift) and the makespan.
   */
  private scheduleKey(isRight: boolean, mk: number): number {
    const { kernel, n } = this;
    let h = isRight ? 0x9e3779b9 : 0x811c9dc5;
    if (isRight) for (let j = 0; j < n; j++) h = Math.imul(h ^ (mk - kernel.finish[j]), 0x01000193);
    else for (let j = 0; j < n; j++) h = Math.imul(h ^ kernel.start[j], 0x01000193);
    return (h >>> 0) + mk * 0x100000000;
  }

  /** Before a justification pass: random ties with probability randomJustify, else the kernel's topological ties. */
  private ties(): void {
    const p = this.params.randomJustify;
    if (p <= 0) return;
    if (this.rng.next() < p) {
      const keys = new Float64Array(this.n);
      for (let j = 0; j < this.n; j++) keys[j] = this.rng.next();
      this.kernel.setTies(listByPriority(this.inst, keys));
    } else this.kernel.setTies(null);
  }

  private tournament(pop: Individual[]): Individual {
    let best = pop[this.rng.int(pop.length)];
    for (let k = 1; k < this.params.tournament; k++) {
      const other = pop[this.rng.int(pop.length)];
      if (other.fit < best.fit) best = other;
    }
    return best;
  }

  /** Makespan plus `tie` times the mean finish over the makespan (in [0, 1]): compact schedules win ties. */
  private fitness(finish: Int32Array, makespan: number): number {
    const w = this.params.tie;
    if (w === 0 || makespan === 0) return makespan;
    let sum = 0;
    for (let j = 0; j < this.n; j++) sum += finish[j];
    return makespan + (w * sum) / (this.n * makespan);
  }

  /** Takes the kernel's current schedule as an individual and records it if best. */
  private capture(): Individual {
    const { kernel, n } = this;
    const start = kernel.start.slice();
    const finish = kernel.finish.slice();
    const list = this.params.randomTies ? this.listOf(start, false) : sortedByStart(start, kernel.topoRank, kernel.topo);
    let h = 0x811c9dc5;
    let makespan = 0;
    for (let j = 0; j < n; j++) {
      h = Math.imul(h ^ start[j], 0x01000193);
      if (finish[j] > makespan) makespan = finish[j];
    }
    const ind: Individual = { list, start, finish, makespan, hash: h >>> 0, fit: this.fitness(finish, makespan) };
    if (!this.best || makespan < this.best.makespan) {
      this.best = ind;
      this.foundAt = this.used;
    }
    return ind;
  }

  /** Decodes a list, then right- and left-justifies it while the budget lasts (1 + 2 schedules). */
  private evaluate(list: Int32Array): Individual | null {
    if (this.left <= 0) return null;
    const { kernel } = this;
    kernel.decode(list);
    this.used++;
    let ind = this.capture();
    for (let pass = 0; pass < this.params.fbiPasses && this.left >= 2 && ind.makespan > this.lowerBound; pass++) {
      kernel.justifyRight(ind.start, ind.finish, ind.makespan);
      kernel.justifyLeft(kernel.start);
      this.used += 2;
      const next = this.capture();
      const improved = next.makespan < ind.makespan;
      ind = next;
      if (!improved) break;
    }
    return ind;
  }

  /** Justifies a given schedule (kept as is when the budget is too small). */
  private improveGiven(sol: Solution): Individual | null {
    const { kernel } = this;
    kernel.start.set(sol.start);
    kernel.finish.set(sol.finish);
    let ind = this.capture();
    if (this.left >= 2) {
      kernel.justifyRight(ind.start, ind.finish, ind.makespan);
      kernel.justifyLeft(kernel.start);
      this.used += 2;
      const next = this.capture();
      if (next.makespan <= ind.makespan) ind = next;
    }
    return ind;
  }

  /**
   * Regret-based biased random sampling on LFT (Kolisch & Drexl): precedence-feasible. Above 2,000 activities, where
   * a scan of the eligible set per step would cost O(n^2), LFT keys with multiplicative noise instead.
   */
  private sampleList(): Int32Array {
    const { inst, n, rng, lft } = this;
    if (n > 2000) {
      const keys = new Float64Array(n);
      for (let j = 0; j < n; j++) keys[j] = lft[j] * (0.9 + 0.2 * rng.next());
      return listByPriority(inst, keys);
    }
    const { predStart, succStart, succIdx } = inst;
    const indeg = new Int32Array(n);
    const eligible: number[] = [];
    for (let j = 0; j < n; j++) {
      indeg[j] = predStart[j + 1] - predStart[j];
      if (indeg[j] === 0) eligible.push(j);
    }
    const list = new Int32Array(n);
    const weights: number[] = [];
    for (let k = 0; k < n; k++) {
      let maxLft = -Infinity;
      for (const j of eligible) if (lft[j] > maxLft) maxLft = lft[j];
      let total = 0;
      weights.length = eligible.length;
      for (let i = 0; i < eligible.length; i++) {
        const w = maxLft - lft[eligible[i]] + 1;
        weights[i] = w;
        total += w;
      }
      let x = rng.next() * total;
      let pick = eligible.length - 1;
      for (let i = 0; i < eligible.length; i++) {
        x -= weights[i];
        if (x < 0) {
          pick = i;
          break;
        }
      }
      const j = eligible[pick];
      eligible[pick] = eligible[eligible.length - 1];
      eligible.pop();
      list[k] = j;
      for (let e = succStart[j]; e < succStart[j + 1]; e++) if (--indeg[succIdx[e]] === 0) eligible.push(succIdx[e]);
    }
    return list;
  }

  /** Hartmann's two-point crossover: father's head, then mother's order for a middle part, then father's order. */
  private twoPoint(father: Individual, mother: Individual): Int32Array {
    const { n, rng, mark } = this;
    const q1 = rng.int(n + 1);
    const q2 = q1 + rng.int(n - q1 + 1);
    mark.fill(0);
    const child = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < q1; i++) {
      child[k++] = father.list[i];
      mark[father.list[i]] = 1;
    }
    for (let i = 0; i < n && k < q2; i++) {
      const j = mother.list[i];
      if (!mark[j]) {
        child[k++] = j;
        mark[j] = 1;
      }
    }
    for (let i = 0; i < n; i++) {
      const j = father.list[i];
      if (!mark[j]) {
        child[k++] = j;
        mark[j] = 1;
      }
    }
    return child;
  }

  /**
   * Peak crossover: keep a time window of one parent's schedule as a block, in that parent's order; activities before
   * it and after it follow the other parent's relative order. The window is the father's densest (highest resource
   * utilisation) or, by default (SearchParams.diffPeak), the one where one parent's utilisation exceeds the other's
   * most: the child takes each parent where it packs better. Precedence-feasible because the sets "starts before the
   * window" and "starts before the window's end" are closed under predecessors. With mates > 1 and `pick`, the
   * mother is the most complementary of her and mates - 1 picks (SearchParams.mates); the one used is returned.
   */
  private peakCrossover(father: Individual, mother: Individual, mates = 1, pick?: () => Individual): { child: Int32Array; mother: Individual } {
    if (father.makespan <= 1) return { child: this.twoPoint(father, mother), mother };
    const len = this.peakLength(father.makespan);
    if (mates <= 1 || !pick) return { child: this.peakChild(this.peakWindow(father, mother, len)), mother };
    // SearchParams.mates: the mother is the candidate whose window differs most from the father's (either way).
    const fatherUtil = new Float64Array(father.makespan + 1);
    this.addUtilisation(fatherUtil, father, father.makespan, 1);
    let win = this.peakWindow(father, mother, len, fatherUtil);
    for (let k = 1; k < mates; k++) {
      const other = pick();
      if (other === father || other === mother) continue;
      const w = this.peakWindow(father, other, len, fatherUtil);
      if (w.score > win.score) [win, mother] = [w, other];
    }
    return { child: this.peakChild(win), mother };
  }

  /** A random peak window length for a father of makespan mk (peakMin to peakMin + peakSpan of it). */
  private peakLength(mk: number): number {
    return Math.max(1, Math.round(mk * (this.params.peakMin + this.params.peakSpan * this.rng.next())));
  }

  /**
   * The peak crossover's window of length len in the father's time: the parent giving the block, the other one, the
   * window, and its score (the block parent's utilisation, or its advantage over the other's, summed over the window).
   */
  private peakWindow(father: Individual, mother: Individual, len: number, fatherUtil?: Float64Array): PeakWindow {
    const { rng } = this;
    const mk = father.makespan;
    let util: Float64Array;
    if (fatherUtil) util = fatherUtil.slice();
    else {
      util = new Float64Array(mk + 1);
      this.addUtilisation(util, father, mk, 1);
    }
    const diff = this.params.diffPeak > 0;
    if (diff) this.addUtilisation(util, mother, mk, -1);
    let sum = 0;
    for (let t = 0; t < len && t < mk; t++) sum += util[t];
    let bestSum = sum;
    let bestFrom = 0;
    let minSum = sum;
    let minFrom = 0;
    for (let t = len; t < mk; t++) {
      sum += util[t] - util[t - len];
      if (sum > bestSum + 1e-9 || (Math.abs(sum - bestSum) <= 1e-9 && rng.next() < 0.5)) {
        bestSum = sum;
        bestFrom = t - len + 1;
      }
      if (sum < minSum - 1e-9) {
        minSum = sum;
        minFrom = t - len + 1;
      }
    }
    // diffPeak 2: when the mother's advantage somewhere is larger than the father's best, the mother gives the block.
    const motherBlock = diff && this.params.diffPeak >= 2 && -minSum > bestSum;
    const from = motherBlock ? minFrom : bestFrom;
    if (motherBlock) return { block: mother, rest: father, from, to: from + len, score: -minSum };
    return { block: father, rest: mother, from, to: from + len, score: bestSum };
  }

  /** The peak crossover's child of a window: the rest parent's order before and after it, the block parent's inside. */
  private peakChild({ block, rest, from, to }: PeakWindow): Int32Array {
    const { n, mark } = this;
    // 0: before the window, 1: inside, 2: after (by the block parent's start).
    const child = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const j = rest.list[i];
      mark[j] = block.start[j] < from ? 0 : block.start[j] < to ? 1 : 2;
    }
    for (let i = 0; i < n; i++) if (mark[rest.list[i]] === 0) child[k++] = rest.list[i];
    for (let i = 0; i < n; i++) if (mark[block.list[i]] === 1) child[k++] = block.list[i];
    for (let i = 0; i < n; i++) if (mark[rest.list[i]] === 2) child[k++] = rest.list[i];
    return child;
  }

  /** Adds `sign` times the individual's resource utilisation (demand over capacity, summed over resources) per slot before mk. */
  private addUtilisation(util: Float64Array, ind: Individual, mk: number, sign: number): void {
    const { n, utilWeight } = this;
    for (let j = 0; j < n; j++) {
      const w = utilWeight[j];
      if (w === 0) continue;
      const f = ind.finish[j] < mk ? ind.finish[j] : mk;
      for (let t = ind.start[j]; t < f; t++) util[t] += sign * w;
    }
  }

  /**
   * A move on a critical chain of the individual's schedule (in mirrored time for right individuals): from an activity
   * finishing at the makespan, the chain goes back through activities finishing exactly when the current one starts
   * (a predecessor, or a blocker sharing a resource), at random. For a random resource link (blocker i, delayed j), j
   * moves in the list to just before i (or, half the time, i to just after j), within their precedence windows.
   * Returns the new list, or null when the chain has no resource link or the move is blocked by precedence.
   */
  private criticalMove(ind: Individual, mirrored: boolean): Int32Array | null {
    const { inst, n, rng, pos } = this;
    const [predStart, predIdx, predLag, succStart, succIdx] = mirrored
      ? [inst.succStart, inst.succIdx, inst.succLag, inst.predStart, inst.predIdx]
      : [inst.predStart, inst.predIdx, inst.predLag, inst.succStart, inst.succIdx];
    const { start, finish, makespan } = ind;
    // Activities of positive duration by finish (counting sort, index order within a finish): O(n + makespan).
    const first = new Int32Array(makespan + 2);
    for (let j = 0; j < n; j++) if (inst.duration[j] > 0) first[finish[j] + 1]++;
    for (let t = 0; t <= makespan; t++) first[t + 1] += first[t];
    const byFinish = new Int32Array(first[makespan + 1]);
    const fill = first.slice(0, makespan + 1);
    for (let j = 0; j < n; j++) if (inst.duration[j] > 0) byFinish[fill[finish[j]]++] = j;
    const ends = byFinish.subarray(first[makespan], first[makespan + 1]);
    if (ends.length === 0) return null;
    let cur = ends[rng.int(ends.length)];
    const linkFrom: number[] = [];
    const linkTo: number[] = [];
    const cands: number[] = [];
    const isPred: boolean[] = [];
    for (let steps = 0; steps < n && start[cur] > 0; steps++) {
      const t = start[cur];
      cands.length = 0;
      isPred.length = 0;
      for (let e = predStart[cur]; e < predStart[cur + 1]; e++) {
        const p = predIdx[e];
        if (finish[p] + predLag[e] === t && inst.duration[p] > 0) {
          cands.push(p);
          isPred.push(true);
        }
      }
      for (let q = first[t]; q < first[t + 1]; q++) {
        const i = byFinish[q];
        if (i === cur || !this.shareResource(i, cur)) continue;
        let related = false;
        for (let e = predStart[cur]; e < predStart[cur + 1]; e++) if (predIdx[e] === i) related = true;
        if (related) continue;
        cands.push(i);
        isPred.push(false);
      }
      if (cands.length === 0) break;
      const k = rng.int(cands.length);
      if (!isPred[k]) {
        linkFrom.push(cands[k]);
        linkTo.push(cur);
      }
      cur = cands[k];
    }
    if (linkFrom.length === 0) return null;
    const k = rng.int(linkFrom.length);
    const i = linkFrom[k];
    const j = linkTo[k];
    const list = ind.list.slice();
    for (let q = 0; q < n; q++) pos[list[q]] = q;
    let from: number;
    let target: number;
    if (rng.next() < 0.5) {
      // j to just before i (not before its own predecessors).
      let lo = 0;
      for (let e = predStart[j]; e < predStart[j + 1]; e++) if (pos[predIdx[e]] + 1 > lo) lo = pos[predIdx[e]] + 1;
      from = pos[j];
      target = Math.max(lo, pos[i]);
      if (target >= from) return null;
    } else {
      // i to just after j (not after its own successors).
      let hi = n - 1;
      for (let e = succStart[i]; e < succStart[i + 1]; e++) if (pos[succIdx[e]] - 1 < hi) hi = pos[succIdx[e]] - 1;
      from = pos[i];
      target = Math.min(hi, pos[j]);
      if (target <= from) return null;
    }
    const a = list[from];
    if (target < from) list.copyWithin(target + 1, target, from);
    else list.copyWithin(from, from + 1, target + 1);
    list[target] = a;
    return list;
  }

  /** True when activities a and b both need some resource. */
  private shareResource(a: number, b: number): boolean {
    const { demStart, demRes, demUnits } = this.inst;
    for (let x = demStart[a]; x < demStart[a + 1]; x++) {
      if (demUnits[x] <= 0) continue;
      for (let y = demStart[b]; y < demStart[b + 1]; y++) if (demRes[y] === demRes[x] && demUnits[y] > 0) return true;
    }
    return false;
  }

  /** Moves one random activity to a random position between its last predecessor and its first successor. */
  private shiftOne(list: Int32Array, mirrored = false): void {
    const { inst, n, rng, pos } = this;
    const [predStart, predIdx, succStart, succIdx] = mirrored
      ? [inst.succStart, inst.succIdx, inst.predStart, inst.predIdx]
      : [inst.predStart, inst.predIdx, inst.succStart, inst.succIdx];
    for (let i = 0; i < n; i++) pos[list[i]] = i;
    const i = rng.int(n);
    const j = list[i];
    let lo = 0;
    let hi = n - 1;
    for (let e = predStart[j]; e < predStart[j + 1]; e++) if (pos[predIdx[e]] + 1 > lo) lo = pos[predIdx[e]] + 1;
    for (let e = succStart[j]; e < succStart[j + 1]; e++) if (pos[succIdx[e]] - 1 < hi) hi = pos[succIdx[e]] - 1;
    if (hi <= lo) return;
    const target = lo + rng.int(hi - lo + 1);
    if (target < i) list.copyWithin(target + 1, target, i);
    else if (target > i) list.copyWithin(i, i + 1, target + 1);
    list[target] = j;
  }

  /** Swaps neighbours that are not precedence-related, each position with probability p. */
  private mutate(list: Int32Array, p: number, mirrored = false): void {
    const { inst, n, rng } = this;
    const [predStart, predIdx] = mirrored ? [inst.succStart, inst.succIdx] : [inst.predStart, inst.predIdx];
    for (let i = 0; i + 1 < n; i++) {
      if (rng.next() >= p) continue;
      const a = list[i];
      const b = list[i + 1];
      let related = false;
      for (let e = predStart[b]; e < predStart[b + 1]; e++) {
        if (predIdx[e] === a) {
          related = true;
          break;
        }
      }
      if (!related) {
        list[i] = b;
        list[i + 1] = a;
      }
    }
  }
}

/** Activities by non-decreasing start (ties by topological rank): a precedence-feasible list for a feasible schedule. */
function sortedByStart(start: Int32Array, topoRank: Int32Array, topo: Int32Array): Int32Array {
  const n = start.length;
  const keys = new Float64Array(n);
  for (let j = 0; j < n; j++) keys[j] = start[j] * n + topoRank[j];
  keys.sort();
  const list = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    list[i] = topo[key - Math.floor(key / n) * n];
  }
  return list;
}
