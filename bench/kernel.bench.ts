/**
 * Levelling-kernel timings on generated program-like plans: random layered DAGs with ~2 predecessors per activity,
 * 20 resources (14 people of capacity 1, 6 teams of capacity 2-3), durations 1-9 slots, one resource per activity,
 * some lags, releases and pauses. Prints the time of the LFT priority list, the serial SGS, right-justification and
 * one forward-backward pass, per plan size.
 */
import { performance } from 'node:perf_hooks';
import type { Instance } from '../src/engine/rcpsp/instance.js';
import { buildInstance, type ActivitySpec } from '../src/engine/rcpsp/build-instance.js';
import { SgsKernel, priorityOrder } from '../src/engine/rcpsp/sgs.js';
import { createRandom } from '../src/engine/rcpsp/random.js';
import { defaultBudget, searchSchedule } from '../src/engine/rcpsp/search.js';

/** A random program-shaped instance (deterministic for a seed). */
export function generatePlan(n: number, seed: number, opts: { pauses?: boolean } = {}): Instance {
  const rnd = createRandom(seed);
  const resources = 20;
  const capacity = Array.from({ length: resources }, (_, r) => (r < 14 ? 1 : 2 + (r % 2)));
  const layerSize = Math.max(10, Math.round(Math.sqrt(n) * 2));
  const acts: ActivitySpec[] = [];
  for (let j = 0; j < n; j++) {
    const layerStart = Math.floor(j / layerSize) * layerSize;
    const preds: [number, number][] = [];
    if (layerStart > 0) {
      const k = 1 + rnd.int(3);
      const lo = Math.max(0, layerStart - 3 * layerSize);
      const seen = new Set<number>();
      for (let i = 0; i < k; i++) {
        const p = lo + rnd.int(layerStart - lo);
        if (seen.has(p)) continue;
        seen.add(p);
        preds.push([p, rnd.next() < 0.1 ? 1 + rnd.int(3) : 0]);
      }
    }
    const r = rnd.int(resources);
    const spec: ActivitySpec = { duration: 1 + rnd.int(9), preds, demands: [[r, 1]] };
    if (rnd.next() < 0.02) spec.release = rnd.int(Math.ceil(n / 10));
    if (opts.pauses && r < 14 && rnd.next() < 0.3) {
      const from = rnd.int(Math.ceil(n / 4));
      spec.pauses = [from, from + 1 + rnd.int(5)];
    }
    acts.push(spec);
  }
  return buildInstance(acts, capacity);
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

export async function run(): Promise<void> {
  console.log('activities | pauses | LFT list ms | serial SGS ms | justifyRight ms | FBI pair ms | makespan (SGS -> FBI) | heap MB');
  for (const n of [1_000, 10_000, 100_000]) {
    for (const pauses of [false, true]) {
      const inst = generatePlan(n, 42 + n, { pauses });
      const [order, tList] = time(() => priorityOrder(inst, 'lft'));
      const kernel = new SgsKernel(inst);
      // One warm-up on the small sizes so the figures show steady-state code, as the search sees it.
      if (n <= 10_000) kernel.decode(order);
      const [mk, tSgs] = time(() => kernel.decode(order));
      const start = kernel.start.slice();
      const finish = kernel.finish.slice();
      const [, tRight] = time(() => kernel.justifyRight(start, finish, mk));
      const [mk2, tFbi] = time(() => {
        kernel.justifyRight(start, finish, mk);
        return kernel.justifyLeft(kernel.start);
      });
      const heap = process.memoryUsage().heapUsed / 2 ** 20;
      console.log(
        `${String(n).padStart(10)} | ${pauses ? 'yes' : 'no '}    | ${tList.toFixed(1).padStart(11)} | ${tSgs.toFixed(1).padStart(13)} | ${tRight
          .toFixed(1)
          .padStart(15)} | ${tFbi.toFixed(1).padStart(11)} | ${mk} -> ${mk2} | ${heap.toFixed(0)}`,
      );
    }
  }
  console.log('\nsearch (improveSchedule) on the same plans, no pauses: defaultBudget(n), then 20 schedules');
  console.log('activities | budget | schedules used | ms | makespan LFT -> search | lower bound');
  for (const [n, fixed] of [1_000, 10_000, 100_000].flatMap((n) => [[n, false], [n, true]] as const)) {
    const inst = generatePlan(n, 42 + n);
    const budget = fixed ? 20 : defaultBudget(n);
    const kernel = new SgsKernel(inst);
    const lft = kernel.decode(priorityOrder(inst, 'lft'));
    const [result, ms] = time(() => searchSchedule(inst, { schedules: budget, seed: 1 }));
    console.log(`${String(n).padStart(10)} | ${String(budget).padStart(6)} | ${String(result.schedules).padStart(14)} | ${ms.toFixed(0).padStart(5)} | ${lft} -> ${result.solution.makespan} | ${result.lowerBound}`);
  }
}
