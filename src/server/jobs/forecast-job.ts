/**
 * The forecast job: the Monte Carlo forecast of a stored program, exactly as `vantage forecast FILE --format json`
 * computes it for the same file, seed, trials and status date, run in blocks so that the caller can report progress
 * and stop between blocks. Trial t always uses stream t of the seed, so the blocks merge into the same result as one
 * run (see src/cli/forecast-pool.ts). With threads, a job starts a pool of its own and closes it when it ends.
 */
import { splitTrials, summarize } from '../../engine/forecast/forecast.js';
import { buildForecastModel, type ForecastModel } from '../../engine/forecast/model.js';
import { mergeBlocks, runTrials, type TrialBlock } from '../../engine/forecast/trials.js';
import { compileProgram } from '../../engine/network.js';
import { hasErrors, type Diagnostic } from '../../model/diagnostic.js';
import { startPool, workerScript } from '../../cli/forecast-pool.js';
import { renderForecastJson } from '../../cli/render/forecast-json.js';
import { checkProgramText, exportProgram } from '../../service/programs.js';
import { NotFoundError } from '../../store/errors.js';
import type { Store } from '../../store/open.js';

/** What a forecast job is asked: `percentiles` are extra levels in percent (70, 97.5), as `--percentiles`. */
export type ForecastPayload = { programId: string; trials: number; seed: number; percentiles?: number[]; today: string };

/** A job that cannot run for a reason its submitter can fix; the message is shown as the job's error. */
export class JobInputError extends Error {
  override name = 'JobInputError';
}

/** How many progress steps a job has (one per block): progress moves by ~5%. */
export const PROGRESS_STEPS = 20;

export type ForecastJobOptions = {
  /**
   * Worker threads for the trials (default 1: this thread). With 2 or more and the compiled worker script present,
   * the job starts its own threads and stops them when it ends: nothing outlives a job.
   */
  threads?: number;
  /** The worker script (default: the compiled forecast-worker.js); tests point it at a compiled copy. */
  workerUrl?: URL;
  /**
   * Called with 0 before the first trial, then each time another ~5% of the trials is done, with the fraction done
   * (0 < f <= 1, ending with 1; calls never overlap). Throw from it to stop the job (cancelled, or the worker is
   * shutting down): the error propagates unchanged and threads are stopped at once.
   */
  checkpoint: (fraction: number) => Promise<void>;
};

/**
 * Runs the forecast of `payload.programId` as stored now and returns the JSON object `vantage forecast --format json`
 * prints for it. Throws JobInputError when the program is gone or no longer valid, or the payload is unusable.
 * Example: `await runForecastJob(store, { programId: 'checkout', trials: 10000, seed: 1, today: '2026-11-25' }, { checkpoint: async () => {} })`.
 */
export async function runForecastJob(store: Store, payload: ForecastPayload, options: ForecastJobOptions): Promise<Record<string, unknown>> {
  if (!Number.isSafeInteger(payload.trials) || payload.trials < 1) throw new JobInputError(`trials must be a whole number of at least 1, not ${payload.trials}`);
  const levels = (payload.percentiles ?? []).map((p) => (p > 1 ? p / 100 : p));
  let stored: Awaited<ReturnType<typeof exportProgram>>;
  try {
    stored = await exportProgram({ db: store.db }, payload.programId);
  } catch (e) {
    if (e instanceof NotFoundError) throw new JobInputError(`program '${payload.programId}' is no longer in the store (deleted after the job was submitted?)`);
    throw e;
  }
  const checked = checkProgramText(stored.source, stored.fileName, stored.files);
  if (!checked.program || hasErrors(checked.diagnostics)) {
    throw new JobInputError(`program '${payload.programId}' does not validate: ${firstError(checked.diagnostics)}`);
  }
  const net = compileProgram(checked.program, { today: payload.today });
  const info = buildForecastModel(net, { level: 'auto' });
  await options.checkpoint(0);
  const threads = Math.min(options.threads ?? 1, payload.trials);
  const blocks =
    threads >= 2 && workerScript(options.workerUrl) !== null
      ? await onThreads(info.model, payload, threads, options)
      : await inThisThread(info.model, payload, options.checkpoint);
  const result = summarize(net, info, mergeBlocks(blocks), { seed: payload.seed, percentiles: levels });
  return JSON.parse(renderForecastJson(result)) as Record<string, unknown>;
}

/** In this thread: PROGRESS_STEPS blocks of trials, a checkpoint after each. */
async function inThisThread(model: ForecastModel, payload: ForecastPayload, checkpoint: (f: number) => Promise<void>): Promise<TrialBlock[]> {
  const blocks: TrialBlock[] = [];
  for (const [from, to] of splitTrials(payload.trials, PROGRESS_STEPS)) {
    blocks.push(runTrials(model, from, to, payload.seed));
    await checkpoint(to / payload.trials);
  }
  return blocks;
}

/**
 * On `threads` worker threads of a pool started for this job (one run per thread: forecast-pool's workers add
 * listeners per run, so a pool is not reused across many runs): progress from the threads' reports (every 256
 * trials), a checkpoint each time another 1/PROGRESS_STEPS of the trials is done. A checkpoint that throws stops
 * the threads at once; the pool is closed in every case.
 */
async function onThreads(model: ForecastModel, payload: ForecastPayload, threads: number, options: ForecastJobOptions): Promise<TrialBlock[]> {
  const pool = startPool(threads, options.workerUrl);
  if (!pool) return inThisThread(model, payload, options.checkpoint);
  const ranges = splitTrials(payload.trials, pool.size);
  const doneBy = new Array<number>(ranges.length).fill(0);
  const step = payload.trials / PROGRESS_STEPS;
  let marked = 0;
  let checking: Promise<void> | undefined;
  let stopped: { error: unknown } | undefined;
  const check = (): void => {
    const done = doneBy.reduce((a, b) => a + b, 0);
    if (checking || stopped || done === payload.trials || done < (marked + 1) * step) return;
    marked = Math.floor(done / step);
    checking = options
      .checkpoint(done / payload.trials)
      .catch((error: unknown) => {
        stopped = { error };
        return pool.close();
      })
      .finally(() => {
        checking = undefined;
        check();
      });
  };
  try {
    const blocks = await Promise.all(
      ranges.map(([from, to], k) =>
        pool.run(k, { model, from, to, seed: payload.seed }, (count) => {
          doneBy[k] = count;
          check();
        }),
      ),
    ).catch((e: unknown) => {
      throw stopped ? stopped.error : e;
    });
    while (checking) await checking;
    if (stopped) throw stopped.error;
    // The last checkpoint (1) comes once every thread is done, as in this thread.
    await options.checkpoint(1);
    return blocks;
  } finally {
    await pool.close();
  }
}

/** "file:line:col: message [code]" of the first error, for a one-line job error. */
function firstError(diagnostics: readonly Diagnostic[]): string {
  const d = diagnostics.find((x) => x.severity === 'error');
  if (!d) return 'unknown error';
  const where = [d.file, d.line, d.col].filter((x) => x !== undefined).join(':');
  return `${where ? `${where}: ` : ''}${d.message} [${d.code}]`;
}
