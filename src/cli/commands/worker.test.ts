/**
 * `vantage worker`: usage and environment errors in-process; a worker on an embedded store folder running a job;
 * and a real worker process on PostgreSQL stopped with SIGTERM in the middle of a job, which must exit 0 and leave
 * the job re-queued (never stuck running), so that another worker finishes it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';
import { describePg, itPg } from '../../../test/pg.js';
import { importProgram } from '../../service/programs.js';
import { openStore, type Store } from '../../store/open.js';
import { openJobQueue, type Job, type JobEvent } from '../../server/jobs/queue.js';
import { runWorker } from './worker.js';

const CHECKOUT = readFileSync('examples/checkout.vantage.yaml', 'utf8');
const TODAY = '2026-11-25';

async function importCheckout(store: Store): Promise<string> {
  const r = await importProgram(store, { text: CHECKOUT, file: 'checkout.vantage.yaml' }, { actor: 'test' });
  if (!r.ok) throw new Error('the checkout example did not import');
  return r.program.id;
}

/** Polls `probe` every 50 ms until it gives a value; fails after `ms` (a bound, not a timing assumption). */
async function eventually<T>(probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() - started > ms) throw new Error(`nothing within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('vantage worker', () => {
  it('rejects a bad --concurrency and both --data and --db (exit 2)', async () => {
    const a = await runCli(['worker', '--data', 'memory://', '--concurrency', '0']);
    expect(a.code).toBe(2);
    expect(a.err).toBe("vantage: --concurrency must be a whole number from 1 to 64, not '0'\n");
    const b = await runCli(['worker', '--data', 'x', '--db', 'postgres://x@127.0.0.1/y']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('give --data or --db, not both');
  });

  it('reports an unreachable database as an environment error (exit 3), in one line', async () => {
    const r = await runCli(['worker', '--db', 'postgres://nobody@127.0.0.1:1/none']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^vantage: cannot reach PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none: .+\n$/);
  });

  it('runs the queued jobs of an embedded store folder and stops cleanly when told to', async () => {
    const { dir } = scratch('vantage-worker-');
    const data = join(dir, 'data');
    const store = await openStore({ dataDir: data });
    const jobs = await openJobQueue(store, { supervise: false });
    const programId = await importCheckout(store);
    const { id } = await jobs.submit('forecast', { programId, trials: 200, seed: 4, today: TODAY }, 'ana');
    await jobs.close();
    await store.close();

    let err = '';
    let release: () => void = () => undefined;
    const stopped = new Promise<void>((r) => (release = r));
    const output = {
      out: () => undefined,
      err: (t: string) => {
        err += t;
        if (err.includes(`job ${id} done`)) release();
      },
      isTTY: false,
    };
    await runWorker({ location: { dataDir: data }, concurrency: 2, pollMs: 50, output, until: () => stopped });
    expect(err).toContain(`worker: taking forecast jobs from ${data}, 2 at a time`);
    expect(err).toMatch(new RegExp(`worker: job ${id} started .*\\nworker: job ${id} done in \\d+\\.\\d s\\n`));
    expect(err.endsWith('worker: stopped\n')).toBe(true);

    const again = await openStore({ dataDir: data });
    try {
      const q = await openJobQueue(again, { supervise: false });
      expect(await q.get(id)).toMatchObject({ state: 'done', progress: 1, attempts: 1 });
      await q.close();
    } finally {
      await again.close();
    }
  }, 120_000);
});

describePg('vantage worker on PostgreSQL', (ctx) => {
  itPg('a worker process stopped with SIGTERM mid-job exits 0 and leaves the job re-queued, and another worker takes it up', ctx, async (url) => {
    const store = await openStore({ url });
    const jobs = await openJobQueue(store);
    try {
      const programId = await importCheckout(store);
      // Long enough that the signal lands mid-job: the worker stops within one 5% block of it.
      const { id } = await jobs.submit('forecast', { programId, trials: 100_000, seed: 9, today: TODAY }, 'ana');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', "const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));", '--', 'worker', '--db', url, '--poll', '100'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const running = await eventually(async () => {
          const j = await jobs.get(id);
          return j && j.state === 'running' && j.progress > 0 ? j : undefined;
        }, 90_000);
        expect(running.attempts).toBe(1);
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
      expect(err).toContain(`worker: job ${id} re-queued (shutting down)`);
      expect(err).toContain('worker: stopped');
      const after = (await jobs.get(id)) as Job;
      expect(after).toMatchObject({ state: 'queued', progress: 0, attempts: 1 });
      expect(after.startedAt).toBeUndefined();

      // Another worker takes it up again from the start; cancelled there, to keep the test short.
      const events: JobEvent[] = [];
      const stop = jobs.work({
        concurrency: 1,
        pollMs: 50,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'progress' && e.id === id) void jobs.cancel(id);
        },
      });
      await eventually(async () => (events.some((e) => e.type === 'cancelled' && e.id === id) ? true : undefined));
      await stop();
      expect(await jobs.get(id)).toMatchObject({ state: 'cancelled', attempts: 2 });
    } finally {
      await jobs.close();
      await store.close();
    }
  }, 180_000);
});
