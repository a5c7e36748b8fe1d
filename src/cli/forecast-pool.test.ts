import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { est3, makeItem, makePerson, makeProgram } from '../model/builders.js';
import { compileProgram } from '../engine/network.js';
import { buildForecastModel } from '../engine/forecast/model.js';
import { runTrials } from '../engine/forecast/trials.js';
import { createProgress, runTrialsInParallel, startPool, workerScript } from './forecast-pool.js';

const program = makeProgram({
  items: Array.from({ length: 40 }, (_, i) =>
    makeItem(`t${i}`, {
      estimate: est3(1, 2 + (i % 3), 6 + (i % 5), i % 2 ? 'pert' : 'triangular'),
      after: i >= 4 ? [`t${i - 4}`, `t${i - 3}`] : [],
      owner: i % 7 === 0 ? 'cy' : undefined,
    }),
  ),
  people: [makePerson('cy')],
  risks: [{ id: 'R', kind: 'risk', title: 'R', probability: 0.3, impact: { days: 2, items: ['t5'] }, status: 'open' }],
});
const model = buildForecastModel(compileProgram(program, { today: '2027-01-01' })).model;

describe('runTrialsInParallel', () => {
  it('from sources (no compiled worker) runs the same ranges in this thread and merges them in order', async () => {
    expect(workerScript()).toBeNull();
    let last = 0;
    const split = await runTrialsInParallel(model, { trials: 700, seed: 3, threads: 3, progress: (d) => (last = d) });
    expect(split).toEqual(runTrials(model, 0, 700, 3));
    expect(last).toBe(700);
  });

  const compiled = new URL('../../dist/src/cli/forecast-worker.js', import.meta.url);
  const haveCompiled = existsSync(fileURLToPath(compiled));
  if (!haveCompiled) console.warn('forecast-pool.test: dist/ is not built (npm run build); skipping the worker-thread test');
  (haveCompiled ? it : it.skip)('on compiled worker threads, gives the same trials for 2 and 3 threads', async () => {
    const options = { trials: 900, seed: 8, workerUrl: compiled, minParallelWork: 0 };
    const two = await runTrialsInParallel(model, { ...options, threads: 2 });
    const three = await runTrialsInParallel(model, { ...options, threads: 3 });
    expect(three).toEqual(two);
    expect(two.to).toBe(900);
  });

  (haveCompiled ? it : it.skip)('a pool serves many runs without piling up listeners (no MaxListeners warning)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    const pool = startPool(2, compiled)!;
    try {
      const first = await runTrialsInParallel(model, { trials: 200, seed: 4, pool, minParallelWork: 0 });
      for (let i = 0; i < 14; i++) expect(await runTrialsInParallel(model, { trials: 200, seed: 4, pool, minParallelWork: 0 })).toEqual(first);
    } finally {
      await pool.close();
      process.off('warning', onWarning);
    }
    await new Promise((r) => setTimeout(r, 10)); // warnings are emitted on the next tick
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});

describe('createProgress', () => {
  it('stays quiet on short runs, then rewrites one line per percent, and clears it', () => {
    let clock = 0;
    const out: string[] = [];
    const p = createProgress((t) => out.push(t), 10_000, () => clock, 1000);
    p.update(256);
    clock = 999;
    p.update(512);
    expect(out).toEqual([]);
    clock = 1000;
    p.update(4200);
    p.update(4210);
    p.update(10_000);
    p.done();
    expect(out).toEqual(['\rforecast: 42% (4,200 of 10,000 trials)', '\rforecast: 100% (10,000 of 10,000 trials)', '\r\u001b[K']);
    const quiet: string[] = [];
    const q = createProgress((t) => quiet.push(t), 10, () => 0, 1000);
    q.update(10);
    q.done();
    expect(quiet).toEqual([]);
  });
});
