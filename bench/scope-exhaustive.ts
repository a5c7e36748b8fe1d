/**
 * The exhaustive optimum of `vantage scope`: every deferral set closed under dependents, evaluated with the same
 * forecast settings as the search. Exponential in the deferrable items: for checking the search on small plans
 * (src/engine/strategy/scope.prop.test.ts, bench/scope.bench.ts), never for users.
 */
import type { Program } from '../src/model/program.js';
import { evaluateScope, scopeProblem } from '../src/engine/strategy/scope.js';

export type ExhaustiveSettings = Parameters<typeof evaluateScope>[2];

export function exhaustiveScope(
  program: Program,
  settings: ExhaustiveSettings,
): { feasible: boolean; value: number; sets: number } {
  const problem = scopeProblem(program);
  const k = problem.deferrable.length;
  const seen = new Set<string>();
  let best = -1;
  // Distinct closed deferral sets: what a search without pruning would forecast.
  let sets = 0;
  for (let mask = 0; mask < 1 << k; mask++) {
    const d = new Set<string>();
    for (let b = 0; b < k; b++) if (mask & (1 << b)) for (const x of problem.closure.get(problem.deferrable[b]) ?? []) d.add(x);
    const key = [...d].sort().join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    sets++;
    let lost = 0;
    for (const id of d) lost += problem.value.get(id) ?? 0;
    if (problem.valueTotal - lost <= best) continue;
    if (evaluateScope(program, d, settings).probability >= settings.confidence) best = problem.valueTotal - lost;
  }
  return { feasible: best >= 0, value: best, sets };
}
