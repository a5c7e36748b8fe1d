/**
 * Priorities: the open items of a program ranked by its prioritisation method (`program.prioritize`, or a method given
 * by the caller). Rank 1 = do first.
 *
 * Open items are those not `done` and not `cut` (todo, doing, blocked).
 *
 * Job size (`jobSizeDays`), in working days: the mean of the item's estimate — for a `doing` item its `remaining`
 * estimate when given — by its distribution: fixed: the value; pert: (low + 4·likely + high) / 6; triangular:
 * (low + likely + high) / 3; lognormal: the mean exp(mu + sigma²/2) of the lognormal with low and high as its 5th and
 * 95th percentiles (as the forecast samples it). An item without an estimate gets the median job size of the open
 * items that have one (1 day when none has), and is listed as missing `estimate` under wsjf and rice (value does not use it). A job size is never below
 * MIN_JOB_SIZE_DAYS (0.1 day), so a zero estimate cannot divide by zero.
 *
 * Scores:
 * - wsjf: (value + time_criticality + risk_reduction) / job size. Missing inputs count as 1 each (the bottom of the
 *   1..10 scale, so unassessed work does not jump the queue).
 * - rice: reach · impact · confidence / job size. Missing reach counts as 0 (unknown reach earns no score), missing
 *   impact as 1 (medium), missing confidence as 0.5 (RICE's "low confidence").
 * - value: value, missing as 1.
 * Every item with a missing input is listed in `missing` with the fields it lacks; nothing throws on missing data.
 *
 * Ties (scores within 1e-9 relative) are broken by schedule criticality: critical items first, then less total slack,
 * then id (code-point order). The schedule is the caller's (`schedule`) or `scheduleProgram(program, {today})`.
 *
 * Example: items a (value 8, tc 2, rr 2, estimate 3) and b (value 6, tc 0, rr 0, estimate 1): WSJF a = 12/3 = 4,
 * b = 6/1 = 6: b ranks 1, a ranks 2.
 */
import type { Estimate, Item, PrioritizeMethod, Program } from '../../model/program.js';
import { lognormalFit } from '../forecast/sampling.js';
import { scheduleProgram, type ScheduleResult } from '../schedule.js';

/** The smallest job size used as a divisor, in working days. */
export const MIN_JOB_SIZE_DAYS = 0.1;

export const PRIORITY_METHODS: readonly PrioritizeMethod[] = ['wsjf', 'rice', 'value'];

/** Defaults used for missing scoring inputs (documented above). */
export const SCORE_DEFAULTS = {
  value: 1,
  timeCriticality: 1,
  riskReduction: 1,
  reach: 0,
  impact: 1,
  confidence: 0.5,
} as const;

export type ScoreInput = 'estimate' | 'value' | 'time_criticality' | 'risk_reduction' | 'reach' | 'impact' | 'confidence';

export type RankedItem = {
  id: string;
  title: string;
  /** 1 = do first. */
  rank: number;
  score: number;
  /** The objectives the item serves: its own, then its workstream's (deduplicated). */
  objectives: string[];
  /** Working days used as the job size (wsjf, rice) and for effort shares. */
  jobSize: number;
  status: Item['status'];
  workstream?: string;
  owner?: string;
  must: boolean;
  /** From the schedule, for the tie-break. */
  critical: boolean;
  slack: number;
  /** The scoring inputs this item lacks under the method (empty when complete). */
  missing: ScoreInput[];
  /**
   * Open predecessors in this program (`after` items not done nor cut): a high rank does not make an item startable;
   * cross-program predecessors are not listed.
   */
  waitsOn: string[];
};

export type PrioritiesResult = {
  method: PrioritizeMethod;
  items: RankedItem[];
  /** Items with missing inputs, in rank order: which fields each lacks. */
  missing: { id: string; fields: ScoreInput[] }[];
};

export type PrioritiesOptions = {
  /** The status date (ISO), for the tie-breaking schedule. */
  today: string;
  /** Overrides program.prioritize. */
  method?: PrioritizeMethod;
  /** A schedule already computed for the program (skips scheduling). */
  schedule?: ScheduleResult;
};

/** True for todo, doing and blocked items. */
export const isOpen = (item: Item): boolean => item.status !== 'done' && item.status !== 'cut';

/** The objectives an item serves: its own, then its workstream's, without duplicates. */
export function itemObjectives(program: Program, item: Item): string[] {
  const ws = item.workstream === undefined ? undefined : program.workstreams.find((w) => w.id === item.workstream);
  return [...new Set([...item.objectives, ...(ws?.objectives ?? [])])];
}

