/**
 * `vantage forecast FILE`: probabilistic forecasts.
 *
 * One command, one function per mode:
 * - `--throughput [--by DATE | --items N]`: from the history's throughput (runThroughput);
 * - `--backtest`: how honest the throughput forecasts were on the history (runBacktest);
 * - neither: Monte Carlo over the items' estimates and the open risks (runEstimates), on worker threads.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Diagnostic } from '../../model/diagnostic.js';
import { hasErrors } from '../../model/diagnostic.js';
import type { Program } from '../../model/program.js';
import { backtestThroughput, type MethodCoverage, type ThroughputBacktest } from '../../engine/throughput/backtest.js';
import { dailyThroughput, finishedSpan } from '../../engine/throughput/daily.js';
import { forecastThroughput, type ForecastPoint, type ThroughputForecast } from '../../engine/throughput/forecast.js';
import { compilePortfolio, compileProgram } from '../../engine/network.js';
import { buildForecastModel, calibratedModel } from '../../engine/forecast/model.js';
import { calibrationTable } from '../../engine/calibration/table.js';
import { backtestCalibration } from '../../engine/calibration/backtest.js';
import { calibrationFromHistory } from './calibration.js';
import { renderCalibratedForecastJson, renderCalibratedForecastMd, renderCalibratedForecastText, type ForecastCalibration } from '../render/calibration-forecast.js';
import { summarize } from '../../engine/forecast/forecast.js';
import { InputError, UsageError, type Output } from '../context.js';
import { createProgress, defaultThreads, runTrialsInParallel, startPool, type ForecastPool } from '../forecast-pool.js';
import { renderForecastJson } from '../render/forecast-json.js';
import { renderForecastMd } from '../render/forecast-md.js';
import { renderForecastText } from '../render/forecast-text.js';
import { loadForCli } from '../load.js';
import { renderDiagnostics } from '../render/diagnostics.js';
import { statusDate } from '../today.js';
import type { RegisterCommand } from './index.js';

/** Options as commander gives them (strings until parsed here, so every usage error has one clear message). */
export type ForecastFlags = {
  throughput?: boolean;
  backtest?: boolean;
  by?: string;
  items?: string;
  seed?: string;
  trials?: string;
  percentiles?: string;
  window?: string;
  horizon?: string;
  every?: string;
  details?: boolean;
  format?: string;
  threads?: string;
  level?: boolean;
  calibrate?: boolean;
};

export const registerForecast: RegisterCommand = (program, output, setExit) => {
  program
    .command('forecast')
    .description('probabilistic forecasts: dates and counts at P50/P85/P95')
    .argument('<file>', 'a program or portfolio file (--throughput and --backtest: a program)')
    .option('--throughput', 'forecast from the throughput in the history (work without estimates)')
    .option('--by <date>', 'with --throughput: how many items will be finished by this date')
    .option('--items <n>', 'with --throughput: when will n items be done (default: the open items of the program)')
    .option('--backtest', 'backtest throughput forecasts on the history: how often did they hold?')
    .option('--window <days>', 'days of recent throughput behind a forecast', '84')
    .option('--horizon <days>', 'with --backtest: forecast horizon in days', '28')
    .option('--every <days>', 'with --backtest: days between backtest cuts', '14')
    .option('--details', 'with --backtest: list every cut')
    .option('--seed <n>', 'random seed (same seed, same result)', '1')
    .option('--trials <n>', 'Monte Carlo trials', '10000')
    .option('--percentiles <list>', 'extra confidence levels, e.g. 70,90 (50, 85 and 95 are always given)')
    .option('--format <format>', 'text (estimates only, the default there), md (the default otherwise) or json')
    .option('--threads <n>', 'worker threads for the Monte Carlo trials (default: available parallelism)')
    .addOption(new Option('--level', 'always level resources in every trial'))
    .addOption(new Option('--no-level', 'dependencies only in every trial'))
    .option('--calibrate', 'scale sampled durations by the actual/estimate ratios in the history (see `vantage calibration`)')
    .action(async (file: string, flags: ForecastFlags, command: Command) => {
      if (flags.throughput && flags.backtest) throw new UsageError('choose one of --throughput and --backtest');
      if (flags.calibrate && (flags.throughput || flags.backtest)) {
        throw new UsageError('--calibrate calibrates the estimates of a Monte Carlo forecast: drop --throughput / --backtest');
      }
      if (!flags.throughput && (flags.by !== undefined || flags.items !== undefined)) {
        throw new UsageError('--by and --items ask a throughput question: add --throughput');
      }
      if (flags.throughput) return runThroughput(file, flags, parseFormat(flags.format), statusDate(command), output, setExit);
      if (flags.backtest) return runBacktest(file, flags, parseFormat(flags.format), statusDate(command), output, setExit);
      return runEstimates(file, flags, statusDate(command), output, setExit);
    });
};

