/**
 * Runs Monte Carlo trials on Node worker threads: [0, trials) is split into one contiguous range per thread
 * (`splitTrials`), each worker runs its range from a clone of the model, and the blocks are merged in trial order.
 * Trial t always uses stream t of the seed, so the merged result is identical for every thread count.
 *
 * Workers run the compiled engine: the worker file is `forecast-worker.js` beside this module, which exists when this
 * module itself runs from dist/. Run from TypeScript sources (the tests), it is absent and the trials run in this
 * thread, in the same ranges (so the tests exercise the split and the merge all the same).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { splitTrials } from '../engine/forecast/forecast.js';
import type { ForecastModel } from '../engine/forecast/model.js';
import { mergeBlocks, runTrials, type TrialBlock } from '../engine/forecast/trials.js';
import type { WorkerMessage, WorkerRequest } from './forecast-worker.js';

export type PoolOptions = {
  trials: number;
  seed: number;
  /** Threads to use (default: the machine's available parallelism). 1 runs in this thread. */
  threads?: number;
  /** Called with the total number of trials done so far (from any thread). */
  progress?: (done: number) => void;
  /** Workers started earlier (`startPool`); left running. Without it, a pool is started and closed here. */
  pool?: ForecastPool | null;
  /** The worker script (default: forecast-worker.js beside this module). Tests point it at a compiled copy. */
  workerUrl?: URL;
  /** Node-trials below which the run stays in this thread (default 2,000,000). */
  minParallelWork?: number;
};

/** Below this many node-trials a run stays in one thread: starting workers would cost more than it saves. */
const MIN_PARALLEL_WORK = 2_000_000;

/** The default thread count: the machine's available parallelism. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Where the compiled worker is, or null when it is not there (running from sources). */
export function workerScript(url: URL = new URL('./forecast-worker.js', import.meta.url)): URL | null {
  return existsSync(fileURLToPath(url)) ? url : null;
}

/** Worker threads waiting for trials to run, one range each. */
export type ForecastPool = {
  readonly size: number;
  /** Runs trials [from, to) on worker k. */
  run(k: number, request: Omit<WorkerRequest, 'type'>, progress: (done: number) => void): Promise<TrialBlock>;
  /** Stops every worker. */
  close(): Promise<void>;
};

/**
 * Starts `threads` workers now (they load the engine while the caller goes on, e.g. parsing the plan), or returns
 * null when there is nothing to gain: one thread, or no compiled worker script.
 */
export function startPool(threads: number, url?: URL): ForecastPool | null {
  const script = workerScript(url);
  if (threads < 2 || script === null) return null;
  const workers = Array.from({ length: threads }, () => new Worker(script));
  // A worker that fails to start must not leave the process hanging: its error is reported by the run that uses it.
  const failures = workers.map((w) => new Promise<Error>((resolve) => w.once('error', resolve)));
  return {
    size: threads,
    run(k, request, progress) {
      const worker = workers[k];
      return new Promise((resolve, reject) => {
        // Listeners are removed when the run ends, so a pool can serve many runs (server jobs) without leaking.
        const onExit = (code: number): void => {
          worker.off('message', onMessage);
          reject(new Error(`forecast worker stopped with code ${code} before returning its trials`));
        };
        const onMessage = (message: WorkerMessage): void => {
          if (message.type === 'progress') progress(message.done);
          else if (message.type === 'done') {
            worker.off('message', onMessage);
            worker.off('exit', onExit);
            resolve(message.block);
          }
        };
        worker.on('message', onMessage);
        void failures[k].then(reject);
        worker.once('exit', onExit);
        worker.postMessage({ type: 'run', ...request } satisfies WorkerRequest);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Runs trials [0, trials) of `model`, in parallel when it pays and workers are available. */
export async function runTrialsInParallel(model: ForecastModel, options: PoolOptions): Promise<TrialBlock> {
  const threads = Math.max(1, options.pool?.size ?? options.threads ?? defaultThreads());
  const ranges = splitTrials(options.trials, threads);
  const worthIt = ranges.length > 1 && model.n * options.trials >= (options.minParallelWork ?? MIN_PARALLEL_WORK);
  const done = new Array<number>(ranges.length).fill(0);
  const report = (k: number, count: number): void => {
    done[k] = count;
    if (options.progress) options.progress(done.reduce((a, b) => a + b, 0));
  };
  const pool = worthIt ? (options.pool ?? startPool(threads, options.workerUrl)) : null;
  if (!pool) {
    const blocks = ranges.map(([from, to], k) => runTrials(model, from, to, options.seed, (count) => report(k, count)));
    return mergeBlocks(blocks);
  }
  try {
    const blocks = await Promise.all(
      ranges.map(([from, to], k) => pool.run(k, { model, from, to, seed: options.seed }, (count) => report(k, count))),
    );
    return mergeBlocks(blocks);
  } finally {
    if (!options.pool) await pool.close();
  }
}

/**
 * A progress reporter for long runs: writes "forecast: 42% (4,200 of 10,000 trials)" over itself once `delayMs` have
 * passed since it was made (short runs stay quiet), and `done()` clears the line if anything was shown.
 * `now` is the clock (milliseconds), a parameter so that tests control it.
 */
export function createProgress(
  write: (text: string) => void,
  total: number,
  now: () => number,
  delayMs = 1000,
): { update: (done: number) => void; done: () => void } {
  const started = now();
  let shown = false;
  let last = -1;
  return {
    update(done) {
      const pct = Math.floor((done / total) * 100);
      if (pct === last || (!shown && now() - started < delayMs)) return;
      shown = true;
      last = pct;
      write(`\rforecast: ${pct}% (${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} trials)`);
    },
    done() {
      if (shown) write('\r\u001b[K');
    },
  };
}
