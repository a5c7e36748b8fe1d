/**
 * The what-if worker's core, pure (no DOM, no worker globals; tested in Node against `vantage whatif --format json`):
 * prepare a program once with the schedule options the CLI and the server use, then answer change lists with the
 * engine's impacts plus the changed dates of every moved item and milestone for the timeline to draw.
 * Also the message types between the page and engine.worker.ts.
 */
import { prepareWhatIf, whatIfWithSchedule, type PreparedWhatIf, type WhatIfChange, type WhatIfResult } from '../../../src/engine/strategy/whatif.js';
import type { Program } from '../../../src/model/program.js';
import { whatIfOptions } from './options.js';
import { computePortfolioScenario, preparePortfolio, type PortfolioAnswer, type PortfolioMemberInput } from './portfolio.js';

export { whatIfOptions } from './options.js';

/** A scheduled span as ISO dates (finish inclusive, as the schedule JSON has it). */
export type Span = { start: string; finish: string };

export type ScenarioAnswer = {
  result: WhatIfResult;
  /** Item id → its span under the scenario, for the items that moved (or changed length). */
  bars: Record<string, Span>;
  /** Item id → how many working days later (negative: earlier) it finishes under the scenario; moved items only. */
  finishDelta: Record<string, number>;
  /** Items cut or removed by the scenario. */
  gone: string[];
  /** Engine time in the worker, ms. */
  computeMs: number;
};

/** Compiles and schedules the baseline once. Example: `prepareScenario(model.program, '2026-11-25')`. */
export function prepareScenario(program: Program, today: string): PreparedWhatIf {
  return prepareWhatIf({ kind: 'program', program }, whatIfOptions(today));
}

/**
 * The impacts of `changes` on a prepared program: the engine's result (what the CLI prints as JSON) and the new spans
 * of the moved items. `now` is the clock for `computeMs` (performance.now in the worker).
 */
export function computeScenario(prepared: PreparedWhatIf, changes: readonly WhatIfChange[], now: () => number = () => 0): ScenarioAnswer {
  const started = now();
  const { result, after } = whatIfWithSchedule(prepared, changes);
  const moved = new Set(result.moved.items);
  const before = new Map(prepared.before.items.map((it) => [it.id, it]));
  const bars: Record<string, Span> = {};
  const finishDelta: Record<string, number> = {};
  for (const it of after.items) {
    const b = before.get(it.id);
    if (moved.has(it.id) || (b && (b.start !== it.start || b.finish !== it.finish))) bars[it.id] = { start: it.start, finish: it.finish };
    const delta = b ? Math.round((it.ef - b.ef) * 10) / 10 : 0;
    if (delta !== 0) finishDelta[it.id] = delta;
  }
  const gone = changes.flatMap((c) => (c.kind === 'cut' || c.kind === 'remove' ? [c.id] : []));
  return { result, bars, finishDelta, gone, computeMs: now() - started };
}

/** Page → worker: a program (`prepare`, `run`), or the portfolio page's programs linked (`prepare-portfolio`, `run-portfolio`). */
export type WorkerRequest =
  | { type: 'prepare'; program: Program; today: string }
  | { type: 'run'; id: number; changes: WhatIfChange[] }
  | { type: 'prepare-portfolio'; programs: PortfolioMemberInput[]; today: string }
  | { type: 'run-portfolio'; id: number; changes: WhatIfChange[] };

/** Worker → page. */
export type WorkerReply =
  | { type: 'ready'; prepareMs: number; items: number }
  | { type: 'answer'; id: number; answer: ScenarioAnswer }
  | PortfolioReply
  | { type: 'error'; id?: number; message: string };

/** The portfolio's replies: prepared (with the programs linked and what linking left out, in words), or an answer. */
export type PortfolioReply =
  | { type: 'portfolio-ready'; prepareMs: number; items: number; programs: string[]; problems: string[] }
  | { type: 'portfolio-answer'; id: number; answer: PortfolioAnswer };

/**
 * The worker's message handler as a pure state machine: `prepare` keeps the prepared program, `run` answers from it.
 * Example: `const handle = scenarioHandler(() => performance.now()); handle({ type: 'prepare', program, today })`.
 */
export function scenarioHandler(now: () => number): (request: WorkerRequest) => WorkerReply {
  let prepared: PreparedWhatIf | undefined;
  let portfolio: PreparedWhatIf | undefined;
  return (request) => {
    try {
      if (request.type === 'prepare-portfolio') {
        const started = now();
        const ready = preparePortfolio(request.programs, request.today);
        portfolio = ready.prepared;
        return { type: 'portfolio-ready', prepareMs: now() - started, items: ready.items, programs: ready.programs, problems: ready.problems };
      }
      if (request.type === 'run-portfolio') {
        if (!portfolio) return { type: 'error', id: request.id, message: 'the what-if engine has no portfolio yet' };
        return { type: 'portfolio-answer', id: request.id, answer: computePortfolioScenario(portfolio, request.changes, now) };
      }
      if (request.type === 'prepare') {
        const started = now();
        prepared = prepareScenario(request.program, request.today);
        return { type: 'ready', prepareMs: now() - started, items: request.program.items.length };
      }
      if (!prepared) return { type: 'error', id: request.id, message: 'the what-if engine has no program yet' };
      return { type: 'answer', id: request.id, answer: computeScenario(prepared, request.changes, now) };
    } catch (e) {
      return { type: 'error', ...(request.type === 'run' || request.type === 'run-portfolio' ? { id: request.id } : {}), message: e instanceof Error ? e.message : String(e) };
    }
  };
}
