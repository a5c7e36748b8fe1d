/**
 * Monte Carlo forecast throughput (issue 4): generated plans of 1,000 and 10,000 items with three-point estimates,
 * dependency-only and resource-constrained (20 resources, levelled in every trial). For each: the model build, the
 * trials in one thread and on worker threads, in trials x items per second. Then the whole `vantage forecast` process
 * on the 10,000-item dependency-only plan with 10,000 trials (start-up, parsing and output included), best of 3.
 * Nothing fails on time; figures vary with the machine's load (check `uptime`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseProgram } from '../src/io/yaml/load.js';
import { compileProgram } from '../src/engine/network.js';
import { buildForecastModel } from '../src/engine/forecast/model.js';
import { runTrials } from '../src/engine/forecast/trials.js';
import { runTrialsInParallel } from '../src/cli/forecast-pool.js';
import { generatePlan } from './gen-plan.js';

const TODAY = '2027-01-01';
const BIN = fileURLToPath(new URL('../../bin/vantage.js', import.meta.url));

type Case = { items: number; resources: boolean; trials: number };

const CASES: Case[] = [
  { items: 1000, resources: false, trials: 10_000 },
  { items: 10_000, resources: false, trials: 10_000 },
  { items: 1000, resources: true, trials: 10_000 },
  { items: 10_000, resources: true, trials: 400 },
];

const rate = (cells: number, ms: number): string => `${((cells / ms) * 1000 / 1e6).toFixed(1)} M trial-items/s`;

export async function run(): Promise<void> {
  const threads = availableParallelism();
  console.log(`Monte Carlo forecast: trials x items per second (one thread, and ${threads} worker threads)`);
  console.log('items   resources  levelled  trials   model    1 thread                          workers');
  for (const c of CASES) {
    const text = generatePlan({ items: c.items, seed: 1, resources: c.resources, threePoint: true });
    const program = parseProgram(text, 'bench.json').program!;
    const net = compileProgram(program, { today: TODAY });
    const t0 = performance.now();
    const info = buildForecastModel(net);
    const tModel = performance.now() - t0;
    const single = Math.max(50, Math.min(c.trials, Math.round(2e7 / c.items / (info.model.levelled ? 10 : 1))));
    const t1 = performance.now();
    runTrials(info.model, 0, single, 1);
    const tSingle = performance.now() - t1;
    const t2 = performance.now();
    await runTrialsInParallel(info.model, { trials: c.trials, seed: 1, threads, minParallelWork: 0 });
    const tPool = performance.now() - t2;
    console.log(
      `${String(c.items).padEnd(7)} ${String(c.resources).padEnd(10)} ${String(info.model.levelled).padEnd(9)} ${String(c.trials).padEnd(8)} ` +
        `${tModel.toFixed(0).padStart(5)} ms ${rate(single * c.items, tSingle).padEnd(22)} (${String(single).padStart(5)} trials) ` +
        `${rate(c.trials * c.items, tPool)} (${(tPool / 1000).toFixed(2)} s)`,
    );
  }

  // The whole process, as a user runs it.
  const dir = mkdtempSync(join(tmpdir(), 'vantage-forecast-bench-'));
  try {
    const file = join(dir, 'plan.json');
    writeFileSync(file, generatePlan({ items: 10_000, seed: 1, resources: false, threePoint: true }));
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, [BIN, 'forecast', file, '--trials', '10000', '--today', TODAY, '--format', 'json'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      times.push(performance.now() - t);
      if (r.status !== 0) {
        console.log(`vantage forecast failed (exit ${r.status}): ${String(r.stderr).slice(0, 400)}`);
        return;
      }
    }
    console.log(
      `whole process: vantage forecast <10,000 items> --trials 10000: best ${(Math.min(...times) / 1000).toFixed(2)} s ` +
        `(runs ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s; target < 3 s)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
