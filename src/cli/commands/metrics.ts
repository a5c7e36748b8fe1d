/**
 * `vantage metrics FILE [--format table|md|json] [--svg-dir DIR] [--weeks N | --from DATE] [--to DATE]`: flow metrics of
 * the program's items and history on the status date (throughput per ISO week, cycle-time percentiles, WIP, ageing,
 * burn-up), the accuracy of earlier snapshots' forecasts, and optionally standalone SVG charts.
 *
 * Rules live in src/engine/flow/ (entries.ts: which work counts; metrics.ts: the window and each metric;
 * forecast-accuracy.ts: scoring snapshots).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import type { Program } from '../../model/program.js';
import type { Snapshot } from '../../model/snapshot.js';
import { flowMetrics, type FlowMetrics } from '../../engine/flow/metrics.js';
import { forecastAccuracy } from '../../engine/flow/forecast-accuracy.js';
import { forecastProgram } from '../../engine/forecast/forecast.js';
import { burnupSvg, cycleTimeScatterSvg, forecastHistogramSvg, throughputRunSvg } from '../../charts/index.js';
import { SnapshotError, listSnapshots } from '../../io/snapshot/store.js';
import { EnvironmentError, InputError, UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { statusDate } from '../today.js';
import { renderMetricsJson, type MetricsView } from '../render/metrics-json.js';
import { renderMetricsMd } from '../render/metrics-md.js';
import { renderMetricsText } from '../render/metrics-text.js';
import type { RegisterCommand } from './index.js';

/** Monte Carlo trials behind forecast.svg: enough for a smooth histogram, quick in this thread. */
export const METRICS_FORECAST_TRIALS = 2000;

const HELP = `
What counts (calendar days throughout; facts dated after the status date are not known yet):
  items and history rows are merged by id; the item wins (its status, then its dates; the row fills gaps); cut items are left out
  throughput   items finished per ISO week (2027-W03), zero-filled from the window's first week to its last
  cycle time   finished - started + 1 days over items finished in the window; P50/P85/P95 by nearest rank
  WIP          started and not finished on the status date (doing/blocked items, history rows without a finish yet)
  ageing       WIP with a start date, status date - started + 1 days, oldest first; ! when older than the P85 cycle time
  burn-up      each week's Sunday: scope = known by then (created, else started, else the program start), done = finished by then
  accuracy     each snapshot's P85 vs the date the program or milestone was actually reached (an honest P85 holds ~85%)
Window: --weeks N (last N ISO weeks), or --from DATE; default from the first finish. --to defaults to the status date.`;

type Flags = { format: 'table' | 'md' | 'json'; svgDir?: string; weeks?: string; from?: string; to?: string; seed: string; trials: string };

export const registerMetrics: RegisterCommand = (program, output) => {
  program
    .command('metrics')
    .description('flow metrics: weekly throughput, cycle time P50/P85/P95, WIP, ageing, burn-up, forecast accuracy; SVG charts')
    .argument('<file>', 'a program file (its items and history)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json']).default('table'))
    .option('--svg-dir <dir>', 'write burnup.svg, cycle-time.svg, throughput.svg and forecast.svg into this folder')
    .option('--weeks <n>', 'window: the last n ISO weeks up to --to (default: from the first finished item)')
    .option('--from <date>', 'window start (instead of --weeks)')
    .option('--to <date>', 'window end, not after the status date (default: the status date)')
    .option('--seed <n>', 'seed of the forecast behind forecast.svg', '1')
    .option('--trials <n>', 'trials of the forecast behind forecast.svg', String(METRICS_FORECAST_TRIALS))
    .addHelpText('after', HELP)
    .action(async (file: string, flags: Flags, command) => {
      const today = statusDate(command);
      if (flags.weeks !== undefined && flags.from !== undefined) throw new UsageError('choose one of --weeks and --from');
      const weeks = flags.weeks === undefined ? undefined : wholeNumber(flags.weeks, '--weeks', 1, 10_000);
      const from = flags.from === undefined ? undefined : isoDateFlag(flags.from, '--from');
      const to = flags.to === undefined ? undefined : isoDateFlag(flags.to, '--to');
      if (to !== undefined && to > today) throw new UsageError(`--to must not be after the status date ${today}, not ${to}; or set --today`);
      if (from !== undefined && from > (to ?? today)) throw new UsageError(`--from ${from} is after the window end ${to ?? today}`);
      const seed = wholeNumber(flags.seed, '--seed', -(2 ** 31), 2 ** 31 - 1);
      const trials = wholeNumber(flags.trials, '--trials', 1, 1_000_000);

      const loaded = await loadForCli(file, output);
      if (loaded.kind !== 'program') throw new UsageError(`${file} is a portfolio; metrics read one program's items and history: name a program file`);
      const p = loaded.program;
      const metrics = flowMetrics(p, { today, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(weeks !== undefined ? { weeks } : {}) });
      const accuracy = forecastAccuracy(p, readSnapshots(file), today);
      const notes = undatedNotes(metrics);
      const view: MetricsView = { program: { id: p.program.id, name: p.program.name }, metrics, accuracy, notes };
      if (flags.svgDir !== undefined) view.charts = writeCharts(flags.svgDir, p, metrics, { today, seed, trials }, notes);
      output.out(flags.format === 'json' ? renderMetricsJson(view) : flags.format === 'md' ? renderMetricsMd(view) : renderMetricsText(view));
    });
};

