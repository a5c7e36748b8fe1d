/**
 * Forecast jobs on the PostgreSQL queue: wall time for 20 forecast jobs of the checkout example (10,000 trials each)
 * run by 1 and by 2 `vantage worker` processes (concurrency 1 each), measured from the first submit to the last job
 * done, with the workers already started. Needs a PostgreSQL server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test); it works in a database of its own and drops it. Skipped without a server.
 * Environment: JOBS_BENCH_JOBS (default 20), JOBS_BENCH_TRIALS (default 10000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { importProgram } from '../src/service/programs.js';
import { openStore } from '../src/store/open.js';
import { openJobQueue, type JobQueue } from '../src/server/jobs/queue.js';

const here = dirname(fileURLToPath(import.meta.url));
const fromSources = import.meta.url.endsWith('.ts');
const root = fromSources ? join(here, '..') : join(here, '..', '..');
const mainModule = join(root, 'src/cli/main.ts');

function startWorker(url: string): Promise<ChildProcess> {
  // Compiled: bin/vantage.js, as in production (an `-e` script would pass its flags on to the worker threads).
  const entry = fromSources
    ? ['--import', 'tsx', '--input-type=module', '-e', `const { main } = await import(${JSON.stringify(mainModule)}); process.exitCode = await main(process.argv.slice(1));`, '--']
    : [join(root, 'bin', 'vantage.js')];
  const args = [...entry, 'worker', '--db', url, '--poll', '100'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start within 60 s: ${err}`)), 60_000);
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      if (err.includes('taking forecast jobs')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${err}`)));
  });
}

async function timeJobs(jobs: JobQueue, programId: string, count: number, trials: number): Promise<{ ms: number; workers: Map<string, number> }> {
  const started = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await jobs.submit('forecast', { programId, trials, seed: i + 1, today: '2026-11-25' }, 'bench')).id);
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const all = await Promise.all(ids.map((id) => jobs.get(id)));
    if (all.every((j) => j?.state === 'done' || j?.state === 'failed')) {
      const ms = performance.now() - started;
      const workers = new Map<string, number>();
      for (const j of all) {
        if (j?.state !== 'done') throw new Error(`job ${j?.id} failed: ${j?.error}`);
        const w = j.worker?.split('/')[0] ?? '?';
        workers.set(w, (workers.get(w) ?? 0) + 1);
      }
      return { ms, workers };
    }
    if (Date.now() > deadline) throw new Error('jobs not done within 15 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function run(): Promise<void> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const count = Number(process.env.JOBS_BENCH_JOBS ?? 20);
  const trials = Number(process.env.JOBS_BENCH_TRIALS ?? 10_000);
  const database = `vantage_bench_jobs_${process.pid}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 2_000 });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`skipped: no PostgreSQL at ${base} (${(e as Error).message})`);
    return;
  }
  await admin.query(`CREATE DATABASE ${database}`);
  const u = new URL(base);
  u.pathname = `/${database}`;
  const url = u.toString();
  const store = await openStore({ url });
  const jobs = await openJobQueue(store, { supervise: false });
  try {
    const text = readFileSync(join(root, 'examples', 'checkout.vantage.yaml'), 'utf8');
    const imported = await importProgram(store, { text, file: 'checkout.vantage.yaml' }, { actor: 'bench' });
    if (!imported.ok) throw new Error('checkout did not import');
    console.log(`${count} forecast jobs of checkout x ${trials.toLocaleString('en-US')} trials, PostgreSQL queue, ${fromSources ? 'from sources (trials on the main thread)' : 'compiled (worker threads)'}`);
    for (const n of [1, 2]) {
      const workers = await Promise.all(Array.from({ length: n }, () => startWorker(url)));
      try {
        const { ms, workers: by } = await timeJobs(jobs, imported.program.id, count, trials);
        const split = [...by.values()].sort((a, b) => b - a).join('+');
        console.log(`  ${n} worker${n > 1 ? 's' : ' '}: ${(ms / 1000).toFixed(1)} s wall, ${((count * 1000) / ms).toFixed(2)} jobs/s (jobs per worker ${split})`);
      } finally {
        await Promise.all(
          workers.map(
            (w) =>
              new Promise<void>((resolve) => {
                w.once('exit', () => resolve());
                w.kill('SIGTERM');
              }),
          ),
        );
      }
    }
  } finally {
    await jobs.close();
    await store.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