type Format = 'md' | 'json';

/** Progress goes to a terminal's stderr once a run has taken this long. */
const PROGRESS_AFTER_MS = 1000;

/**
 * Monte Carlo over estimates and risks: `--trials` trials (default 10,000) with `--seed`, on `--threads` worker
 * threads, of the program or of the whole portfolio (reported per program). Levelled trials when `vantage schedule`
 * would level, unless --level / --no-level say otherwise. Output: text (default), md or json.
 */
async function runEstimates(file: string, flags: ForecastFlags, today: string, output: Output, setExit: (code: number) => void): Promise<void> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'md' && format !== 'json') throw new UsageError(`--format must be text, md or json, not '${format}'`);
  const seed = safeInt(flags.seed, '--seed');
  const trials = positiveInt(flags.trials, '--trials', 10_000_000);
  const percentiles = parsePercentiles(flags.percentiles);
  const threads = flags.threads === undefined ? defaultThreads() : positiveInt(flags.threads, '--threads', 256);
  const level = flags.level === undefined ? 'auto' : flags.level;
  // Workers start loading the engine while this thread parses the plan.
  const pool = startPool(Math.min(threads, trials));
  let run: Awaited<ReturnType<typeof simulate>>;
  try {
    run = await simulate(file, output, { today, level, trials, seed, threads, pool, calibrate: Boolean(flags.calibrate) });
  } finally {
    await pool?.close();
  }
  const { loaded, net, info, block } = run;
  const result = summarize(net, info, block, { seed, percentiles }, loaded.kind === 'portfolio' ? loaded.portfolio : undefined);
  if (run.calibrated) {
    const c = run.calibrated;
    const plain = summarize(net, info, c.plainBlock, { seed, percentiles }, loaded.kind === 'portfolio' ? loaded.portfolio : undefined);
    const at85 = (r: typeof result): string => r.program.levels.find((q) => q.level === 0.85)!.date;
    const calibration: ForecastCalibration = {
      entries: c.entries,
      minEntries: c.minEntries,
      uses: c.uses,
      uncalibratedP85: at85(plain),
      p85: at85(result),
      p85ShiftDays: net.axis.offsetOf(at85(result)) - net.axis.offsetOf(at85(plain)),
      backtest: c.backtest,
    };
    if (format === 'json') output.out(renderCalibratedForecastJson(result, calibration));
    else if (format === 'md') output.out(renderCalibratedForecastMd(result, calibration));
    else output.out(renderCalibratedForecastText(result, calibration, { color: output.isTTY }));
  } else if (format === 'json') output.out(renderForecastJson(result));
  else if (format === 'md') output.out(renderForecastMd(result));
  else output.out(renderForecastText(result, { color: output.isTTY }));
  if (result.warnings.length > 0) output.err(renderDiagnostics(result.warnings, new Map()));
  setExit(result.warnings.some((w) => w.severity === 'error') ? 1 : 0);
}

