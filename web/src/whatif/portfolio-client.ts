/**
 * The portfolio page's side of the what-if worker: `prepare-portfolio` once with every program read, then one
 * `run-portfolio` per scenario. Answers come back by id; a run overtaken by a newer one resolves as superseded.
 */
import type { PortfolioAnswer, PortfolioMemberInput } from './portfolio.js';
import type { WhatIfChange } from './scenario.js';
import type { WorkerLike } from './client.js';

export type PortfolioReady = { prepareMs: number; items: number; programs: string[]; problems: string[] };
export type PortfolioOutcome = { kind: 'answer'; answer: PortfolioAnswer; roundTripMs: number } | { kind: 'superseded' };

export type PortfolioClient = {
  /** Resolves when the worker has linked and scheduled the portfolio; rejects with the worker's message. */
  ready: Promise<PortfolioReady>;
  run(changes: readonly WhatIfChange[]): Promise<PortfolioOutcome>;
  dispose(): void;
};

/**
 * Starts `worker` (use-whatif.ts engineWorker) on the programs read at status date `today`. Example:
 * `const c = createPortfolioClient([{ id: 'loyalty', program }], '2026-11-25', engineWorker()); await c.run([{ kind: 'slip', id: 'loyalty/LOY-7', days: 3 }])`.
 */
export function createPortfolioClient(programs: PortfolioMemberInput[], today: string, worker: WorkerLike, now: () => number = () => performance.now()): PortfolioClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (o: PortfolioOutcome) => void; reject: (e: Error) => void; sentAt: number }>();
  let onReady: (r: PortfolioReady) => void = () => undefined;
  let onFail: (e: Error) => void = () => undefined;
  const ready = new Promise<PortfolioReady>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  ready.catch(() => undefined); // observed by the hook; never an unhandled rejection
  const failAll = (e: Error) => {
    onFail(e);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.onmessage = ({ data }) => {
    if (data.type === 'portfolio-ready') return onReady({ prepareMs: data.prepareMs, items: data.items, programs: data.programs, problems: data.problems });
    if (data.type === 'error' && data.id === undefined) return failAll(new Error(data.message));
    if (data.type !== 'portfolio-answer' && data.type !== 'error') return;
    const waiting = data.id === undefined ? undefined : pending.get(data.id);
    if (!waiting || data.id === undefined) return;
    pending.delete(data.id);
    if (data.type === 'error') waiting.reject(new Error(data.message));
    else if (data.id !== nextId - 1) waiting.resolve({ kind: 'superseded' });
    else waiting.resolve({ kind: 'answer', answer: data.answer, roundTripMs: now() - waiting.sentAt });
  };
  worker.onerror = (event) => failAll(new Error(`the what-if engine failed: ${event.message ?? 'worker error'}`));
  worker.postMessage({ type: 'prepare-portfolio', programs, today });
  return {
    ready,
    run(changes) {
      const id = nextId++;
      return new Promise<PortfolioOutcome>((resolve, reject) => {
        pending.set(id, { resolve, reject, sentAt: now() });
        worker.postMessage({ type: 'run-portfolio', id, changes: [...changes] });
      });
    },
    dispose() {
      worker.terminate();
      for (const p of pending.values()) p.resolve({ kind: 'superseded' });
      pending.clear();
    },
  };
}
