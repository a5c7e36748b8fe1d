/**
 * Long forecasts as background jobs on a queue kept in PostgreSQL (pg-boss 10), on the embedded store (PGlite) and on
 * a PostgreSQL server alike: pg-boss runs over the store's own connection (./sql.ts).
 *
 * - pg-boss keeps each job's state, payload and result (its `output`); the `job_progress` table (migration 0020-jobs)
 *   keeps its program and submitter (for access checks), its progress (0..1, every ~5%) and which worker ran it.
 * - Workers take jobs with pg-boss's `fetch` (FOR UPDATE SKIP LOCKED), so any number of `work()` loops, in any number
 *   of processes on one PostgreSQL, share the queue and no job runs twice at once. A job is tried once (retryLimit 0):
 *   a forecast that failed fails again with the same input.
 * - Cancel: `cancel(id)` marks the job cancelled in pg-boss; a running job sees it at its next checkpoint (between
 *   blocks of ~5% of the trials) and its worker takes the next job.
 * - Shutdown: `stop()` of a work loop stops taking jobs and interrupts a running job at its next checkpoint; that job
 *   is RE-QUEUED (state back to queued, progress 0), so another worker or the next start runs it from the beginning
 *   (same seed, same result). A worker killed outright (SIGKILL) leaves its job running until pg-boss's supervisor
 *   expires it (EXPIRE_SECONDS), which then marks it failed.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import PgBoss from 'pg-boss';
import { defaultThreads } from '../../cli/forecast-pool.js';
import type { Store } from '../../store/open.js';
import { JobInputError, runForecastJob, type ForecastPayload } from './forecast-job.js';
import { sqlExecutor, type SqlExecutor } from './sql.js';

export type { ForecastPayload } from './forecast-job.js';

export type JobKind = 'forecast';
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A job as the API shows it. Times are ISO instants; `result` is there when done, `error` when failed. */
export type Job = {
  id: string;
  kind: JobKind;
  programId: string;
  submittedBy: string;
  state: JobState;
  /** 0..1; 1 when done. */
  progress: number;
  payload: ForecastPayload;
  result?: unknown;
  error?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** How many times a worker started it (more than 1 only after a re-queue). */
  attempts: number;
  /** The worker that ran it last, e.g. "host:1234:ab12cd34/0". */
  worker?: string;
};

/** What a work loop reports, for logs. */
export type JobEvent =
  | { type: 'started'; id: string; worker: string }
  | { type: 'progress'; id: string; progress: number }
  | { type: 'done'; id: string; ms: number }
  | { type: 'failed'; id: string; error: string }
  | { type: 'cancelled'; id: string }
  | { type: 'requeued'; id: string }
  | { type: 'error'; message: string };

export type WorkOptions = {
  /** Jobs run at once by this loop (>= 1). */
  concurrency: number;
  /** How often an idle slot asks the queue for a job, in milliseconds (default 1000). A local submit wakes it at once. */
  pollMs?: number;
  /** Worker threads per running job, started per job (default: the machine's parallelism / concurrency, at least 2). */
  threads?: number;
  /** A name for this loop in `Job.worker` (default host:pid:random). */
  name?: string;
  onEvent?: (event: JobEvent) => void;
};

export type JobQueue = {
  /** Queues a job and returns its id (a UUID). */
  submit(kind: JobKind, payload: ForecastPayload, by: string): Promise<{ id: string }>;
  /** The job, or undefined when there is no such job (an id that is not a UUID included). */
  get(id: string): Promise<Job | undefined>;
  /** Cancels a queued or running job (a finished one is left as it is) and returns it as it is now. */
  cancel(id: string): Promise<Job | undefined>;
  /** Starts taking jobs; the returned function stops taking them, re-queues the running ones and resolves when idle. */
  work(options: WorkOptions): () => Promise<void>;
  /** Stops every work loop (re-queuing running jobs) and pg-boss. The store stays open: its opener closes it. */
  close(): Promise<void>;
  /** The same as close(), under the name the app's graceful shutdown calls. */
  stop(options?: { graceful?: boolean }): Promise<void>;
};

/** The pg-boss queue of forecast jobs. */
export const FORECAST_QUEUE = 'vantage-forecast';

/** A running job not finished after this long is failed by pg-boss's supervisor (its worker died). */
export const EXPIRE_SECONDS = 4 * 3600;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown from a checkpoint to stop a running job; never leaves this module. */
class Interrupted extends Error {
  constructor(readonly reason: 'cancelled' | 'shutdown') {
    super(reason);
  }
}

type ProgressRow = {
  job_id: string;
  kind: string;
  program_id: string;
  submitted_by: string;
  progress: number | string;
  worker: string | null;
  attempts: number | string;
};