/** Loads the plan, builds the Monte Carlo model and runs the trials (on the pool's workers when it pays). */
async function simulate(
  file: string,
  output: Output,
  o: { today: string; level: boolean | 'auto'; trials: number; seed: number; threads: number; pool: ForecastPool | null; calibrate?: boolean },
) {
  const loaded = await loadForCli(file, output);
  // Read the history first: too little of it is an input error before any trial runs.
  const history = o.calibrate ? await calibrationFromHistory(loaded, o.today) : undefined;
  const net = loaded.kind === 'portfolio' ? compilePortfolio(loaded.portfolio, { today: o.today }) : compileProgram(loaded.program, { today: o.today });
  const info = buildForecastModel(net, { level: o.level });
  const progress = output.errIsTTY ? createProgress((t) => output.err(t), o.trials, () => Date.now(), PROGRESS_AFTER_MS) : undefined;
  if (!history) {
    const block = await runTrialsInParallel(info.model, { trials: o.trials, seed: o.seed, threads: o.threads, pool: o.pool, progress: progress?.update });
    progress?.done();
    return { loaded, net, info, block, calibrated: undefined };
  }
  // Calibrated: the same trials without calibration too, to say how far calibration moved the forecast.
  const { table, uses } = calibrationTable(net, history.calibration);
  const plainBlock = await runTrialsInParallel(info.model, { trials: o.trials, seed: o.seed, threads: o.threads, pool: o.pool });
  const model = calibratedModel(info.model, table);
  const block = await runTrialsInParallel(model, { trials: o.trials, seed: o.seed, threads: o.threads, pool: o.pool, progress: progress?.update });
  progress?.done();
  const calibrated = {
    plainBlock,
    uses,
    entries: history.samples.length,
    minEntries: history.calibration.minEntries,
    backtest: backtestCalibration(history.samples, { minTraining: history.calibration.minEntries }),
  };
  return { loaded, net, info: { ...info, model }, block, calibrated };
}

/** `--throughput`: when will N items be done, or how many by a date. */
async function runThroughput(
  file: string,
  flags: ForecastFlags,
  format: Format,
  today: string,
  output: Output,
  setExit: (code: number) => void,
): Promise<void> {
  if (flags.by !== undefined && flags.items !== undefined) throw new UsageError('choose one of --by and --items');
  const windowDays = positiveInt(flags.window, '--window');
  const seed = safeInt(flags.seed, '--seed');
  const trials = positiveInt(flags.trials, '--trials', 10_000_000);
  const percentiles = parsePercentiles(flags.percentiles);
  let by: string | undefined;
  if (flags.by !== undefined) {
    by = isoDate(flags.by, '--by');
    if (by <= today) throw new UsageError(`--by must be after today (${today}), not ${by}`);
  }
  const requestedItems = flags.items === undefined ? undefined : positiveInt(flags.items, '--items');
  const program = await loadProgram(file, output);
  const items = requestedItems ?? program.items.filter((i) => i.status !== 'done' && i.status !== 'cut').length;
  if (by === undefined && items === 0) {
    throw new UsageError(`${file} has no open items; ask --items N or --by DATE`);
  }
  const question = by !== undefined ? { kind: 'how-many' as const, by } : { kind: 'when' as const, items };
  const result = forecastThroughput(program.history, { today, question, trials, seed, percentiles, windowDays });
  const diagnostics = placed(result.diagnostics, program);
  if (!result.forecast || hasErrors(diagnostics)) throw new InputError(diagnostics);
  if (diagnostics.length > 0) output.err(renderDiagnostics(diagnostics, new Map()));
  const track = trackRecord(program, today, windowDays);
  const forecast = result.forecast;
  if (format === 'json') {
    output.out(`${JSON.stringify({ throughput: { program: program.program.id, ...forecast, trackRecord: track } }, null, 2)}\n`);
  } else {
    output.out(renderThroughputMd(program, forecast, track));
  }
  setExit(0);
}

