/**
 * React hooks over the what-if worker: `useWhatIfEngine` reads the program model and prepares it in a worker once;
 * `useScenario` runs the current change list through it (latest wins) and keeps the last answer on screen while the
 * next one computes, so impacts update in place without flicker.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Program } from '../../../src/model/program.js';
import { cachedJson } from '../api.js';
import { createWhatIfClient, type WhatIfClient } from './client.js';
import type { ScenarioAnswer } from './compute.js';
import { formatScenario, type WhatIfChange } from './scenario.js';

export type WhatIfEngine =
  | { state: 'loading' }
  | { state: 'ready'; client: WhatIfClient; program: Program; prepareMs: number }
  | { state: 'error'; message: string };

/** `GET /api/programs/{id}/model`. */
type ModelJson = { version: number; program: Program };

/**
 * Starts the engine worker on the program model once the schedule is on screen (`today` known; null: not yet). Example:
 * `useWhatIfEngine('/api/programs/checkout-revamp', token, schedule.program.today)`.
 */
export function useWhatIfEngine(base: string, token: string, today: string | null): WhatIfEngine {
  const [engine, setEngine] = useState<WhatIfEngine>({ state: 'loading' });
  useEffect(() => {
    if (today === null) return;
    let live = true;
    let client: WhatIfClient | undefined;
    setEngine({ state: 'loading' });
    cachedJson<ModelJson>(`${base}/model`, token, 'background')
      .then(async ({ program }) => {
        if (!live) return;
        client = createWhatIfClient(program, today);
        const { prepareMs } = await client.ready;
        if (live) setEngine({ state: 'ready', client, program, prepareMs });
      })
      .catch((e: unknown) => live && setEngine({ state: 'error', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
      client?.dispose();
    };
  }, [base, token, today]);
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