/**
 * Opens the job queue on an open store (installing pg-boss's schema on first use). `supervise` (default true) runs
 * pg-boss's maintenance (expiring jobs of dead workers, archiving) in this process; several processes may.
 * Example: `const jobs = await openJobQueue(store); const { id } = await jobs.submit('forecast', payload, 'ana');`.
 */
export async function openJobQueue(store: Store, options: { supervise?: boolean } = {}): Promise<JobQueue> {
  const sql = sqlExecutor(store);
  const boss = new PgBoss({ db: sql as PgBoss.Db, supervise: options.supervise ?? true, schedule: false, migrate: true });
  const listeners = new Set<(event: JobEvent) => void>();
  const emit = (event: JobEvent): void => listeners.forEach((f) => f(event));
  // An 'error' event without a listener would throw; pg-boss reports maintenance failures here.
  boss.on('error', (e: Error) => emit({ type: 'error', message: e.message }));
  await boss.start();
  if (!(await boss.getQueue(FORECAST_QUEUE))) {
    try {
      await boss.createQueue(FORECAST_QUEUE, { name: FORECAST_QUEUE, retryLimit: 0, expireInSeconds: EXPIRE_SECONDS });
    } catch (e) {
      // Another process created it in the meantime.
      if (!(await boss.getQueue(FORECAST_QUEUE))) throw e;
    }
  }
  if (options.supervise ?? true) await pruneProgress(sql);
  const wakers = new Set<() => void>();
  const stops = new Set<() => Promise<void>>();
  let closed = false;

  async function get(id: string): Promise<Job | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await sql.executeSql('SELECT * FROM job_progress WHERE job_id = $1', [id]);
    const row = rows[0] as ProgressRow | undefined;
    if (!row) return undefined;
    const job = await boss.getJobById<ForecastPayload>(FORECAST_QUEUE, id, { includeArchive: true });
    if (!job) return undefined;
    return toJob(row, job);
  }

  const queue: JobQueue = {
    async submit(kind, payload, by) {
      if (closed) throw new Error('the job queue is closed');
      const id = randomUUID();
      await sql.executeSql('INSERT INTO job_progress (job_id, kind, program_id, submitted_by) VALUES ($1, $2, $3, $4)', [id, kind, payload.programId, by]);
      try {
        await boss.send(FORECAST_QUEUE, payload, { id, retryLimit: 0, expireInSeconds: EXPIRE_SECONDS });
      } catch (e) {
        await sql.executeSql('DELETE FROM job_progress WHERE job_id = $1', [id]).catch(() => undefined);
        throw e;
      }
      wakers.forEach((wake) => wake());
      return { id };
    },
    get,
    async cancel(id) {
      const job = await get(id);
      if (!job) return undefined;
      if (job.state === 'queued' || job.state === 'running') await boss.cancel(FORECAST_QUEUE, id);
      return get(id);
    },
    work(options) {
      const stop = workLoop(store, sql, boss, options, wakers, (f) => {
        listeners.add(f);
        return () => listeners.delete(f);
      });
      stops.add(stop);
      return async () => {
        stops.delete(stop);
        await stop();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...stops].map((stop) => stop()));
      stops.clear();
      await boss.stop({ graceful: false, close: false, wait: true });
    },
    stop() {
      return queue.close();
    },
  };
  return queue;
}

/**
 * Deletes the progress rows of jobs pg-boss no longer has (it deletes archived jobs after 7 days), so the table does
 * not grow for ever. Rows younger than a day are kept: a submit writes its row just before pg-boss's.
 */