/** `--backtest`: cuts every `--every` days over the history, both methods side by side. */
async function runBacktest(
  file: string,
  flags: ForecastFlags,
  format: Format,
  today: string,
  output: Output,
  setExit: (code: number) => void,
): Promise<void> {
  const windowDays = positiveInt(flags.window, '--window');
  const horizonDays = positiveInt(flags.horizon, '--horizon');
  const everyDays = positiveInt(flags.every, '--every');
  const percentiles = parsePercentiles(flags.percentiles);
  const program = await loadProgram(file, output);
  const known = program.history.filter((e) => e.finished !== undefined && e.finished <= today);
  const span = finishedSpan(known);
  if (!span) {
    throw new InputError(placed([{ code: 'history-nothing-finished', severity: 'error', message: `no history item finished on or before ${today}; a backtest needs finished work` }], program));
  }
  const series = dailyThroughput(known, span.first, span.last);
  if (series.counts.length < windowDays + horizonDays) {
    throw new InputError(placed([{
      code: 'history-too-short',
      severity: 'error',
      message: `the history spans ${series.counts.length} days (${span.first} to ${span.last}); a backtest needs at least window + horizon = ${windowDays + horizonDays}`,
    }], program));
  }
  const r = backtestThroughput(series, { windowDays, horizonDays, everyDays, levels: percentiles });
  if (format === 'json') {
    output.out(`${JSON.stringify({ backtest: backtestJson(r, Boolean(flags.details)) }, null, 2)}\n`);
  } else {
    output.out(renderBacktestMd(program, r, Boolean(flags.details)));
  }
  setExit(0);
}

async function loadProgram(file: string, output: Output): Promise<Program> {
  const loaded = await loadForCli(file, output);
  if (loaded.kind !== 'program') {
    throw new UsageError(`${file} is a portfolio; throughput forecasts read one program's history: name a program file`);
  }
  return loaded.program;
}

/** Engine diagnostics carry no position: point them at the program file. */
function placed(diagnostics: Diagnostic[], program: Program): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, file: d.file ?? program.file }));
}

/** How the two methods did on this history at the default 28-day horizon (cheap; shown beside every forecast). */
function trackRecord(program: Program, today: string, windowDays: number): { cuts: number; standardP85: number; calibratedP85: number } | null {
  const known = program.history.filter((e) => e.finished !== undefined && e.finished <= today);
  const span = finishedSpan(known);
  if (!span) return null;
  const series = dailyThroughput(known, span.first, span.last);
  const r = backtestThroughput(series, { windowDays });
  if (r.standard.cuts === 0) return null;
  return { cuts: r.standard.cuts, standardP85: r.standard.coverageP85, calibratedP85: r.calibrated.coverageP85 };
}

