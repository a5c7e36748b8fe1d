/**
 * `vantage scope` search quality against exhaustive search: random plans of N..N+3 items (N = 16 by default, so 12-18
 * optional), each with a date between what the must-haves alone make and what the whole plan makes; the value the
 * search keeps vs the exhaustive optimum under the same forecast settings, and the number of forecasts each needs.
 * Knobs: N, RUNS, T (trials per forecast), METHOD (value|wsjf), SHARED=0 (no shared person).
 * Run: npm run bench scope
 */
import fc from 'fast-check';
import { est3, makeItem, makePerson, makeProgram } from '../src/model/builders.js';
import type { Program } from '../src/model/program.js';
import { dayNumber, isoDate } from '../src/engine/dates.js';
import { evaluateScope, planScope, scopeProblem } from '../src/engine/strategy/scope.js';
import { exhaustiveScope } from './scope-exhaustive.js';

const today = '2027-01-04';
const TRIALS = Number(process.env.T ?? 300);
const N = Number(process.env.N ?? 16);
const RUNS = Number(process.env.RUNS ?? 20);
const SHARED = process.env.SHARED !== '0';

function gen(seed: number): { program: Program; by: string } {
  const [specs, frac] = fc.sample(
    fc.tuple(
      fc.array(
        fc.record({ low: fc.integer({ min: 1, max: 4 }), spread: fc.integer({ min: 0, max: 4 }), mustRoll: fc.integer({ min: 0, max: 9 }), value: fc.integer({ min: 1, max: 10 }), deps: fc.array(fc.nat(), { maxLength: 2 }), shared: fc.integer({ min: 0, max: 2 }) }),
        { minLength: N, maxLength: N + 3 },
      ),
      fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    ),
    { seed, numRuns: 1 },
  )[0];
  const items = specs.map((s, i) =>
    makeItem(`I${i}`, {
      estimate: est3(s.low, s.low + s.spread, s.low + 2 * s.spread),
      must: s.mustRoll === 0,
      value: s.value,
      after: i === 0 ? [] : [...new Set(s.deps.map((d) => `I${d % i}`))],
      ...(SHARED && s.shared === 0 ? { owner: 'p' } : {}),
    }),
  );
  const program = makeProgram({ program: { prioritize: (process.env.METHOD ?? 'value') as 'value' | 'wsjf' }, people: [makePerson('p')], items });
  const base = evaluateScope(program, new Set(), { today, date: today, confidence: 0.85, trials: TRIALS, seed: 1, level: 'auto', schedules: 200 });
  const pr = scopeProblem(program);
  const all = new Set<string>();
  for (const id of pr.deferrable) for (const x of pr.closure.get(id) ?? []) all.add(x);
  const floor = evaluateScope(program, all, { today, date: today, confidence: 0.85, trials: TRIALS, seed: 1, level: 'auto', schedules: 200 });
  const days = floor.quantileDays + frac * (base.quantileDays - floor.quantileDays);
  return { program, by: isoDate(dayNumber(today) + Math.floor(days * 7 / 5)) };
}

export async function run(): Promise<void> {
  const ratios: number[] = [];
  let evals = 0, exEvals = 0, nontrivial = 0, agree = 0, ms = 0;
  for (let r = 0; r < RUNS; r++) {
    const { program, by } = gen(1000 + r);
    const t0 = performance.now();
    const res = planScope(program, { today, by, trials: TRIALS });
    ms += performance.now() - t0;
    evals += res.evaluations;
    const exact = exhaustiveScope(program, { today, date: by, confidence: 0.85, trials: TRIALS, seed: 1, level: 'auto', schedules: 200 });
    const problem = scopeProblem(program);
    const best = exact.value;
    exEvals += exact.sets;
    if ((best >= 0) === res.feasible) agree++;
    if (best >= 0 && res.deferred.length > 0) {
      nontrivial++;
      ratios.push(best === 0 ? 1 : res.valueKept / best);
    }
    console.log(`run ${r}: optional ${problem.optional.length} deferrable ${problem.deferrable.length} feasible ${res.feasible}/${best >= 0} kept ${res.valueKept.toFixed(2)} opt ${best.toFixed(2)} evals ${res.evaluations}`);
  }
  ratios.sort((a, b) => a - b);
  console.log(`method=${process.env.METHOD ?? 'value'} N=${N} trials=${TRIALS} runs=${RUNS} shared=${SHARED}: feasibility agrees ${agree}/${RUNS}; nontrivial ${nontrivial}; ratio mean ${(ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(4)} min ${ratios[0]?.toFixed(4)}; within 2%: ${ratios.filter((x) => x >= 0.98 - 1e-9).length}/${ratios.length}; evals/run ${(evals / RUNS).toFixed(1)} vs exhaustive ${(exEvals / RUNS).toFixed(1)}; ms/run ${(ms / RUNS).toFixed(1)}`);
}
