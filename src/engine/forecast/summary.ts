/**
 * From raw trial results to the forecast a TPM reads: percentile dates, probabilities of meeting dates, criticality,
 * the risk tornado, and histogram / S-curve data.
 *
 * Conventions:
 * - A finish offset x (axis working days, exclusive end) is the date of working day ceil(x) - 1: the last day of work,
 *   as in `vantage schedule` (never before the program's start).
 * - The p-percentile date is the smallest date by which at least a share p of the trials finished (the empirical
 *   quantile: the ceil(p·N)-th smallest finish). "Probability on a date" is the share of trials finishing on or before it.
 * - A risk's `days` is the tornado bar: the P(confidence) finish date of its program with every risk sampled, minus the
 *   same percentile with that risk switched off in the very same trials (common random numbers), in the program's
 *   working days. `meanDays` is the mean delay it causes (working days, exact, less noisy than a percentile).
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IsoDate } from '../../model/program.js';
import { EPS } from '../cpm.js';
import { dayNumber, isoDate } from '../dates.js';
import type { Network } from '../network.js';
import type { ModelInfo } from './model.js';
import type { TrialBlock } from './trials.js';

/** Levels always reported. */
export const BASE_LEVELS = [0.5, 0.85, 0.95] as const;

export type DateQuantile = { level: number; date: IsoDate };
export type DateCount = { date: IsoDate; count: number };
export type DateProbability = { date: IsoDate; probability: number };

export type ProgramForecast = {
  id: string;
  name: string;
  start: IsoDate;
  /** Percentile dates at every level, ascending by level (50, 85, 95 and any extras). */
  levels: DateQuantile[];
  /** The program's confidence level (its `confidence`, default 0.85) and the date at it. */
  confidence: number;
  atConfidence: IsoDate;
  target?: IsoDate;
  probabilityOnTarget?: number;
  /** The deterministic plan's finish (every estimate at its likely value). */
  deterministic: IsoDate;
  /** Mean finish in the program's working days from its start. */
  meanOffset: number;
  histogram: DateCount[];
  sCurve: DateProbability[];
};

export type MilestoneForecast = {
  id: string;
  program?: string;
  title: string;
  levels: DateQuantile[];
  /** The committed date, when the file gives one, and the probability of reaching the milestone by it. */
  date?: IsoDate;
  probabilityOnDate?: number;
  deterministic: IsoDate;
};

/**
 * `criticality`: the share of trials in which the item was critical: zero total slack in dependency-only trials, on
 * the driving chain back from the finish (through predecessor or resource links) in levelled ones (see trials.ts).
 */
export type ItemForecast = { id: string; program?: string; title: string; criticality: number };

export type RiskForecast = {
  id: string;
  program?: string;
  title: string;
  probability: number;
  impactDays: number;
  /** Working days it adds to its program's finish at the program's confidence level (the tornado bar). */
  days: number;
  /** Mean working days it adds. */
  meanDays: number;
};

export type ForecastResult = {
  /** The program; for a portfolio, the portfolio as a whole (its finish is the last program's). */
  program: ProgramForecast;
  /** Portfolio only: each program. */
  programs?: ProgramForecast[];
  milestones: MilestoneForecast[];
  /** Every item that is not cut, in file order. */
  items: ItemForecast[];
  /** Sampled risks, largest tornado bar first. */
  risks: RiskForecast[];
  trials: number;
  seed: number;
  /** The levels reported, ascending. */
  percentiles: number[];
  levelled: boolean;
  today: IsoDate;
  warnings: Diagnostic[];
};

export type SummaryOptions = {
  seed: number;
  /** Extra levels in (0, 1) beside 0.5, 0.85 and 0.95. */
  percentiles?: number[];
  /** For a portfolio: its id and name (the overall forecast's identity). */
  portfolio?: { id: string; name: string };
};

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6 + 0;
const round2 = (x: number): number => Math.round(x * 100) / 100 + 0;

/** Sorted, de-duplicated levels: 0.5, 0.85, 0.95 and the extras (each in (0, 1)). */
export function reportLevels(extra: readonly number[] = []): number[] {
  const all = [...BASE_LEVELS, ...extra].map((p) => round6(p));
  return [...new Set(all)].sort((a, b) => a - b);
}

