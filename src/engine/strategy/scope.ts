/**
 * Scope trade-offs ("impact over perfection"): which non-`must` open items to defer so that everything kept finishes
 * by a date at a confidence level, keeping as much value as possible.
 *
 * - Deferring an item defers its open dependents too, transitively (its closure). An item whose closure holds a
 *   `must` item is undeferrable. Deferred sets are always closed under dependents.
 * - Value: the item's score under the program's priority method (`scoreItem`, the `vantage priorities` score; for
 *   wsjf that is cost of delay per day of job size). valueTotal sums it over the optional (non-must) open items;
 *   valueKept over those kept.
 * - A candidate is evaluated by a Monte Carlo forecast of the program with the deferred items neutralised: a fixed
 *   estimate of 0, no resource needs, lags into them 0, and no risk impact on them. They stay in the network (same
 *   nodes, same topological order), so every trial t draws the same numbers for the kept items whatever is deferred:
 *   common random numbers with a fixed seed, so comparisons are fair and the result reproducible.
 * - Feasible: the share of trials finishing by `date` is at least `confidence`. When even deferring everything
 *   deferrable is not feasible, the result is infeasible, `mustDate` is the must-haves' date at the confidence level,
 *   and the deferrals are the most valuable-keeping set that still reaches that date (steps 2 and 3 below).
 * - Search (not all subsets): (1) greedy forward — defer, one closure at a time, the candidate buying the most
 *   working days at the confidence level per unit of value lost, stopping at the first feasible set, with a one-step
 *   lookahead that takes the cheapest candidate making the plan feasible at once; (2) greedy add-back from deferring
 *   everything deferrable — keep restoring the most valuable item that keeps the plan feasible; (3) local improvement
 *   on the better of the two: restore one deferred item (with its deferred ancestors) and optionally defer another
 *   closure instead (swap), while value rises and the plan stays feasible. `evaluations` counts forecasts run.
 */
import type { IsoDate, Item, Program } from '../../model/program.js';
import { compileProgram } from '../network.js';
import { buildForecastModel, runTrials, summarize } from '../forecast/forecast.js';
import { quantileSorted } from '../forecast/summary.js';
import { isOpen, jobSizes, scoreItem } from './priorities.js';

export type ScopeOptions = {
  /** Status date (ISO). */
  today: IsoDate;
  /** Finish-by date; default the program's target (required when the program has none). */
  by?: IsoDate;
  /** Required confidence in (0, 1); default the program's confidence. */
  confidence?: number;
  /** Trials per evaluation (default 600). */
  trials?: number;
  /** Seed shared by every evaluation (default 1). */
  seed?: number;
  /** Levelling as in the forecast ('auto' default). */
  level?: boolean | 'auto';
  /** Levelling search budget of each evaluation's reference schedule (default 200). */
  schedules?: number;
};

/** One step of the cut line: deferring `id` (and `with`, its dependents not already deferred). */
export type ScopeCut = {
  id: string;
  /** Dependents deferred along with it. */
  with: string[];
  /** Value given up by this step. */
  value: number;
  /** Working days the finish at the confidence level moves earlier, and the probability on the date gained. */
  daysBought: number;
  probabilityGain: number;
};

export type ScopeResult = {
  deferred: string[];
  kept: string[];
  valueKept: number;
  valueTotal: number;
  date: IsoDate;
  confidence: number;
  probabilityBefore: number;
  probabilityAfter: number;
  feasible: boolean;
  /** Date at the confidence level before and after the cut. */
  dateBefore: IsoDate;
  dateAfter: IsoDate;
  /** When infeasible: the date the must-haves alone (everything deferrable deferred) make at the confidence level. */
  mustDate?: IsoDate;
  /** The cut line, in the order the deferrals are applied. */
  cuts: ScopeCut[];
  /** Open items that cannot be deferred because a `must` depends on them (or they are must). */
  undeferrable: string[];
  /** Number of forecasts run. */
  evaluations: number;
  trials: number;
  seed: number;
};

/** The outcome of one forecast of a deferral set. */
export type ScopeEvaluation = { probability: number; quantileDays: number; date: IsoDate };

/** The optional items, their values and closures: what the search and an exhaustive check need. */
export type ScopeProblem = {
  /** Open non-must items, file order. */
  optional: string[];
  value: Map<string, number>;
  /** Open items (dependents) deferred with each open item, itself included. */
  closure: Map<string, Set<string>>;
  /** Optional items whose closure holds no must. */
  deferrable: string[];
  undeferrable: string[];
  valueTotal: number;
};

