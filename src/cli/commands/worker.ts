/**
 * `vantage worker [--db URL | --data DIR] [--concurrency N]`: a process that runs forecast jobs from the queue kept
 * in the store (src/server/jobs) until SIGTERM or SIGINT. Start several on one PostgreSQL to share an overnight
 * re-forecast of a whole portfolio; each job runs once.
 *
 * Shutdown: on the signal it stops taking jobs, interrupts a running job at its next checkpoint (within ~5% of its
 * trials) and RE-QUEUES it (state queued, progress 0), so another worker, or this one restarted, runs it from the
 * start with the same seed and the same result. Then it exits 0. A worker on the embedded store must be the only
 * process on that folder: there `vantage serve` runs the jobs itself.
 */
import type { Command } from 'commander';
import { StoreUnavailableError, StoreVersionError } from '../../store/errors.js';
import type { StoreOptions } from '../../store/open.js';
import type { JobEvent } from '../../server/jobs/queue.js';
import { EnvironmentError, UsageError, type Output } from '../context.js';
import { storeLocation } from './store.js';
import type { RegisterCommand } from './index.js';

type WorkerFlags = { data?: string; db?: string; concurrency: string; poll: string };

export const registerWorker: RegisterCommand = (program, output, setExit) => {
  program
    .command('worker')
    .description('run forecast jobs from the queue in the store until SIGTERM (several workers share one PostgreSQL)')
    .option('--data <dir>', 'embedded database folder (default: $VANTAGE_DATA or ~/.vantage/data)')
    .option('--db <url>', 'PostgreSQL connection URL (default: $VANTAGE_DB_URL; else the embedded database)')
    .option('--concurrency <n>', 'jobs run at once by this worker', '1')
    .option('--poll <ms>', 'how often an idle worker asks for a job, in milliseconds', '1000')
    .action(async (flags: WorkerFlags, _command: Command) => {
      const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1, 64);
      const pollMs = wholeNumber(flags.poll, '--poll', 10, 60_000);
      await runWorker({ location: storeLocation(flags), concurrency, pollMs, output, until: nextSignal });
      setExit(0);
    });
};

export type WorkerRun = {
  location: StoreOptions;
  concurrency: number;
  pollMs?: number;
  output: Output;
  /** Called once the worker runs; resolves when it should shut down (the command: on SIGTERM or SIGINT). */
  until: () => Promise<unknown>;
};

/**
 * Opens the store and its job queue, runs jobs until `until` resolves, then shuts down cleanly (running jobs
 * re-queued) and closes the store. An unreachable or too-new store is an EnvironmentError (exit 3).
 */
export async function runWorker(run: WorkerRun): Promise<void> {
  // Loaded on use, as the store commands do: the database drivers and pg-boss cost start-up other commands should not pay.
  const { openStore } = await import('../../store/open.js');
  const { openJobQueue } = await import('../../server/jobs/queue.js');
  const { redact } = await import('../../store/drivers/pg.js');
  let store;
  try {
    store = await openStore(run.location);
  } catch (e) {
    if (e instanceof StoreUnavailableError || e instanceof StoreVersionError) throw new EnvironmentError(e.message, { cause: e });
    throw e;
  }
  const where = 'url' in run.location ? redact(run.location.url) : run.location.dataDir;
  const say = (text: string): void => run.output.err(`worker: ${text}\n`);
  try {
    const jobs = await openJobQueue(store);
    try {
      jobs.work({
        concurrency: run.concurrency,
        pollMs: run.pollMs,
        onEvent: (e) => {
          const line = describe(e);
          if (line) say(line);
        },
      });
      say(`taking forecast jobs from ${where}, ${run.concurrency} at a time; SIGTERM or Ctrl-C stops`);
      await run.until();
      say('stopping: no new jobs; a running job is re-queued at its next checkpoint');
    } finally {
      await jobs.close();
    }
    say('stopped');
  } finally {
    await store.close();
  }
}

/** One log line per event (progress steps are left to the API: 20 lines a job would drown the rest). */
function describe(e: JobEvent): string | undefined {
  switch (e.type) {
    case 'started':
      return `job ${e.id} started (${e.worker})`;
    case 'progress':
      return undefined;
    case 'done':
      return `job ${e.id} done in ${(e.ms / 1000).toFixed(1)} s`;
    case 'failed':
      return `job ${e.id} failed: ${e.error}`;
    case 'cancelled':
      return `job ${e.id} cancelled`;
    case 'requeued':
      return `job ${e.id} re-queued (shutting down)`;
    case 'error':
      return `warning: ${e.message}`;
  }
}

/** Resolves on the first SIGTERM or SIGINT (and stops listening for both). */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}
