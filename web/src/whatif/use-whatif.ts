/**
 * React hooks over the what-if worker: `useWhatIfEngine` prepares the program model in a worker once;
 * `useScenario` runs the current change list through it (latest wins) and keeps the last answer on screen while the
 * next one computes, so impacts update in place without flicker.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Program } from '../../../src/model/program.js';
import { createWhatIfClient, type WhatIfClient, type WorkerLike } from './client.js';
import type { ScenarioAnswer } from './compute.js';
import { formatScenario, type WhatIfChange } from './scenario.js';

/** The engine worker (bundled by Vite as its own chunk, so the engine is not in the first-paint JavaScript). */
export function engineWorker(): WorkerLike {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

export type WhatIfEngine =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; client: WhatIfClient; program: Program; prepareMs: number }
  | { state: 'error'; message: string };

/** `GET /api/programs/{id}/model`: the parsed program the engine runs on. */
export type ModelJson = { version: number; program: Program };

/**
 * Starts the engine worker on `program` at status date `today` and prepares it once; idle while either is missing
 * (the timeline starts it only once a what-if is wanted, so a large plan costs nothing until then). Example:
 * `useWhatIfEngine(model.program, schedule.program.today)`.
 */
export function useWhatIfEngine(program: Program | undefined, today: string | undefined): WhatIfEngine {
  const [engine, setEngine] = useState<WhatIfEngine>({ state: 'idle' });
  useEffect(() => {
    if (!program || today === undefined) {
      setEngine({ state: 'idle' });
      return;
    }
    let live = true;
    setEngine({ state: 'loading' });
    const client = createWhatIfClient(program, today, engineWorker());
    client.ready.then(
      ({ prepareMs }) => live && setEngine({ state: 'ready', client, program, prepareMs }),
      (e: unknown) => live && setEngine({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
      client.dispose();
    };
  }, [program, today]);
  return engine;
}

export type ScenarioState =
  | { status: 'idle' }
  | { status: 'computing'; previous?: Answered }
  | ({ status: 'ok' } & Answered)
  | { status: 'error'; message: string };

/** An answer on screen: which change list it is for, the round trip, and a count of answers shown so far. */
export type Answered = { scenario: string; answer: ScenarioAnswer; roundTripMs: number; seq: number };

/** The impacts of `changes` (idle when empty or the engine is not ready). */
export function useScenario(engine: WhatIfEngine, changes: readonly WhatIfChange[]): ScenarioState {
  const scenario = useMemo(() => formatScenario(changes), [changes]);
  const [state, setState] = useState<ScenarioState>({ status: 'idle' });
  const client = engine.state === 'ready' ? engine.client : undefined;
  useEffect(() => {
    if (!client || scenario === '') {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState((s) => ({ status: 'computing', ...(s.status === 'ok' ? { previous: s } : s.status === 'computing' && s.previous ? { previous: s.previous } : {}) }));
    client.run(changes).then(
      (outcome) => {
        if (!live || outcome.kind !== 'answer') return;
        setState((s) => {
          const prior = s.status === 'ok' ? s.seq : s.status === 'computing' ? (s.previous?.seq ?? 0) : 0;
          return { status: 'ok', scenario, answer: outcome.answer, roundTripMs: outcome.roundTripMs, seq: prior + 1 };
        });
      },
      (e: unknown) => live && setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // `changes` is keyed by its scenario string: a new array with the same changes is not new work.
  }, [client, scenario]);
  return state;
}

/** The answer to draw: the current one, or while the next computes the previous one. */
export function shownAnswer(state: ScenarioState): Answered | undefined {
  return state.status === 'ok' ? state : state.status === 'computing' ? state.previous : undefined;
}
