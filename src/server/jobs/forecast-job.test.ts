/**
 * The forecast job itself: the same result in this thread and on worker threads (compiled worker, when dist/ has
 * one), checkpoints every ~5% ending at 1, a checkpoint that throws stops the run, and unusable input is a
 * JobInputError with a readable message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProgram } from '../../service/programs.js';
import { openStore, type Store } from '../../store/open.js';
import { JobInputError, PROGRESS_STEPS, runForecastJob, type ForecastPayload } from './forecast-job.js';

const compiled = new URL('../../../dist/src/cli/forecast-worker.js', import.meta.url);
const haveCompiled = existsSync(fileURLToPath(compiled));

describe('runForecastJob', () => {
  let store: Store;
  let payload: ForecastPayload;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const r = await importProgram(store, { text: readFileSync('examples/checkout.vantage.yaml', 'utf8'), file: 'checkout.vantage.yaml' }, { actor: 't' });
    if (!r.ok) throw new Error('checkout did not import');
    payload = { programId: r.program.id, trials: 1000, seed: 11, today: '2026-11-25' };
  }, 60_000);
  afterAll(() => store?.close());

  it('checkpoints at 0, then every 5% up to 1, in this thread', async () => {
    const marks: number[] = [];
    const result = await runForecastJob(store, payload, { checkpoint: async (f) => void marks.push(f) });
    expect(marks).toEqual([0, ...Array.from({ length: PROGRESS_STEPS }, (_, i) => (i + 1) / PROGRESS_STEPS)]);
    expect(result).toMatchObject({ trials: 1000, seed: 11, today: '2026-11-25' });
  });

  it('a checkpoint that throws stops the job with that error', async () => {
    const stop = new Error('cancelled');
    let calls = 0;
    await expect(
      runForecastJob(store, payload, {
        checkpoint: async (f) => {
          calls++;
          if (f > 0) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    expect(calls).toBe(2);
  });

  (haveCompiled ? it : it.skip)('on worker threads, gives the same JSON, rising checkpoints ending at 1, and stops at once when told', async () => {
    const here = await runForecastJob(store, payload, { checkpoint: async () => undefined });
    const marks: number[] = [];
    const threaded = await runForecastJob(store, { ...payload, trials: 1000 }, { threads: 2, workerUrl: compiled, checkpoint: async (f) => void marks.push(f) });
    expect(threaded).toEqual(here);
    expect(marks[0]).toBe(0);
    expect(marks.at(-1)).toBe(1);
    for (let i = 1; i < marks.length; i++) expect(marks[i]).toBeGreaterThan(marks[i - 1]);
    const stop = new Error('shutdown');
    await expect(
      runForecastJob(store, { ...payload, trials: 200_000 }, {
        threads: 2,
        workerUrl: compiled,
        checkpoint: async (f) => {
          if (f > 0) throw stop;
        },
      }),
    ).rejects.toBe(stop);
  }, 60_000);

  it('fails with a readable JobInputError for a missing program or bad trials', async () => {
    const none = { checkpoint: async () => undefined };
    await expect(runForecastJob(store, { ...payload, programId: 'gone' }, none)).rejects.toThrow(new JobInputError("program 'gone' is no longer in the store (deleted after the job was submitted?)"));
    await expect(runForecastJob(store, { ...payload, trials: 0 }, none)).rejects.toThrow('trials must be a whole number of at least 1, not 0');
  });
});
