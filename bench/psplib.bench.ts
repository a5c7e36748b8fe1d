/**
 * PSPLIB benchmark of the RCPSP search (`npm run bench psplib`): average deviation of the best makespan found from
 * the optimum (j30) and from the critical-path lower bound (j60, j90, j120), at 1,000 and 5,000 generated schedules
 * per instance, over the whole sets, with seconds per instance. Instances run in worker threads (two by default, the
 * machine's cores); the engine itself is single-threaded and pure.
 *
 * Environment knobs (for tuning runs): PSPLIB_SETS=j30,j120  PSPLIB_BUDGETS=1000,5000  PSPLIB_SAMPLE=5 (every 5th
 * instance)  PSPLIB_OFFSET=2 (the sample starts at the 3rd instance: validate on other instances than tuned on)
 * PSPLIB_SEED=1  PSPLIB_THREADS=2  PSPLIB_DATA=path/to/psplib.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { parseSm } from '../src/io/psplib/sm.js';
import { instanceFromJobs } from '../src/engine/rcpsp/build-instance.js';
import { parseBoundsCsv, parseOptimumTable } from '../src/io/psplib/solutions.js';
import { searchSchedule, type SearchParams } from '../src/engine/rcpsp/search.js';

type Task = { id: number; path: string; budget: number; seed: number };
type Outcome = { id: number; makespan: number; lowerBound: number; schedules: number; ms: number };

const here = dirname(fileURLToPath(import.meta.url));

function dataRoot(): string | null {
  const candidates = [process.env.PSPLIB_DATA, resolve(here, '../../../shared/benchdata/psplib'), resolve(here, '../../shared/benchdata/psplib')];
  for (const c of candidates) if (c && existsSync(join(c, 'j30'))) return c;
  return null;
}

function solveTask(task: Task): Outcome {
  const { project } = parseSm(readFileSync(task.path, 'utf8'), task.path);
  if (!project) throw new Error(`cannot parse ${task.path}`);
  const { instance } = instanceFromJobs(project);
  const t0 = performance.now();
  // Tuning runs only: PSPLIB_PARAMS is trusted JSON of SearchParams knobs.
  const params = process.env.PSPLIB_PARAMS ? (JSON.parse(process.env.PSPLIB_PARAMS) as Partial<SearchParams>) : undefined;
  const result = searchSchedule(instance, { schedules: task.budget, seed: task.seed, params });
  return { id: task.id, makespan: result.solution.makespan, lowerBound: result.lowerBound, schedules: result.schedules, ms: performance.now() - t0 };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (task: Task | null) => {
    if (task === null) process.exit(0);
    else port.postMessage(solveTask(task));
  });
}

async function runAll(tasks: Task[], threads: number): Promise<Outcome[]> {
  const results: Outcome[] = new Array<Outcome>(tasks.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(threads, tasks.length) }, () => new Worker(fileURLToPath(import.meta.url)));
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolveDone, reject) => {
          const feed = (): void => {
            if (next < tasks.length) w.postMessage(tasks[next++]);
            else {
              w.postMessage(null);
              resolveDone();
            }
          };
          w.on('message', (o: Outcome) => {
            results[o.id] = o;
            feed();
          });
          w.on('error', reject);
          feed();
        }),
    ),
  );
  return results;
}

export async function run(): Promise<void> {
  const root = dataRoot();
  if (!root) {
    console.log('PSPLIB data not found (../shared/benchdata/psplib): skipped');
    return;
  }
  const sets = (process.env.PSPLIB_SETS ?? 'j30,j60,j90,j120').split(',');
  const budgets = (process.env.PSPLIB_BUDGETS ?? '1000,5000').split(',').map(Number);
  const sample = Number(process.env.PSPLIB_SAMPLE ?? 1);
  const offset = Number(process.env.PSPLIB_OFFSET ?? 0);
  const seed = Number(process.env.PSPLIB_SEED ?? 1);
  const threads = Number(process.env.PSPLIB_THREADS ?? 2);
  const optimum = parseOptimumTable(readFileSync(join(root, 'solutions/j30opt.sm'), 'utf8'));
  const bounds = parseBoundsCsv(readFileSync(join(root, 'solutions/psplib_sm_bounds_merged.csv'), 'utf8'));
  console.log(`seed ${seed}, ${threads} worker threads${sample > 1 ? `, every ${sample}th instance from #${offset % sample}` : ''}`);
  console.log('set  | schedules | instances | avg dev % (ref)        | vs best UB % | = ref | s/instance (1 thread) | wall s | sum of makespans');
  for (const set of sets) {
    const names = readdirSync(join(root, set))
      .filter((f) => f.endsWith('.sm'))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .filter((_, i) => i % sample === offset % sample);
    for (const budget of budgets) {
      const tasks: Task[] = names.map((f, id) => ({ id, path: join(root, set, f), budget, seed }));
      const t0 = performance.now();
      const out = await runAll(tasks, threads);
      const wall = (performance.now() - t0) / 1000;
      let dev = 0;
      let devUb = 0;
      let hits = 0;
      let ms = 0;
      let total = 0;
      names.forEach((f, i) => {
        const name = f.replace(/\.sm$/, '');
        const ref = set === 'j30' ? (optimum.get(name) ?? out[i].lowerBound) : out[i].lowerBound;
        const ub = bounds.get(name)?.bestUb ?? ref;
        dev += (out[i].makespan - ref) / ref;
        devUb += (out[i].makespan - ub) / ub;
        if (out[i].makespan === ref) hits++;
        ms += out[i].ms;
        total += out[i].makespan;
      });
      const k = names.length;
      const refName = set === 'j30' ? 'optimum' : 'CPLB';
      console.log(
        `${set.padEnd(4)} | ${String(budget).padStart(9)} | ${String(k).padStart(9)} | ${((100 * dev) / k).toFixed(2).padStart(6)} (${refName.padEnd(7)})       | ${((100 * devUb) / k)
          .toFixed(2)
          .padStart(12)} | ${String(hits).padStart(5)} | ${(ms / k / 1000).toFixed(3).padStart(21)} | ${wall.toFixed(1).padStart(6)} | ${total}`,
      );
    }
  }
}
