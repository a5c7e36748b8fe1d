import type { ScopeResult } from '../../engine/strategy/scope.js';

/**
 * `vantage scope --format json`: `{deferred, kept, valueKept, valueTotal, date, confidence, probabilityBefore,
 * probabilityAfter, feasible}` as issue 5 specifies, then `dateBefore`, `dateAfter`, `mustDate` (infeasible only),
 * `cuts` (the cut line), `undeferrable`, `evaluations`, `trials` and `seed`.
 */
export function renderScopeJson(r: ScopeResult): string {
  const out = {
    deferred: r.deferred,
    kept: r.kept,
    valueKept: r.valueKept,
    valueTotal: r.valueTotal,
    date: r.date,
    confidence: r.confidence,
    probabilityBefore: r.probabilityBefore,
    probabilityAfter: r.probabilityAfter,
    feasible: r.feasible,
    dateBefore: r.dateBefore,
    dateAfter: r.dateAfter,
    ...(r.mustDate !== undefined ? { mustDate: r.mustDate } : {}),
    cuts: r.cuts,
    undeferrable: r.undeferrable,
    evaluations: r.evaluations,
    trials: r.trials,
    seed: r.seed,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
