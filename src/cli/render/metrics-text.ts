/** `vantage metrics --format table` (the default): a terminal summary. */
import { accuracyLine, burnupLine, cycleTimeLine, meanPerWeek, SHOWN_AGEING, SHOWN_WEEKS } from './metrics-common.js';
import type { MetricsView } from './metrics-json.js';

/** Plain text; bars of '#' scaled to the busiest shown week (at most 40 wide). */
export function renderMetricsText(view: MetricsView): string {
  const m = view.metrics;
  const lines: string[] = [];
  lines.push(`Flow metrics: ${view.program.name} (as of ${m.today})`);
  lines.push(`Window ${m.window.from} to ${m.window.to}: ${m.throughput.length} ISO week${m.throughput.length === 1 ? '' : 's'}`, '');
  const weeks = m.throughput.slice(-SHOWN_WEEKS);
  lines.push(`Throughput per week (mean ${meanPerWeek(m)})${m.throughput.length > weeks.length ? `, last ${weeks.length} of ${m.throughput.length} weeks (all in --format json)` : ''}:`);
  const max = Math.max(1, ...weeks.map((w) => w.count));
  for (const w of weeks) lines.push(`  ${w.week}  ${String(w.count).padStart(4)}  ${'#'.repeat(Math.round((w.count / max) * Math.min(40, max)))}`);
  if (weeks.length === 0) lines.push('  (nothing finished yet)');
  lines.push('', `Cycle time: ${cycleTimeLine(m)}`);
  lines.push(`WIP on ${m.today}: ${m.wip}`);
  if (m.ageing.length > 0) {
    const p85 = m.cycleTime.p85;
    lines.push(`Ageing work in progress, oldest first${p85 !== null ? ` (! = older than the P85 cycle time, ${p85} days)` : ''}:`);
    const shown = m.ageing.slice(0, SHOWN_AGEING);
    const idWidth = Math.max(2, ...shown.map((a) => a.id.length));
    for (const a of shown) {
      lines.push(`  ${a.aboveP85 ? '!' : ' '} ${a.id.padEnd(idWidth)}  ${String(a.days).padStart(5)} day${a.days === 1 ? ' ' : 's'}  since ${a.started}${a.title ? `  ${a.title}` : ''}`);
    }
    if (m.ageing.length > shown.length) lines.push(`  … ${m.ageing.length - shown.length} more`);
  }
  lines.push(`Burn-up: ${burnupLine(m)}`);
  lines.push(`Forecast accuracy: ${accuracyLine(view.accuracy)}`);
  for (const c of view.accuracy.checks) {
    lines.push(`  ${c.hit ? 'hit ' : 'miss'} ${c.statusDate} ${c.target}: P85 ${c.p85}, actual ${c.actual} (${c.errorDays > 0 ? '+' : ''}${c.errorDays} day${Math.abs(c.errorDays) === 1 ? '' : 's'})`);
  }
  for (const note of view.notes) lines.push(`Note: ${note}`);
  if (view.charts && view.charts.length > 0) lines.push(`Charts: ${view.charts.join(', ')}`);
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}