/** The empirical p-quantile of sorted values: the ceil(p·N)-th smallest (N >= 1). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const N = sorted.length;
  const k = Math.min(N - 1, Math.max(0, Math.ceil(p * N - 1e-9) - 1));
  return sorted[k];
}

/** Summarises merged trials (`block` must cover [0, trials)). */
export function summarizeForecast(net: Network, info: ModelInfo, block: TrialBlock, options: SummaryOptions): ForecastResult {
  const { model } = info;
  const N = block.to - block.from;
  if (N < 1) throw new Error('summarizeForecast: no trials');
  const P = model.nPrograms;
  const M = model.milestoneNodes.length;
  const R = model.nRisks;
  const levels = reportLevels(options.percentiles);
  const axis = net.axis;
  const dateCache = new Map<number, IsoDate>();
  const dateOf = (idx: number): IsoDate => {
    let d = dateCache.get(idx);
    if (d === undefined) {
      d = isoDate(axis.dayAt(idx));
      dateCache.set(idx, d);
    }
    return d;
  };
  const indexOf = (x: number, start: number): number => Math.max(start, Math.ceil(x - EPS) - 1);
  /** The axis index of the last working day on or before an ISO date. */
  const indexOnOrBefore = (date: IsoDate): number => axis.offsetOnOrAfter(dayNumber(date) + 1) - 1;
  const column = (data: Float64Array, width: number, k: number): Float64Array => {
    const out = new Float64Array(N);
    for (let t = 0; t < N; t++) out[t] = data[t * width + k];
    return out;
  };
  const quantiles = (sorted: Float64Array, start: number): DateQuantile[] =>
    levels.map((level) => ({ level, date: dateOf(indexOf(quantileSorted(sorted, level), start)) }));
  const shareOnOrBefore = (values: Float64Array, start: number, date: IsoDate): number => {
    const limit = indexOnOrBefore(date);
    let c = 0;
    for (let t = 0; t < N; t++) if (indexOf(values[t], start) <= limit) c++;
    return round6(c / N);
  };
  const distribution = (values: Float64Array, start: number): { histogram: DateCount[]; sCurve: DateProbability[] } => {
    const counts = new Map<number, number>();
    for (let t = 0; t < N; t++) {
      const k = indexOf(values[t], start);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const keys = [...counts.keys()].sort((a, b) => a - b);
    const histogram: DateCount[] = [];
    const sCurve: DateProbability[] = [];
    let cum = 0;
    for (const k of keys) {
      const c = counts.get(k)!;
      cum += c;
      histogram.push({ date: dateOf(k), count: c });
      sCurve.push({ date: dateOf(k), probability: round6(cum / N) });
    }
    return { histogram, sCurve };
  };

  const programForecast = (
    id: string,
    name: string,
    start: number,
    confidence: number,
    target: IsoDate | undefined,
    values: Float64Array,
    deterministic: number,
    ownOffset: (x: number) => number,
  ): ProgramForecast => {
    const sorted = Float64Array.from(values).sort();
    let sum = 0;
    for (let t = 0; t < N; t++) sum += ownOffset(values[t]);
    const out: ProgramForecast = {
      id,
      name,
      start: dateOf(start),
      levels: quantiles(sorted, start),
      confidence,
      atConfidence: dateOf(indexOf(quantileSorted(sorted, confidence), start)),
      deterministic: dateOf(indexOf(deterministic, start)),
      meanOffset: round2(sum / N),
      ...distribution(values, start),
    };
    if (target !== undefined) {
      out.target = target;
      out.probabilityOnTarget = shareOnOrBefore(values, start, target);
    }
    return out;
  };

  // Programs. The deterministic finish per program is not kept by the model: use the overall one for a single
  // program, and each program's own maximum from the deterministic milestone/finish data otherwise.
  const programFinish: Float64Array[] = [];
  for (let pi = 0; pi < P; pi++) programFinish.push(column(block.finish, P, pi));
  const ownOf = (pi: number) => {
    const np = net.programs[pi];
    return (x: number): number => {
      if (!net.portfolio) return x - np.startOffset;
      const k = Math.floor(x + EPS);
      const day = axis.dayAt(k);
      const frac = Math.max(0, x - k);
      return np.calendar.offsetOnOrAfter(day) + (np.calendar.isWorkingDay(day) ? frac : 0);
    };
  };
  const programs = net.programs.map((np, pi) => {
    const info2 = np.program.program;
    return programForecast(
      info2.id,
      info2.name,
      np.startOffset,
      info2.confidence,
      info2.target,
      programFinish[pi],
      info.deterministicProgramFinish[pi],
      ownOf(pi),
    );
  });
  let program: ProgramForecast;
  if (!net.portfolio) {
    program = programs[0];
  } else {
    const all = new Float64Array(N);
    for (let t = 0; t < N; t++) {
      let v = 0;
      for (let pi = 0; pi < P; pi++) if (block.finish[t * P + pi] > v) v = block.finish[t * P + pi];
      all[t] = v;
    }
    let det = 0;
    for (let pi = 0; pi < P; pi++) det = Math.max(det, info.deterministicProgramFinish[pi]);
    const confidence = Math.max(...net.programs.map((np) => np.program.program.confidence));
    const id = options.portfolio?.id ?? 'portfolio';
    program = programForecast(id, options.portfolio?.name ?? id, 0, confidence, undefined, all, det, (x) => x);
  }

  // Milestones.
  const milestones: MilestoneForecast[] = [];
  for (let m = 0; m < M; m++) {
    const j = model.milestoneNodes[m];
    const ms = net.milestones[j]!;
    const np = net.programs[net.nodeProgram[j]];
    const values = column(block.milestone, M, m);
    const sorted = Float64Array.from(values).sort();
    const out: MilestoneForecast = {
      id: ms.id,
      ...(net.portfolio ? { program: np.program.program.id } : {}),
      title: ms.title,
      levels: quantiles(sorted, np.startOffset),
      deterministic: dateOf(indexOf(info.deterministicMilestones[m], np.startOffset)),
    };
    if (ms.date !== undefined) {
      out.date = ms.date;
      out.probabilityOnDate = shareOnOrBefore(values, np.startOffset, ms.date);
    }
    milestones.push(out);
  }

  // Items.
  const items: ItemForecast[] = new Array<ItemForecast>(net.nItems);
  for (let j = 0; j < net.nItems; j++) {
    const item = net.items[j]!;
    items[j] = {
      id: item.id,
      ...(net.portfolio ? { program: net.programs[net.nodeProgram[j]].program.program.id } : {}),
      title: item.title,
      criticality: round6(block.critical[j] / N),
    };
  }

  // Risks: the tornado.
  const risks: (RiskForecast & { order: number; exact: number })[] = [];
  for (let r = 0; r < R; r++) {
    const pi = model.riskProgram[r];
    const np = net.programs[pi];
    const ref = info.risks[r];
    const risk = np.program.risks[ref.index];
    const withAll = programFinish[pi];
    const without = column(block.riskOff, R, r);
    const conf = np.program.program.confidence;
    const qAll = indexOf(quantileSorted(Float64Array.from(withAll).sort(), conf), np.startOffset);
    const qOff = indexOf(quantileSorted(Float64Array.from(without).sort(), conf), np.startOffset);
    const cal = np.calendar;
    const days = cal.offsetOnOrAfter(axis.dayAt(qAll) + 1) - cal.offsetOnOrAfter(axis.dayAt(qOff) + 1);
    const own = ownOf(pi);
    let sum = 0;
    for (let t = 0; t < N; t++) sum += own(withAll[t]) - own(without[t]);
    risks.push({
      id: risk.id,
      ...(net.portfolio ? { program: np.program.program.id } : {}),
      title: risk.title,
      probability: model.riskProb[r],
      impactDays: model.riskDays[r],
      days,
      meanDays: round2(sum / N),
      order: r,
      exact: sum / N,
    });
  }
  risks.sort((a, b) => b.days - a.days || b.exact - a.exact || a.order - b.order);

  return {
    program,
    ...(net.portfolio ? { programs } : {}),
    milestones,
    items,
    risks: risks.map(({ order: _order, exact: _exact, ...rest }) => rest),
    trials: N,
    seed: options.seed,
    percentiles: levels,
    levelled: model.levelled,
    today: net.today,
    warnings: [...net.warnings, ...info.warnings],
  };
}
