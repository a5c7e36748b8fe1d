/**
 * Monte Carlo forecasts over estimates and risks: the entry points.
 *
 * In one thread: `forecastProgram` / `forecastPortfolio` / `forecastNetwork` run everything and return the result.
 * In parallel (Node worker threads, browser Web Workers): `buildForecastModel` once, `splitTrials` into ranges, run
 * `runTrials(model, from, to, seed)` for each range anywhere (the model is plain typed arrays, cheap to clone), then
 * `mergeBlocks` and `summarizeForecast`. Trial t always draws from stream t of the seed, so the result is the same
 * for every split: byte-identical output whatever the number of threads.
 */
import type { IsoDate, Portfolio, Program } from '../../model/program.js';
import { compilePortfolio, compileProgram, type Network } from '../network.js';
import { buildForecastModel, type ModelInfo } from './model.js';
import { summarizeForecast, type ForecastResult } from './summary.js';
import { mergeBlocks, runTrials, type ProgressFn } from './trials.js';

export type ForecastOptions = {
  /** The status date: open work never starts before it. */
  today: IsoDate;
  /** Number of trials (default 10,000). */
  trials?: number;
  /** Seed (default 1): the same seed gives the same forecast. */
  seed?: number;
  /** Extra percentile levels in (0, 1) beside 0.5, 0.85 and 0.95. */
  percentiles?: number[];
  /** 'auto' (default): resource-levelled trials when `vantage schedule` would level; true: always; false: never. */
  level?: boolean | 'auto';
  /** Called with the number of trials done so far. */
  progress?: ProgressFn;
};

export const DEFAULT_TRIALS = 10_000;

/**
 * Forecast one program in this thread. Example: a single item with estimate {low: 2, likely: 4, high: 9} forecast
 * with 10,000 trials has its P50 finish about 4.3 working days after the start (the PERT median).
 */
export function forecastProgram(program: Program, options: ForecastOptions): ForecastResult {
  return forecastNetwork(compileProgram(program, options), options);
}

/** Forecast all programs of a portfolio together (cross-program dependencies, shared people), reported per program. */
export function forecastPortfolio(portfolio: Portfolio, options: ForecastOptions): ForecastResult {
  return forecastNetwork(compilePortfolio(portfolio, options), options, portfolio);
}

/** Forecast a compiled network in this thread. */
export function forecastNetwork(net: Network, options: ForecastOptions, portfolio?: Portfolio): ForecastResult {
  const info = buildForecastModel(net, { level: options.level });
  const trials = options.trials ?? DEFAULT_TRIALS;
  const seed = options.seed ?? 1;
  const block = runTrials(info.model, 0, trials, seed, options.progress);
  return summarize(net, info, block, options, portfolio);
}

/** The summary step of a parallel run (see the module comment). */
export function summarize(
  net: Network,
  info: ModelInfo,
  block: ReturnType<typeof mergeBlocks>,
  options: Pick<ForecastOptions, 'seed' | 'percentiles'>,
  portfolio?: Portfolio,
): ForecastResult {
  return summarizeForecast(net, info, block, {
    seed: options.seed ?? 1,
    percentiles: options.percentiles,
    ...(portfolio ? { portfolio: { id: portfolio.id, name: portfolio.name } } : {}),
  });
}

/**
 * Splits [0, trials) into `parts` contiguous ranges of near-equal size (none empty; fewer parts when trials < parts).
 * Example: splitTrials(10, 3) is [[0, 4], [4, 7], [7, 10]].
 */
export function splitTrials(trials: number, parts: number): [number, number][] {
  const k = Math.max(1, Math.min(parts, trials));
  const out: [number, number][] = [];
  let from = 0;
  for (let i = 0; i < k; i++) {
    const size = Math.floor(trials / k) + (i < trials % k ? 1 : 0);
    out.push([from, from + size]);
    from += size;
  }
  return out;
}

export { buildForecastModel, mergeBlocks, runTrials };
export type { ForecastResult, ModelInfo };
