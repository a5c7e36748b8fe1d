/**
 * Scratch tuning harness (not a bench): node dist/bench/psplib-tune.js
 * TUNE_CONFIGS='[{}, {"nsProb":0.4}]' TUNE_SEEDS=1,2 TUNE_RS=1,2 (RS classes 1..5 = 0.1..0.5) TUNE_BUDGET=5000
 * Prints per config and seed the mean deviation from the CP bound over the chosen instances, its contribution to
 * the whole-set j120 average (sum / 600), and the mean share of the budget used when the best was found.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve, dirname } from 'node:path';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { parseSm } from '../src/io/psplib/sm.js';
import { instanceFromJobs } from '../src/engine/rcpsp/build-instance.js';
import { searchSchedule, type SearchParams } from '../src/engine/rcpsp/search.js';

type Task = { id: number; path: string; budget: number; seed: number; params: Partial<SearchParams> };
type Outcome = { id: number; makespan: number; lowerBound: number; foundAt: number; schedules: number };

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../shared/benchdata/psplib');

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (task: Task | null) => {
    if (task === null) process.exit(0);
    const { project } = parseSm(readFileSync(task.path, 'utf8'), task.path);
    const { instance } = instanceFromJobs(project!);
    const r = searchSchedule(instance, { schedules: task.budget, seed: task.seed, params: task.params });
    port.postMessage({ id: task.id, makespan: r.solution.makespan, lowerBound: r.lowerBound, foundAt: r.foundAt, schedules: r.schedules });
  });
} else {
  const configs = JSON.parse(process.env.TUNE_CONFIGS ?? '[{}]') as Partial<SearchParams>[];
  const seeds = (process.env.TUNE_SEEDS ?? '1').split(',').map(Number);
  const rs = new Set((process.env.TUNE_RS ?? '1,2').split(',').map(Number));
  const budget = Number(process.env.TUNE_BUDGET ?? 5000);
  const set = process.env.TUNE_SET ?? 'j120';
  const threads = Number(process.env.TUNE_THREADS ?? 2);
  const names = readdirSync(join(root, set))
    .filter((f) => f.endsWith('.sm'))
    .filter((f) => {
      const param = Number(f.slice(set.length).split('_')[0]);
      return rs.has(((param - 1) % 5) + 1);
    })
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const total = readdirSync(join(root, set)).filter((f) => f.endsWith('.sm')).length;
  const tasks: Task[] = [];
  for (let c = 0; c < configs.length; c++)
    for (const seed of seeds) for (const f of names) tasks.push({ id: tasks.length, path: join(root, set, f), budget, seed, params: configs[c] });
  const results: Outcome[] = new Array<Outcome>(tasks.length);
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: threads }, () => {
      const w = new Worker(fileURLToPath(import.meta.url));
      return new Promise<void>((done) => {
        const feed = (): void => {
          if (next < tasks.length) w.postMessage(tasks[next++]);
          else {
            w.postMessage(null);
            done();
          }
        };
        w.on('message', (o: Outcome) => {
          results[o.id] = o;
          feed();
        });
        feed();
      });
    }),
  );
  const bestUb = new Map<string, number>();
  for (const line of readFileSync(join(root, 'solutions/psplib_sm_bounds_merged.csv'), 'utf8').split('\n').slice(1)) {
    const cols = line.split(',');
    if (cols.length > 11) bestUb.set(cols[1], Number(cols[11]));
  }
  let k = 0;
  const base: number[] = [];
  // TUNE_BASE: an earlier TUNE_OUT (same instances and seeds) whose first config is the reference for the pairing.
  if (process.env.TUNE_BASE) {
    const ref = JSON.parse(readFileSync(process.env.TUNE_BASE, 'utf8')) as { seeds: number[]; results: Outcome[] };
    let dev = 0;
    for (let i = 0; i < seeds.length * names.length; i++) {
      const o = ref.results[ref.seeds.indexOf(seeds[Math.floor(i / names.length)]) * names.length + (i % names.length)];
      base.push(o.makespan);
      dev += (o.makespan - o.lowerBound) / o.lowerBound;
    }
    console.log(`base ${process.env.TUNE_BASE}: mean ${((100 * dev) / names.length / seeds.length).toFixed(3)}%`);
  }
  const paired = base.length > 0;
  for (let c = 0; c < configs.length; c++) {
    const perSeed: string[] = [];
    let sumAll = 0;
    for (let s = 0; s < seeds.length; s++) {
      let dev = 0;
      let found = 0;
      let gap = 0;
      for (let i = 0; i < names.length; i++, k++) {
        const o = results[k];
        dev += (o.makespan - o.lowerBound) / o.lowerBound;
        found += o.foundAt / budget;
        const ub = bestUb.get(names[i].replace(/\.sm$/, '')) ?? o.makespan;
        gap += (o.makespan - ub) / ub;
        if (c === 0 && !paired) base.push(o.makespan);
      }
      sumAll += dev;
      perSeed.push(`${((100 * dev) / names.length).toFixed(2)}% (whole-set share ${((100 * dev) / total).toFixed(2)}, found at ${((100 * found) / names.length).toFixed(0)}%, above best UB ${((100 * gap) / names.length).toFixed(2)}%)`);
    }
    // Paired with config 0: instances better / worse over all seeds.
    let better = 0;
    let worse = 0;
    if (c > 0 || paired) {
      const startK = k - seeds.length * names.length;
      for (let i = 0; i < seeds.length * names.length; i++) {
        const d = results[startK + i].makespan - base[i];
        if (d < 0) better++;
        else if (d > 0) worse++;
      }
    }
    console.log(
      `${JSON.stringify(configs[c])}: mean ${((100 * sumAll) / names.length / seeds.length).toFixed(3)}% | share ${((100 * sumAll) / total / seeds.length).toFixed(3)} | ${perSeed.join(' | ')}${c > 0 || paired ? ` | vs #0 better ${better} worse ${worse}` : ''}`,
    );
  }
  if (process.env.TUNE_OUT) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.TUNE_OUT, JSON.stringify({ names, seeds, configs, results }));
  }
  console.log(`${names.length} instances x ${seeds.length} seeds x ${configs.length} configs, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
