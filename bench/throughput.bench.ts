/**
 * Throughput forecasts and the shared random generator: speed, and the honesty backtest on the real projects of
 * ../shared/benchdata/issues/rueedlinger_agile_project/jira.csv (skipped with a note when absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { HistoryEntry } from '../src/model/program.js';
import { createRng, drawFromTable, pertQuantiles } from '../src/engine/random.js';
import { backtestThroughput } from '../src/engine/throughput/backtest.js';
import { dailyThroughput, finishedSpan } from '../src/engine/throughput/daily.js';
import { dayNumber, isoDate } from '../src/engine/throughput/days.js';
import { forecastThroughput } from '../src/engine/throughput/forecast.js';
import { simulateCounts, simulateDaysToFinish } from '../src/engine/throughput/standard.js';

const JIRA = resolve(process.cwd(), '../shared/benchdata/issues/rueedlinger_agile_project/jira.csv');

function time<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

function project(text: string, p: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const line of text.trim().split(/\r?\n/).slice(1)) {
    const [id, proj, , created, finished, cycle] = line.split(',').map((f) => f.replace(/^"|"$/g, ''));
    if (proj !== p || Number(cycle) < 0) continue;
    out.push({ id, created, started: isoDate(dayNumber(finished) - Number(cycle)), finished });
  }
  return out;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6);

export async function run(): Promise<void> {
  // Random generator.
  const rng = createRng(1);
  const n = 10_000_000;
  let sink = 0;
  const u = time(() => {
    for (let i = 0; i < n; i++) sink += rng.uint32();
  });
  const p = time(() => {
    for (let i = 0; i < n / 10; i++) sink += rng.pert(3, 5, 12);
  });
  const table = pertQuantiles(3, 5, 12);
  const fast = time(() => {
    for (let i = 0; i < n; i++) sink += drawFromTable(rng, table);
  });
  const streams = time(() => {
    for (let i = 0; i < n / 10; i++) sink += createRng(42, i).float();
  });
  console.log(`random: ${(n / u.ms / 1000).toFixed(0)} M uint32/s, ${(n / 10 / p.ms / 1000).toFixed(1)} M pert/s (gamma-based), ` +
    `${(n / fast.ms / 1000).toFixed(0)} M pert/s (tabulated), ` +
    `${(n / 10 / streams.ms / 1000).toFixed(1)} M new streams/s ${sink > 0 ? '' : ' '}`);

  // Standard Monte Carlo.
  const window: number[] = Array.from({ length: 84 }, (_, i) => ((i * 7) % 5 === 0 ? 3 : i % 3 === 0 ? 1 : 0));
  const many = time(() => simulateCounts(window, 28, 100_000, 1));
  const when = time(() => simulateDaysToFinish(window, 500, 10_000, 1, 3650));
  console.log(`bootstrap: 100,000 trials x 28 days in ${many.ms.toFixed(0)} ms; ` +
    `10,000 trials of "when are 500 items done" (~${(500 / (window.reduce((a, b) => a + b) / 84)).toFixed(0)} days each) in ${when.ms.toFixed(0)} ms`);

  if (!existsSync(JIRA)) {
    console.log(`real-data backtest skipped: ${JIRA} not found`);
    return;
  }
  const text = readFileSync(JIRA, 'utf8');
  console.log('\nbacktest (window 84, horizon 28, every 14 days; cuts with an empty window skipped):');
  console.log('project  method       cuts    P50    P85    P95   P85 zero-share  time');
  for (const id of ['0', '1']) {
    const history = project(text, id);
    const span = finishedSpan(history)!;
    const series = dailyThroughput(history, span.first, span.last);
    const bt = time(() => backtestThroughput(series));
    for (const [name, m] of [['standard', bt.value.standard], ['calibrated', bt.value.calibrated]] as const) {
      console.log(`${id.padEnd(8)} ${name.padEnd(11)} ${String(m.cuts).padStart(5)} ${pct(m.coverageP50)} ${pct(m.coverageP85)} ${pct(m.coverageP95)}  ${pct(m.levels[1].zeroShare).padStart(14)}  ${name === 'standard' ? `${bt.ms.toFixed(0)} ms` : ''}`);
    }
    const all = backtestThroughput(series, { skipEmptyWindows: false });
    console.log(`${id.padEnd(8)} standard, empty windows counted (issue's reference): ${all.standard.cuts} cuts, P85 ${pct(all.standard.coverageP85).trim()}`);
    const today = isoDate(dayNumber(span.first) + Math.floor((dayNumber(span.last) - dayNumber(span.first)) * 0.75));
    const f1 = time(() => forecastThroughput(history, { today, question: { kind: 'how-many', by: isoDate(dayNumber(today) + 28) } }));
    const f2 = time(() => forecastThroughput(history, { today, question: { kind: 'when', items: 100 } }));
    console.log(`${id.padEnd(8)} forecast as of ${today} (10,000 trials): how-many 28 days ${f1.ms.toFixed(0)} ms, when 100 items ${f2.ms.toFixed(0)} ms`);
  }
}
