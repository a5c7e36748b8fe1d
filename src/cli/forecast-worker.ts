/**
 * Worker-thread entry of the Monte Carlo forecast (see forecast-pool.ts): runs trials [from, to) of the model it is
 * given and posts the block back, with progress messages on the way. Loaded from the compiled output (dist/) only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ForecastModel } from '../engine/forecast/model.js';
import { runTrials } from '../engine/forecast/trials.js';

export type WorkerInput = { model: ForecastModel; from: number; to: number; seed: number };
export type WorkerMessage = { type: 'progress'; done: number } | { type: 'done'; block: ReturnType<typeof runTrials> };

// workerData is whatever the pool passed: WorkerInput by construction.
const input = workerData as WorkerInput;
const port = parentPort;
if (port) {
  const block = runTrials(input.model, input.from, input.to, input.seed, (done) => {
    port.postMessage({ type: 'progress', done } satisfies WorkerMessage);
  });
  const buffers = [block.finish.buffer, block.milestone.buffer, block.riskOff.buffer, block.critical.buffer];
  port.postMessage({ type: 'done', block } satisfies WorkerMessage, buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer));
}
