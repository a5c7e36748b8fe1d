/**
 * The page's side of the what-if worker: one promise per request, latest wins. At most one change list is in the
 * worker at a time; a newer request replaces the one waiting behind it, and an answer that a newer request has
 * overtaken comes back as `superseded`, so a drag sends only the latest position and never queues stale work.
 */
import type { Program } from '../../../src/model/program.js';
import type { WhatIfChange } from './scenario.js';
import type { ScenarioAnswer, WorkerReply, WorkerRequest } from './compute.js';

export type RunOutcome = { kind: 'answer'; answer: ScenarioAnswer; roundTripMs: number } | { kind: 'superseded' };

/** What the client needs of a Worker (a fake in tests). */
export type WorkerLike = {
  postMessage(request: WorkerRequest): void;
  onmessage: ((event: { data: WorkerReply }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  terminate(): void;
};

type Waiting = { id: number; changes: WhatIfChange[]; resolve: (o: RunOutcome) => void; reject: (e: Error) => void };

export type WhatIfClient = {
  /** Resolves when the worker has prepared the program (with its prepare time), rejects with the worker's message. */
  ready: Promise<{ prepareMs: number; items: number }>;
  /** Runs a change list; older requests still waiting resolve as superseded. */
  run(changes: readonly WhatIfChange[]): Promise<RunOutcome>;
  dispose(): void;
};

/**
 * Starts `worker` (see use-whatif.ts engineWorker) on `program` at status date `today`. Example:
 * `const c = createWhatIfClient(model.program, '2026-11-25', engineWorker()); const o = await c.run([{ kind: 'slip', id: 'PAY-2', days: 5 }])`.
 */
export function createWhatIfClient(program: Program, today: string, worker: WorkerLike, now: () => number = () => performance.now()): WhatIfClient {
  let nextId = 1;
  let inFlight: (Waiting & { sentAt: number }) | undefined;
  let waiting: Waiting | undefined;
  let failure: Error | undefined;
  let prepared = false;
  let onReady: (r: { prepareMs: number; items: number }) => void = () => undefined;
  let onFail: (e: Error) => void = () => undefined;
  const ready = new Promise<{ prepareMs: number; items: number }>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  ready.catch(() => undefined); // observed by run() and the hook; never an unhandled rejection

  const send = () => {
    if (inFlight || !waiting) return;
    inFlight = { ...waiting, sentAt: now() };
    waiting = undefined;
    worker.postMessage({ type: 'run', id: inFlight.id, changes: inFlight.changes });
  };
  const fail = (e: Error) => {
    failure = e;
    onFail(e);
    inFlight?.reject(e);
    waiting?.reject(e);
    inFlight = waiting = undefined;
  };

  worker.onmessage = ({ data }) => {
    if (data.type === 'ready') {
      prepared = true;
      onReady({ prepareMs: data.prepareMs, items: data.items });
      send();
      return;
    }
    if (data.type === 'error' && data.id === undefined) return fail(new Error(data.message));
    if (data.type !== 'answer' && data.type !== 'error') return; // a portfolio's reply: portfolio-client.ts reads those
    if (!inFlight || data.id !== inFlight.id) return;
    const done = inFlight;
    inFlight = undefined;
    if (data.type === 'error') done.reject(new Error(data.message));
    else if (waiting || done.id !== nextId - 1) done.resolve({ kind: 'superseded' });
    else done.resolve({ kind: 'answer', answer: data.answer, roundTripMs: now() - done.sentAt });
    send();
  };
  worker.onerror = (event) => fail(new Error(`the what-if engine failed: ${event.message ?? 'worker error'}`));
  worker.postMessage({ type: 'prepare', program, today });

  return {
    ready,
    run(changes) {
      if (failure) return Promise.reject(failure);
      return new Promise<RunOutcome>((resolve, reject) => {
        waiting?.resolve({ kind: 'superseded' });
        waiting = { id: nextId++, changes: [...changes], resolve, reject };
        if (prepared) send();
      });
    },
    dispose() {
      worker.terminate();
      inFlight?.resolve({ kind: 'superseded' });
      waiting?.resolve({ kind: 'superseded' });
      inFlight = waiting = undefined;
    },
  };
}
