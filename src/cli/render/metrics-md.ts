/** `vantage metrics --format md`: a Markdown section for status reports. */
import { accuracyLine, burnupLine, cycleTimeLine, meanPerWeek, SHOWN_AGEING, SHOWN_WEEKS } from './metrics-common.js';
import type { MetricsView } from './metrics-json.js';

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Markdown with a throughput table, the ageing table and the accuracy checks. */
export function renderMetricsMd(view: MetricsView): string {
  const m = view.metrics;
  const lines: string[] = [`# Flow metrics: ${cell(view.program.name)} (as of ${m.today})`, ''];
  lines.push(`Window ${m.window.from} to ${m.window.to} (${m.throughput.length} ISO weeks). Calendar days throughout.`, '');
  lines.push(`- **Throughput:** mean ${meanPerWeek(m)} items a week`);
  lines.push(`- **Cycle time:** ${cycleTimeLine(m)}`);
  lines.push(`- **WIP on ${m.today}:** ${m.wip}`);
  lines.push(`- **Burn-up:** ${burnupLine(m)}`);
  lines.push(`- **Forecast accuracy:** ${accuracyLine(view.accuracy)}`, '');
  const weeks = m.throughput.slice(-SHOWN_WEEKS);
  if (weeks.length > 0) {
    lines.push(`## Throughput${m.throughput.length > weeks.length ? ` (last ${weeks.length} weeks)` : ''}`, '', '| Week | Finished |', '|---|---:|');
    for (const w of weeks) lines.push(`| ${w.week} | ${w.count} |`);
    lines.push('');
  }
  if (m.ageing.length > 0) {
    lines.push('## Ageing work in progress', '', '| Item | Age (days) | Started | Over P85 |', '|---|---:|---|---|');
    for (const a of m.ageing.slice(0, SHOWN_AGEING)) lines.push(`| ${cell(a.title ? `${a.id} ${a.title}` : a.id)} | ${a.days} | ${a.started} | ${a.aboveP85 ? 'yes' : ''} |`);
    if (m.ageing.length > SHOWN_AGEING) lines.push('', `… and ${m.ageing.length - SHOWN_AGEING} more.`);
    lines.push('');
  }
  if (view.accuracy.checks.length > 0) {
    lines.push('## Forecast accuracy', '', '| Snapshot | What | P85 | Actual | Error (days) | |', '|---|---|---|---|---:|---|');
    for (const c of view.accuracy.checks) lines.push(`| ${c.statusDate} | ${cell(c.title)} | ${c.p85} | ${c.actual} | ${c.errorDays > 0 ? '+' : ''}${c.errorDays} | ${c.hit ? 'hit' : 'miss'} |`);
    lines.push('');
  }
  if (view.charts && view.charts.length > 0) {
    lines.push('## Charts', '');
    for (const c of view.charts) lines.push(`- ${c}`);
    lines.push('');
  }
  for (const note of view.notes) lines.push(`> ${cell(note)}`);
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
