/**
 * The job queue on both stores: PGlite in memory always, a real PostgreSQL server through describePg. One suite,
 * written once (queueSuite); what needs several connections (two workers sharing a queue) runs on PostgreSQL only,
 * because a PGlite database has exactly one connection and one owning process.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePg, itPg } from '../../../test/pg.js';
import { importProgram } from '../../service/programs.js';
import { openStore, type Store } from '../../store/open.js';
import { openJobQueue, pruneProgress, type Job, type JobEvent, type JobQueue } from './queue.js';
import { sqlExecutor } from './sql.js';

const CHECKOUT_PATH = 'examples/checkout.vantage.yaml';
const CHECKOUT = readFileSync(CHECKOUT_PATH, 'utf8');
const TODAY = '2026-11-25';

async function withCheckout(store: Store): Promise<string> {
  const r = await importProgram({ db: store.db }, { text: CHECKOUT, file: 'checkout.vantage.yaml' }, { actor: 'test' });
  if (!r.ok) throw new Error('checkout example did not import');
  return r.program.id;
}

/** Resolves when `pred` holds for an event; rejects after `ms` (a bound, not a timing assumption). */
function waitFor(events: JobEvent[], pred: (e: JobEvent) => boolean, ms = 60_000): Promise<JobEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const hit = events.find(pred);
      if (hit) return resolve(hit);
      if (Date.now() - started > ms) return reject(new Error(`no such event within ${ms} ms: ${JSON.stringify(events.slice(-5))}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

function queueSuite(name: string, open: () => Promise<Store | undefined>): void {
  describe(`job queue on ${name}`, () => {
    let store: Store | undefined;
    let jobs: JobQueue;
    let programId: string;

    beforeAll(async () => {
      store = await open();
      if (!store) return;
      jobs = await openJobQueue(store);
      programId = await withCheckout(store);
    }, 60_000);
    afterAll(async () => {
      await jobs?.close();
      await store?.close();
    });

    const test = (title: string, body: () => Promise<void>): void => {
      it(title, async (t) => {
        if (!store) return t.skip();
        await body();
      }, 120_000);
    };

    test('a forecast job reports rising progress and stores the same JSON as `vantage forecast --format json`', async () => {
      const events: JobEvent[] = [];
      const { id } = await jobs.submit('forecast', { programId, trials: 400, seed: 7, percentiles: [70], today: TODAY }, 'ana');
      const queued = await jobs.get(id);
      expect(queued).toMatchObject({ state: 'queued', progress: 0, programId, submittedBy: 'ana', attempts: 0 });
      const stop = jobs.work({ concurrency: 1, pollMs: 50, onEvent: (e) => events.push(e) });
      await waitFor(events, (e) => e.type === 'done' && e.id === id);
      await stop();
      const progress = events.filter((e): e is Extract<JobEvent, { type: 'progress' }> => e.type === 'progress' && e.id === id).map((e) => e.progress);
      expect(progress.length).toBe(20);
      for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
      expect(progress.at(-1)).toBe(1);
      const job = (await jobs.get(id)) as Job;
      expect(job.state).toBe('done');
      expect(job.progress).toBe(1);
      expect(job.attempts).toBe(1);
      expect(job.startedAt! >= job.createdAt).toBe(true);
      expect(job.finishedAt! >= job.startedAt!).toBe(true);
      // Loaded here: the CLI registers every command, which the other tests do not need.
      const { runCli } = await import('../../../test/cli.js');
      const cli = await runCli(['forecast', CHECKOUT_PATH, '--today', TODAY, '--format', 'json', '--seed', '7', '--trials', '400', '--percentiles', '70', '--threads', '1']);
      expect(cli.code).toBe(0);
      expect(job.result).toEqual(JSON.parse(cli.out));
    });

    test('cancelling a running job stops it at the next checkpoint and frees the worker for the next job', async () => {
      const events: JobEvent[] = [];
      let cancelled: Promise<Job | undefined> | undefined;
      const { id } = await jobs.submit('forecast', { programId, trials: 2000, seed: 1, today: TODAY }, 'ana');
      const stop = jobs.work({
        concurrency: 1,
        pollMs: 50,
        onEvent: (e) => {
          events.push(e);
          // Cancel from inside the run, after its first block: the job is certainly running then.
          if (e.type === 'progress' && e.id === id && !cancelled) cancelled = jobs.cancel(id);
        },
      });
      await waitFor(events, (e) => e.type === 'cancelled' && e.id === id);
      expect((await cancelled)?.state).toBe('cancelled');
      const job = (await jobs.get(id)) as Job;
      expect(job.state).toBe('cancelled');
      expect(job.progress).toBeLessThan(1);
      expect(job.result).toBeUndefined();
      expect(events.some((e) => e.type === 'done' && e.id === id)).toBe(false);
      const next = await jobs.submit('forecast', { programId, trials: 100, seed: 2, today: TODAY }, 'ana');
      await waitFor(events, (e) => e.type === 'done' && e.id === next.id);
      await stop();
      expect((await jobs.get(next.id))?.state).toBe('done');
    });

    test('a queued job that is cancelled never runs; a finished job cannot be cancelled', async () => {
      const { id } = await jobs.submit('forecast', { programId, trials: 100, seed: 1, today: TODAY }, 'ana');
      expect((await jobs.cancel(id))?.state).toBe('cancelled');
      const events: JobEvent[] = [];
      const stop = jobs.work({ concurrency: 1, pollMs: 50, onEvent: (e) => events.push(e) });
      const probe = await jobs.submit('forecast', { programId, trials: 50, seed: 1, today: TODAY }, 'ana');
      await waitFor(events, (e) => e.type === 'done' && e.id === probe.id);
      await stop();
      expect(events.some((e) => 'id' in e && e.id === id)).toBe(false);
      expect(await jobs.get(id)).toMatchObject({ state: 'cancelled', attempts: 0 });
      expect((await jobs.cancel(probe.id))?.state).toBe('done');
    });

    test('a job that cannot run fails with a readable error', async () => {
      const events: JobEvent[] = [];
      const { id } = await jobs.submit('forecast', { programId: 'no-such-program', trials: 100, seed: 1, today: TODAY }, 'ana');
      const stop = jobs.work({ concurrency: 1, pollMs: 50, onEvent: (e) => events.push(e) });
      await waitFor(events, (e) => e.type === 'failed' && e.id === id);
      await stop();
      const job = (await jobs.get(id)) as Job;
      expect(job.state).toBe('failed');
      expect(job.error).toBe("program 'no-such-program' is no longer in the store (deleted after the job was submitted?)");
      expect(job.result).toBeUndefined();
    });

    test('stopping a worker mid-job re-queues the job, and the next worker runs it to the end', async () => {
      const events: JobEvent[] = [];
      let stopping: Promise<void> | undefined;
      const { id } = await jobs.submit('forecast', { programId, trials: 2000, seed: 3, today: TODAY }, 'ana');
      const stop = jobs.work({
        concurrency: 1,
        pollMs: 50,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'progress' && e.id === id) stopping ??= stop();
        },
      });
      await waitFor(events, (e) => e.type === 'requeued' && e.id === id);
      await stopping;
      expect(await jobs.get(id)).toMatchObject({ state: 'queued', progress: 0, attempts: 1 });
      const again: JobEvent[] = [];
      const stop2 = jobs.work({ concurrency: 1, pollMs: 50, onEvent: (e) => again.push(e) });
      await waitFor(again, (e) => e.type === 'done' && e.id === id);
      await stop2();
      expect(await jobs.get(id)).toMatchObject({ state: 'done', progress: 1, attempts: 2 });
    });

    test('pruning drops progress rows of jobs pg-boss no longer has, and keeps the rest', async () => {
      const { id } = await jobs.submit('forecast', { programId, trials: 10, seed: 1, today: TODAY }, 'ana');
      const orphan = '11111111-1111-4111-8111-111111111111';
      const sql = sqlExecutor(store!);
      await sql.executeSql(`INSERT INTO job_progress (job_id, kind, program_id, submitted_by, created_at) VALUES ($1, 'forecast', 'x', 'ana', now() - interval '9 days')`, [orphan]);
      await sql.executeSql(`UPDATE job_progress SET created_at = now() - interval '9 days' WHERE job_id = $1`, [id]);
      expect(await pruneProgress(sql)).toBe(1);
      const left = await sql.executeSql('SELECT job_id FROM job_progress WHERE job_id IN ($1, $2)', [id, orphan]);
      expect(left.rows.map((r) => r.job_id)).toEqual([id]);
      await jobs.cancel(id);
    });

    test('unknown and malformed ids are not found', async () => {
      expect(await jobs.get('not-a-uuid')).toBeUndefined();
      expect(await jobs.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await jobs.cancel("x'; drop table job_progress; --")).toBeUndefined();
    });
  });
}

queueSuite('PGlite', () => openStore({ dataDir: 'memory://' }));

describePg('job queue on PostgreSQL', (ctx) => {
  queueSuite('PostgreSQL', async () => (ctx.url() === '' ? undefined : openStore({ url: ctx.url() })));

  itPg('two workers on separate connections share six jobs, and none runs twice', ctx, async (url) => {
    const stores = [await openStore({ url }), await openStore({ url })];
    const [a, b] = [await openJobQueue(stores[0]), await openJobQueue(stores[1])];
    try {
      const programId = await withCheckout(stores[0]);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await a.submit('forecast', { programId, trials: 1500, seed: i, today: TODAY }, 'ana')).id);
      const events: JobEvent[] = [];
      const stops = [a.work({ concurrency: 1, pollMs: 20, name: 'A', onEvent: (e) => events.push(e) }), b.work({ concurrency: 1, pollMs: 20, name: 'B', onEvent: (e) => events.push(e) })];
      for (const id of ids) await waitFor(events, (e) => e.type === 'done' && e.id === id, 120_000);
      await Promise.all(stops.map((s) => s()));
      const done = await Promise.all(ids.map((id) => b.get(id)));
      expect(done.map((j) => j?.state)).toEqual(ids.map(() => 'done'));
      expect(done.map((j) => j?.attempts)).toEqual(ids.map(() => 1));
      expect(events.filter((e) => e.type === 'started').length).toBe(6);
      const byWorker = new Set(done.map((j) => j?.worker?.split('/')[0]));
      expect(byWorker).toEqual(new Set(['A', 'B']));
    } finally {
      await a.close();
      await b.close();
      await Promise.all(stores.map((s) => s.close()));
    }
  }, 180_000);
});