/** Builds the problem: values under the program's method, closures over open dependents. */
export function scopeProblem(program: Program): ScopeProblem {
  const open = program.items.filter(isOpen);
  const openIds = new Set(open.map((i) => i.id));
  const dependents = new Map<string, string[]>();
  for (const item of open) {
    for (const d of item.after) {
      if (d.program !== undefined || !openIds.has(d.id)) continue;
      const list = dependents.get(d.id) ?? [];
      list.push(item.id);
      dependents.set(d.id, list);
    }
  }
  const closure = new Map<string, Set<string>>();
  for (const item of open) {
    const seen = new Set<string>([item.id]);
    const stack = [item.id];
    while (stack.length > 0) {
      const x = stack.pop() ?? '';
      for (const y of dependents.get(x) ?? []) {
        if (seen.has(y)) continue;
        seen.add(y);
        stack.push(y);
      }
    }
    closure.set(item.id, seen);
  }
  const byId = new Map(open.map((i) => [i.id, i]));
  const { sizes } = jobSizes(program);
  const value = new Map<string, number>();
  const optional: string[] = [];
  const deferrable: string[] = [];
  const undeferrable: string[] = [];
  let valueTotal = 0;
  for (const item of open) {
    if (item.must) {
      undeferrable.push(item.id);
      continue;
    }
    optional.push(item.id);
    const v = scoreItem(item, program.program.prioritize, sizes.get(item.id) ?? 1).score;
    value.set(item.id, v);
    valueTotal += v;
    const c = closure.get(item.id) ?? new Set<string>();
    if ([...c].some((id) => byId.get(id)?.must === true)) undeferrable.push(item.id);
    else deferrable.push(item.id);
  }
  return { optional, value, closure, deferrable, undeferrable, valueTotal };
}

/** The program with `deferred` neutralised (see the module comment). */
export function withDeferred(program: Program, deferred: ReadonlySet<string>, date: IsoDate, confidence: number): Program {
  const zero = { low: 0, likely: 0, high: 0, dist: 'fixed' } as const;
  const items = program.items.map((item): Item => {
    if (!deferred.has(item.id)) return item;
    return {
      ...item,
      status: 'todo',
      estimate: zero,
      remaining: undefined,
      needs: {},
      needsExplicit: true,
      owner: undefined,
      after: item.after.map((d) => ({ ...d, lag: 0 })),
    };
  });
  const risks = program.risks.map((r) =>
    r.impact && r.impact.items.some((id) => deferred.has(id))
      ? { ...r, impact: { ...r.impact, items: r.impact.items.filter((id) => !deferred.has(id)) } }
      : r,
  );
  return { ...program, items, risks, program: { ...program.program, target: date, confidence } };
}

/**
 * Forecasts the program with `deferred` neutralised: the share of trials finishing by `date`, the finish at the
 * confidence level in working days from the start (continuous, for "days bought"), and its date.
 */
export function evaluateScope(
  program: Program,
  deferred: ReadonlySet<string>,
  settings: { today: IsoDate; date: IsoDate; confidence: number; trials: number; seed: number; level: boolean | 'auto'; schedules: number },
): ScopeEvaluation {
  const p = withDeferred(program, deferred, settings.date, settings.confidence);
  const net = compileProgram(p, { today: settings.today });
  const info = buildForecastModel(net, { level: settings.level, schedules: settings.schedules, scheduleSeed: settings.seed });
  const block = runTrials(info.model, 0, settings.trials, settings.seed);
  const result = summarize(net, info, block, { seed: settings.seed });
  const P = info.model.nPrograms;
  const finishes = new Float64Array(settings.trials);
  for (let t = 0; t < settings.trials; t++) finishes[t] = block.finish[t * P];
  finishes.sort();
  return {
    probability: result.program.probabilityOnTarget ?? 0,
    quantileDays: quantileSorted(finishes, settings.confidence),
    date: result.program.atConfidence,
  };
}

/**
 * Chooses what to defer (see the module comment). Throws only for a bug; a program without a target and without
 * `by` gets the status date as its date (nothing but done work can make it), so callers should require one.
 * Example: one must item of 5 days and an optional item of 5 days after it, by the 6th working day at 0.85:
 * the optional item is deferred, valueKept 0, feasible.
 */
