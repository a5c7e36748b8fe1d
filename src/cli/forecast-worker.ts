/**
 * Worker-thread entry of the Monte Carlo forecast (see forecast-pool.ts): waits for `run` requests, runs trials
 * [from, to) of the model it is sent and posts the block back, with progress messages on the way. Started before the
 * plan is even parsed, so that its start-up overlaps the parsing. Loaded from the compiled output (dist/) only.
 */
import { parentPort } from 'node:worker_threads';
import type { ForecastModel } from '../engine/forecast/model.js';
import { runTrials, type TrialBlock } from '../engine/forecast/trials.js';

export type WorkerRequest = { type: 'run'; model: ForecastModel; from: number; to: number; seed: number };
export type WorkerMessage = { type: 'progress'; done: number } | { type: 'done'; block: TrialBlock };

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    const block = runTrials(request.model, request.from, request.to, request.seed, (done) => {
      port.postMessage({ type: 'progress', done } satisfies WorkerMessage);
    });
    const buffers = [block.finish.buffer, block.milestone.buffer, block.riskOff.buffer, block.critical.buffer];
    port.postMessage({ type: 'done', block } satisfies WorkerMessage, buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer));
  });
}
