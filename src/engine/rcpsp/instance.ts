/**
 * A resource-constrained project scheduling instance on an integer time axis.
 *
 * This is the contract between the program scheduler (src/engine/schedule.ts, which turns a Program into an Instance)
 * and the levelling kernel and search (src/engine/rcpsp/*, which also reads PSPLIB instances into it).
 *
 * Time is in integer slots. The program scheduler uses slot = one working day (or a fraction of one, see
 * `slotsPerDay` in the scheduler); PSPLIB uses its own periods. An activity that starts at slot s with duration d and
 * no blocked slots occupies [s, s + d) and finishes at s + d (exclusive).
 *
 * All arrays are indexed by activity 0..n-1; CSR arrays hold adjacency: the predecessors of j are
 * predIdx[predStart[j] .. predStart[j + 1]) with finish-to-start minimum lags predLag[...] (in slots, >= 0).
 */
export type Instance = {
  /** Number of activities. No dummy source or sink is required (PSPLIB's may be kept: they have duration 0). */
  n: number;
  /** Duration in slots, >= 0. A duration-0 activity is a milestone: it uses no resources. */
  duration: Int32Array;
  /** Earliest start slot, >= 0 (the data date, or the program start in a portfolio). */
  release: Int32Array;
  predStart: Int32Array;
  predIdx: Int32Array;
  predLag: Int32Array;
  succStart: Int32Array;
  succIdx: Int32Array;
  succLag: Int32Array;
  /** Resource demands per activity (CSR): activity j uses demUnits[k] of resource demRes[k] on every slot it works. */
  demStart: Int32Array;
  demRes: Int32Array;
  demUnits: Float64Array;
  /** Number of renewable resources and each one's capacity per slot. */
  resources: number;
  capacity: Float64Array;
  /**
   * Optional per-activity pauses: sorted, disjoint half-open slot ranges [from0, to0, from1, to1, ...] during which the
   * activity makes no progress and uses no resources (its people's days off, non-working days of its own program in
   * a portfolio). An activity with pauses occupies the first `duration` unpaused slots from its start; it never starts
   * inside a pause. null or absent: no pauses.
   */
  pauses?: (Int32Array | null)[];
  /**
   * Optional fixed starts (-1 = free): work already in progress is pinned at its slot and is placed before everything
   * else. Fixed activities may exceed capacity (they are happening); the kernel never moves them.
   */
  fixedStart?: Int32Array;
};

/** A schedule: start and (exclusive) finish slot of every activity. */
export type Solution = {
  start: Int32Array;
  finish: Int32Array;
  /** max finish over all activities (0 for an empty instance). */
  makespan: number;
};