export function planScope(program: Program, options: ScopeOptions): ScopeResult {
  const date = options.by ?? program.program.target ?? options.today;
  const confidence = options.confidence ?? program.program.confidence;
  const trials = options.trials ?? 600;
  const seed = options.seed ?? 1;
  const settings = { today: options.today, date, confidence, trials, seed, level: options.level ?? 'auto', schedules: options.schedules ?? 200 };
  const problem = scopeProblem(program);
  const cache = new Map<string, ScopeEvaluation>();
  let evaluations = 0;
  const keyOf = (d: ReadonlySet<string>): string => [...d].sort().join('\n');
  const evaluate = (d: ReadonlySet<string>): ScopeEvaluation => {
    const k = keyOf(d);
    const hit = cache.get(k);
    if (hit) return hit;
    evaluations++;
    const e = evaluateScope(program, d, settings);
    cache.set(k, e);
    return e;
  };
  const ok = (e: ScopeEvaluation): boolean => e.probability >= confidence;
  const lost = (d: ReadonlySet<string>): number => {
    let s = 0;
    for (const id of d) s += problem.value.get(id) ?? 0;
    return s;
  };
  const union = (d: ReadonlySet<string>, id: string): Set<string> => new Set([...d, ...(problem.closure.get(id) ?? [])]);

  const empty = new Set<string>();
  const before = evaluate(empty);
  let best: Set<string> = empty;
  let feasible = ok(before);
  let mustDate: IsoDate | undefined;
  if (!feasible) {
    const all = new Set<string>();
    for (const id of problem.deferrable) for (const x of problem.closure.get(id) ?? []) all.add(x);
    const floor = evaluate(all);
    if (!ok(floor)) {
      // Defer only what the must-haves' best date needs: the most value kept with the finish at the confidence
      // level no later than with everything deferrable deferred.
      mustDate = floor.date;
      const asEarly = (e: ScopeEvaluation): boolean => e.quantileDays <= floor.quantileDays + 1e-9;
      best = improve(greedyAddBack(all, asEarly), asEarly);
    } else {
      feasible = true;
      const forward = greedyForward();
      const back = greedyAddBack(all, ok);
      best = lost(forward) <= lost(back) ? forward : back;
      best = improve(best, ok);
    }
  }

  function greedyForward(): Set<string> {
    let d = new Set<string>();
    let cur = before;
    for (;;) {
      const options = problem.deferrable.filter((id) => !d.has(id)).map((id) => union(d, id));
      if (options.length === 0) return d;
      const scored = options.map((o) => ({ o, e: evaluate(o), cost: lost(o) - lost(d) }));
      const winners = scored.filter((s) => ok(s.e));
      if (winners.length > 0) {
        winners.sort((a, b) => a.cost - b.cost);
        return winners[0].o;
      }
      const rate = (s: (typeof scored)[number]): number => (cur.quantileDays - s.e.quantileDays + 1e-6) / (s.cost + 1e-9);
      scored.sort((a, b) => rate(b) - rate(a));
      d = scored[0].o;
      cur = scored[0].e;
    }
  }

  /** Restores `id` and the deferred items it depends on (so that the set stays closed under dependents). */
  function restore(d: ReadonlySet<string>, id: string): Set<string> {
    const out = new Set(d);
    for (const x of d) if (problem.closure.get(x)?.has(id)) out.delete(x);
    return out;
  }

  function greedyAddBack(start: Set<string>, accept: (e: ScopeEvaluation) => boolean): Set<string> {
    let d = start;
    for (;;) {
      const candidates = [...d]
        .map((id) => restore(d, id))
        .filter((o) => lost(o) < lost(d))
        .sort((a, b) => lost(a) - lost(b));
      const next = candidates.find((o) => accept(evaluate(o)));
      if (!next) return d;
      d = next;
    }
  }

  function improve(start: Set<string>, accept: (e: ScopeEvaluation) => boolean): Set<string> {
    let d = start;
    for (let improved = true; improved; ) {
      improved = false;
      const moves: Set<string>[] = [];
      for (const id of d) {
        const r = restore(d, id);
        moves.push(r);
        for (const other of problem.deferrable) if (!r.has(other) && !(problem.closure.get(other)?.has(id) ?? false)) moves.push(union(r, other));
      }
      moves.sort((a, b) => lost(a) - lost(b));
      for (const m of moves) {
        if (lost(m) >= lost(d) - 1e-12) break;
        if (accept(evaluate(m))) {
          d = m;
          improved = true;
          break;
        }
      }
    }
    return d;
  }

  const after = evaluate(best);
  // The cut line: the deferrals in order of value per day bought, each measured on top of the previous ones.
  const cuts: ScopeCut[] = [];
  const roots = [...best].filter((id) => ![...best].some((x) => x !== id && problem.closure.get(x)?.has(id)));
  let applied = new Set<string>();
  let prev = before;
  const remaining = new Set(roots);
  while (remaining.size > 0) {
    const steps = [...remaining].map((id) => {
      const next = union(applied, id);
      return { id, next, e: evaluate(next), cost: lost(next) - lost(applied) };
    });
    steps.sort((a, b) => (prev.quantileDays - b.e.quantileDays) / (b.cost + 1e-9) - (prev.quantileDays - a.e.quantileDays) / (a.cost + 1e-9) || (a.id < b.id ? -1 : 1));
    const s = steps[0];
    cuts.push({
      id: s.id,
      with: [...s.next].filter((x) => x !== s.id && !applied.has(x)).sort(),
      value: s.cost,
      daysBought: round2(prev.quantileDays - s.e.quantileDays),
      probabilityGain: round4(s.e.probability - prev.probability),
    });
    applied = s.next;
    prev = s.e;
    remaining.delete(s.id);
  }
  const deferred = cuts.flatMap((c) => [c.id, ...c.with]);
  const kept = program.items.filter((it) => isOpen(it) && !best.has(it.id)).map((it) => it.id);
  return {
    deferred,
    kept,
    valueKept: round4(problem.valueTotal - lost(best)),
    valueTotal: round4(problem.valueTotal),
    date,
    confidence,
    probabilityBefore: round4(before.probability),
    probabilityAfter: round4(after.probability),
    feasible,
    dateBefore: before.date,
    dateAfter: after.date,
    ...(mustDate !== undefined ? { mustDate } : {}),
    cuts,
    undeferrable: problem.undeferrable,
    evaluations,
    trials,
    seed,
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round4 = (x: number): number => Math.round(x * 10000) / 10000;