function readSnapshots(file: string): Snapshot[] {
  try {
    return listSnapshots(file);
  } catch (e) {
    if (e instanceof SnapshotError) throw new InputError([{ code: 'bad-snapshot', severity: 'error', message: e.message }]);
    throw new EnvironmentError(`cannot read the snapshots of ${file}: ${(e as Error).message}`, { cause: e });
  }
}

function undatedNotes(m: FlowMetrics): string[] {
  const done = m.undated.filter((u) => u.reason === 'done-without-finished').map((u) => u.id);
  const doing = m.undated.filter((u) => u.reason === 'doing-without-started').map((u) => u.id);
  const notes: string[] = [];
  if (done.length > 0) notes.push(`${done.length} done item(s) without a finished date left out: ${done.join(', ')} (add finished: DATE)`);
  if (doing.length > 0) notes.push(`${doing.length} item(s) in progress without a started date count in WIP but have no age: ${doing.join(', ')} (add started: DATE)`);
  return notes;
}

/** Open work the Monte Carlo forecast can say something about: a not-done item with an estimate or remaining. */
function hasEstimatedOpenWork(p: Program): boolean {
  return p.items.some((i) => i.status !== 'done' && i.status !== 'cut' && (i.estimate !== undefined || i.remaining !== undefined));
}

/** Writes the four charts (forecast.svg only with estimated open work; else a note). Returns the paths written. */
function writeCharts(dir: string, p: Program, m: FlowMetrics, o: { today: string; seed: number; trials: number }, notes: string[]): string[] {
  const name = p.program.name;
  const charts: [string, string][] = [
    ['burnup.svg', burnupSvg(m.burnup, { title: `Burn-up: ${name}`, ...(p.program.target !== undefined ? { target: p.program.target } : {}) })],
    ['cycle-time.svg', cycleTimeScatterSvg(m.cycleTimes, { ...nonNull('p50', m.cycleTime.p50), ...nonNull('p85', m.cycleTime.p85), ...nonNull('p95', m.cycleTime.p95) }, { title: `Cycle time: ${name}` })],
    ['throughput.svg', throughputRunSvg(m.throughput, { title: `Throughput per week: ${name}` })],
  ];
  if (hasEstimatedOpenWork(p)) {
    const f = forecastProgram(p, { today: o.today, seed: o.seed, trials: o.trials }).program;
    const level = (l: number) => f.levels.find((q) => Math.abs(q.level - l) < 1e-9)?.date;
    const markers = [
      ...[0.5, 0.85, 0.95].flatMap((l) => {
        const date = level(l);
        return date === undefined ? [] : [{ label: `P${Math.round(l * 100)}`, date }];
      }),
      ...(f.target !== undefined ? [{ label: 'target', date: f.target }] : []),
    ];
    charts.push(['forecast.svg', forecastHistogramSvg(f.histogram, markers, { title: `Forecast finish (${o.trials} trials, seed ${o.seed}): ${name}` })]);
  } else {
    notes.push('forecast.svg not written: the program has no open items with an estimate to forecast');
  }
  try {
    mkdirSync(dir, { recursive: true });
    return charts.map(([file, svg]) => {
      const path = join(dir, file);
      writeFileSync(path, svg);
      return path;
    });
  } catch (e) {
    throw new EnvironmentError(`cannot write charts to ${dir}: ${(e as Error).message}`, { cause: e });
  }
}

function nonNull<K extends string>(key: K, value: number | null): Partial<Record<K, number>> {
  return value === null ? {} : ({ [key]: value } as Partial<Record<K, number>>); // computed key: TS widens to a string index
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  }
  return n;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function isoDateFlag(value: string, flag: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (!ISO.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date like 2027-01-15, not '${value}'`);
  }
  return value;
}