/** The mean of an estimate in working days (see the module comment for each distribution). */
export function estimateMean(e: Estimate): number {
  switch (e.dist) {
    case 'fixed':
      return e.likely;
    case 'pert':
      return (e.low + 4 * e.likely + e.high) / 6;
    case 'triangular':
      return (e.low + e.likely + e.high) / 3;
    case 'lognormal': {
      if (e.high <= 0) return 0;
      const { mu, sigma } = lognormalFit(e.low, e.high);
      return Math.exp(mu + (sigma * sigma) / 2);
    }
  }
}

/**
 * The job size of every open item, in working days, and the ids lacking an estimate (they get the median of the
 * others, or 1 day). Never below MIN_JOB_SIZE_DAYS.
 */
export function jobSizes(program: Program): { sizes: Map<string, number>; unestimated: Set<string> } {
  const sizes = new Map<string, number>();
  const unestimated = new Set<string>();
  const known: number[] = [];
  for (const item of program.items) {
    if (!isOpen(item)) continue;
    const e = item.status === 'doing' ? (item.remaining ?? item.estimate) : item.estimate;
    if (e === undefined) {
      unestimated.add(item.id);
      continue;
    }
    const days = Math.max(MIN_JOB_SIZE_DAYS, estimateMean(e));
    sizes.set(item.id, days);
    known.push(days);
  }
  const fallback = known.length === 0 ? 1 : median(known);
  for (const id of unestimated) sizes.set(id, fallback);
  return { sizes, unestimated };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The score of one item under a method, with the inputs it lacked. */
export function scoreItem(item: Item, method: PrioritizeMethod, jobSize: number): { score: number; missing: ScoreInput[] } {
  const missing: ScoreInput[] = [];
  const get = (v: number | undefined, field: ScoreInput, fallback: number): number => {
    if (v === undefined) {
      missing.push(field);
      return fallback;
    }
    return v;
  };
  const size = Math.max(MIN_JOB_SIZE_DAYS, jobSize);
  switch (method) {
    case 'wsjf': {
      const v = get(item.value, 'value', SCORE_DEFAULTS.value);
      const tc = get(item.timeCriticality, 'time_criticality', SCORE_DEFAULTS.timeCriticality);
      const rr = get(item.riskReduction, 'risk_reduction', SCORE_DEFAULTS.riskReduction);
      return { score: (v + tc + rr) / size, missing };
    }
    case 'rice': {
      const reach = get(item.reach, 'reach', SCORE_DEFAULTS.reach);
      const impact = get(item.impact, 'impact', SCORE_DEFAULTS.impact);
      const confidence = get(item.confidence, 'confidence', SCORE_DEFAULTS.confidence);
      return { score: (reach * impact * confidence) / size, missing };
    }
    case 'value':
      return { score: get(item.value, 'value', SCORE_DEFAULTS.value), missing };
  }
}

const sameScore = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Rank the open items of a program (see the module comment for the method, defaults and tie-breaks).
 * An empty program gives an empty list.
 */
export function prioritize(program: Program, options: PrioritiesOptions): PrioritiesResult {
  const method = options.method ?? program.program.prioritize;
  const open = program.items.filter(isOpen);
  const schedule = open.length === 0 ? undefined : (options.schedule ?? scheduleProgram(program, { today: options.today }));
  const timing = new Map<string, { critical: boolean; slack: number }>();
  for (const s of schedule?.items ?? []) {
    if (s.program === undefined || s.program === program.program.id) timing.set(s.id, { critical: s.critical, slack: s.slack });
  }
  const { sizes, unestimated } = jobSizes(program);
  const openIds = new Set(open.map((i) => i.id));
  const rows = open.map((item) => {
    const jobSize = sizes.get(item.id) ?? 1;
    const { score, missing } = scoreItem(item, method, jobSize);
    // The estimate matters to every method's effort figures, but only wsjf and rice divide by it.
    if (unestimated.has(item.id) && method !== 'value') missing.unshift('estimate');
    const t = timing.get(item.id) ?? { critical: false, slack: Number.POSITIVE_INFINITY };
    const row: RankedItem = {
      id: item.id,
      title: item.title,
      rank: 0,
      score,
      objectives: itemObjectives(program, item),
      jobSize,
      status: item.status,
      must: item.must,
      critical: t.critical,
      slack: t.slack,
      missing,
      waitsOn: item.after.filter((d) => d.program === undefined && openIds.has(d.id)).map((d) => d.id),
    };
    if (item.workstream !== undefined) row.workstream = item.workstream;
    if (item.owner !== undefined) row.owner = item.owner;
    return row;
  });
  rows.sort(
    (a, b) =>
      (sameScore(a.score, b.score) ? 0 : b.score - a.score) ||
      Number(b.critical) - Number(a.critical) ||
      (a.slack === b.slack ? 0 : a.slack - b.slack) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  rows.forEach((r, i) => {
    r.rank = i + 1;
  });
  return {
    method,
    items: rows,
    missing: rows.filter((r) => r.missing.length > 0).map((r) => ({ id: r.id, fields: r.missing })),
  };
}