function backtestJson(r: ThroughputBacktest, details: boolean): Record<string, unknown> {
  const method = (m: MethodCoverage) => ({
    cuts: m.cuts,
    coverageP50: m.coverageP50,
    coverageP85: m.coverageP85,
    coverageP95: m.coverageP95,
    levels: m.levels,
  });
  return {
    // The flat shape other tools read is the calibrated method's (the one Vantage quotes).
    cuts: r.calibrated.cuts,
    coverageP50: r.calibrated.coverageP50,
    coverageP85: r.calibrated.coverageP85,
    coverageP95: r.calibrated.coverageP95,
    windowDays: r.windowDays,
    horizonDays: r.horizonDays,
    everyDays: r.everyDays,
    from: r.from,
    to: r.to,
    skipped: r.skipped,
    standard: method(r.standard),
    calibrated: { ...method(r.calibrated), gamma: r.gamma },
    ...(details ? { details: r.cuts } : {}),
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const conf = (p: number): string => `${+(p * 100).toFixed(2)}%`;

export function renderThroughputMd(
  program: Program,
  f: ThroughputForecast,
  track: { cuts: number; standardP85: number; calibratedP85: number } | null,
): string {
  const lines: string[] = [];
  const w = f.window;
  lines.push(`# Throughput forecast: ${program.program.name} (as of ${f.today})`, '');
  lines.push(
    f.question === 'when'
      ? `When will ${f.items} item${f.items === 1 ? '' : 's'} be done?`
      : `How many items will be finished from ${dayAfter(f.today)} to ${f.by} (${f.horizonDays} days)?`,
  );
  lines.push(`Recent throughput: ${w.items} items in the ${w.days} days ${w.from} to ${w.to} (${w.perDay.toFixed(2)} a day).`, '');
  const cell = (pt: ForecastPoint): string => {
    if (f.question === 'how-many') return pt.count === 0 ? '0 (no promise)' : `${pt.count}`;
    return pt.date ? `${pt.date} (${pt.days} days)` : 'not within the limit';
  };
  lines.push('| Confidence | Calibrated (quote this) | Standard bootstrap |', '|---|---|---|');
  f.calibrated.points.forEach((pt, i) => {
    lines.push(`| ${conf(pt.confidence)} | ${cell(pt)} | ${cell(f.standard.points[i])} |`);
  });
  lines.push('');
  const c = f.calibrated;
  const basis = {
    calibrated: `calibrated on ${c.origins} past forecasts at this horizon`,
    extrapolated: `the horizon is longer than the history can check: calibration borrowed from ${c.calibrationHorizonDays}-day forecasts (${c.origins} of them)`,
    standard: 'the history is too short to calibrate: this repeats the standard answer',
  }[c.basis];
  lines.push(`Calibrated: online conformal prediction on the team's own past forecasts (${basis}).`);
  lines.push(`Standard: bootstrap of daily throughput, ${f.standard.trials} trials, seed ${f.standard.seed}.`);
  if (track) {
    lines.push(
      `Track record on this history (${track.cuts} backtest cuts, 28-day horizon): the standard 85% forecast held ${pct(track.standardP85)} of the time, the calibrated one ${pct(track.calibratedP85)}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function renderBacktestMd(program: Program, r: ThroughputBacktest, details: boolean): string {
  const lines: string[] = [];
  lines.push(`# Throughput backtest: ${program.program.name}`, '');
  lines.push(
    `History ${r.from} to ${r.to}; a cut every ${r.everyDays} days, each forecasting the next ${r.horizonDays} days from the ${r.windowDays} before it.`,
  );
  lines.push(`${r.calibrated.cuts} cuts${r.skipped ? ` (${r.skipped} skipped: nothing finished in their window)` : ''}. A p% forecast should hold about p% of the time.`, '');
  lines.push('| Forecast | Standard bootstrap holds | Calibrated holds |', '|---|---|---|');
  r.levels.forEach((level, i) => {
    lines.push(`| ${conf(level)} | ${pct(r.standard.levels[i].share)} | ${pct(r.calibrated.levels[i].share)} |`);
  });
  if (details) {
    lines.push('', `| Cut | Window items | Actual | Standard ${r.levels.map(conf).join('/')} | Calibrated |`, '|---|---|---|---|---|');
    for (const cut of r.cuts) {
      lines.push(`| ${cut.date} | ${cut.windowItems} | ${cut.actual} | ${cut.standard.join(' / ')} | ${cut.calibrated.join(' / ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function parseFormat(value: string | undefined): Format {
  if (value === undefined || value === 'md' || value === 'json') return value ?? 'md';
  throw new UsageError(`--format must be md or json, not '${value}'`);
}

function positiveInt(value: string | undefined, flag: string, max = 1_000_000): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new UsageError(`${flag} must be a whole number from 1 to ${max}, not '${value}'`);
  }
  return n;
}

function safeInt(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (value === undefined || !/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new UsageError(`${flag} must be a whole number, not '${value}'`);
  }
  return n;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function isoDate(value: string, flag: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (!ISO.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date like 2027-05-12, not '${value}'`);
  }
  return value;
}

/** "70,90" or "0.7,0.9" → [0.7, 0.9]. */
function parsePercentiles(value: string | undefined): number[] {
  if (value === undefined) return [];
  return value.split(',').map((part) => {
    const x = Number(part.trim());
    const p = x > 1 ? x / 100 : x;
    if (part.trim() === '' || !Number.isFinite(x) || !(p > 0 && p < 1)) {
      throw new UsageError(`--percentiles takes levels between 0 and 100 such as 70,90, not '${value}'`);
    }
    return p;
  });
}