export async function pruneProgress(sql: SqlExecutor): Promise<number> {
  const { rows } = await sql.executeSql(
    `WITH gone AS (
       DELETE FROM job_progress p
       WHERE p.created_at < now() - interval '1 day'
         AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = $1 AND j.id::text = p.job_id)
         AND NOT EXISTS (SELECT 1 FROM pgboss.archive a WHERE a.name = $1 AND a.id::text = p.job_id)
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [FORECAST_QUEUE],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Runs `options.concurrency` slots that fetch and run jobs until the returned stop function is called. */
function workLoop(
  store: Store,
  sql: SqlExecutor,
  boss: PgBoss,
  options: WorkOptions,
  wakers: Set<() => void>,
  listen: (f: (event: JobEvent) => void) => () => void,
): () => Promise<void> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const pollMs = options.pollMs ?? 1000;
  const threads = options.threads ?? Math.max(2, Math.floor(defaultThreads() / concurrency));
  const name = options.name ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const emit = (event: JobEvent): void => options.onEvent?.(event);
  const unlisten = listen((event) => emit(event));
  const shutdown = new AbortController();
  const sleeping = new Set<() => void>();
  const wake = (): void => [...sleeping].forEach((f) => f());
  wakers.add(wake);

  const nap = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        sleeping.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleeping.add(done);
    });

  async function slot(k: number): Promise<void> {
    while (!shutdown.signal.aborted) {
      let job: PgBoss.Job<ForecastPayload> | undefined;
      try {
        [job] = await boss.fetch<ForecastPayload>(FORECAST_QUEUE, { batchSize: 1 });
      } catch (e) {
        emit({ type: 'error', message: `cannot fetch a job: ${(e as Error).message}` });
      }
      if (!job) {
        await nap(pollMs);
        continue;
      }
      await runJob(job, `${name}/${k}`);
    }
  }

  async function runJob(job: PgBoss.Job<ForecastPayload>, worker: string): Promise<void> {
    const id = job.id;
    const started = Date.now();
    try {
      await sql.executeSql('UPDATE job_progress SET progress = 0, worker = $2, attempts = attempts + 1, updated_at = now() WHERE job_id = $1', [id, worker]);
      emit({ type: 'started', id, worker });
      const result = await runForecastJob(store, job.data, {
        threads,
        checkpoint: async (fraction) => {
          if (shutdown.signal.aborted) throw new Interrupted('shutdown');
          if (fraction > 0) {
            await sql.executeSql('UPDATE job_progress SET progress = $2, updated_at = now() WHERE job_id = $1', [id, fraction]);
            emit({ type: 'progress', id, progress: fraction });
          }
          const now = await boss.getJobById(FORECAST_QUEUE, id);
          if (now?.state !== 'active') throw new Interrupted('cancelled');
        },
      });
      // Completes only a job still active: a cancel that came after the last checkpoint wins.
      await boss.complete(FORECAST_QUEUE, id, result);
      emit({ type: 'done', id, ms: Date.now() - started });
    } catch (e) {
      if (e instanceof Interrupted && e.reason === 'cancelled') {
        emit({ type: 'cancelled', id });
      } else if (e instanceof Interrupted) {
        await requeue(id);
        emit({ type: 'requeued', id });
      } else {
        const message = e instanceof JobInputError ? e.message : `the forecast failed: ${e instanceof Error ? e.message : String(e)}`;
        await boss.fail(FORECAST_QUEUE, id, { message }).catch((f: Error) => emit({ type: 'error', message: `cannot mark job ${id} failed: ${f.message}` }));
        emit({ type: 'failed', id, error: message });
      }
    }
  }

  /** Back to queued, from the start. One statement on pg-boss's table: pg-boss 10 has no "un-fetch" call. */
  async function requeue(id: string): Promise<void> {
    await sql.executeSql(`UPDATE pgboss.job SET state = 'created', started_on = NULL WHERE name = $1 AND id = $2::uuid AND state = 'active'`, [FORECAST_QUEUE, id]);
    await sql.executeSql('UPDATE job_progress SET progress = 0, updated_at = now() WHERE job_id = $1', [id]);
  }

  const slots = Array.from({ length: concurrency }, (_, k) => slot(k));
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      shutdown.abort();
      wake();
      await Promise.all(slots);
      wakers.delete(wake);
      unlisten();
    })();
    return stopping;
  };
}

const STATES: Record<string, JobState> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  completed: 'done',
  cancelled: 'cancelled',
  failed: 'failed',
};

function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The message of a failed job's output: ours `{message}`, pg-boss's expiry `{value: {message}}`. */
function errorOf(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null | undefined;
  if (typeof o?.message === 'string') return o.message;
  if (typeof o?.value?.message === 'string') return o.value.message;
  return 'the job failed';
}

function toJob(row: ProgressRow, job: PgBoss.JobWithMetadata<ForecastPayload>): Job {
  const state = STATES[job.state] ?? 'failed';
  const out: Job = {
    id: row.job_id,
    kind: 'forecast',
    programId: row.program_id,
    submittedBy: row.submitted_by,
    state,
    progress: state === 'done' ? 1 : Number(row.progress),
    payload: job.data,
    createdAt: iso(job.createdOn) ?? '',
    attempts: Number(row.attempts),
  };
  const startedAt = iso(job.startedOn);
  if (startedAt && state !== 'queued') out.startedAt = startedAt;
  const finishedAt = iso(job.completedOn);
  if (finishedAt && state !== 'queued' && state !== 'running') out.finishedAt = finishedAt;
  if (state === 'done') out.result = job.output;
  if (state === 'failed') out.error = errorOf(job.output);
  if (row.worker) out.worker = row.worker;
  return out;
}
