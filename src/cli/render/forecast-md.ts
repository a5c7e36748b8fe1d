/** `vantage forecast FILE --format md`: the Monte Carlo forecast as a Markdown report. */
import type { ForecastResult, ProgramForecast } from '../../engine/forecast/summary.js';
import { foldHistogram, headline, longDate, modeLine, percent } from './forecast-common.js';
import { levelPercent } from './forecast-json.js';

const esc = (text: string): string => text.replace(/\|/g, '\\|');

export function renderForecastMd(result: ForecastResult, options: { topItems?: number } = {}): string {
  const out: string[] = [];
  const p = result.program;
  out.push(`# Forecast: ${esc(p.name)}`, '');
  out.push(`**${headline(p)}**`, '');
  out.push(`${modeLine(result)}.`, '');

  const programs: ProgramForecast[] = result.programs ?? [p];
  const levels = result.percentiles;
  out.push(`| Program | ${levels.map((l) => `P${levelPercent(l)}`).join(' | ')} | Plan (likely estimates) | Target | Chance of target |`);
  out.push(`|---|${levels.map(() => '---').join('|')}|---|---|---|`);
  const rows = result.programs ? [p, ...programs] : programs;
  for (const q of rows) {
    const target = q.target ?? '—';
    const chance = q.probabilityOnTarget !== undefined ? percent(q.probabilityOnTarget) : '—';
    out.push(`| ${esc(q.name)} | ${q.levels.map((x) => x.date).join(' | ')} | ${q.deterministic} | ${target} | ${chance} |`);
  }

  if (result.milestones.length > 0) {
    out.push('', '## Milestones', '');
    out.push(`| Milestone | ${levels.map((l) => `P${levelPercent(l)}`).join(' | ')} | Committed | Chance |`);
    out.push(`|---|${levels.map(() => '---').join('|')}|---|---|`);
    for (const m of result.milestones) {
      const name = `${m.program ? `${m.program}/` : ''}${m.id}: ${m.title}`;
      const chance = m.probabilityOnDate !== undefined ? percent(m.probabilityOnDate) : '—';
      out.push(`| ${esc(name)} | ${m.levels.map((x) => x.date).join(' | ')} | ${m.date ?? '—'} | ${chance} |`);
    }
  }

  const bins = foldHistogram(p.histogram, 12);
  if (bins.length > 0) {
    out.push('', '## Finish dates', '');
    out.push('| Finish between | Trials | Cumulative |', '|---|---|---|');
    let cum = 0;
    for (const b of bins) {
      cum += b.count;
      const label = b.from === b.to ? b.from : `${b.from} – ${b.to}`;
      out.push(`| ${label} | ${percent(b.count / result.trials)} | ${percent(cum / result.trials)} |`);
    }
  }

  const top = result.items
    .filter((i) => i.criticality > 0)
    .sort((a, b) => b.criticality - a.criticality)
    .slice(0, options.topItems ?? 15);
  if (top.length > 0) {
    out.push('', '## Most often critical', '', '| Item | Critical in | Title |', '|---|---|---|');
    for (const i of top) out.push(`| ${esc(i.program ? `${i.program}/${i.id}` : i.id)} | ${percent(i.criticality)} | ${esc(i.title)} |`);
  }

  if (result.risks.length > 0) {
    out.push('', `## Risks (working days added at P${levelPercent(p.confidence)})`, '');
    out.push('| Risk | Adds | Mean | Probability | Impact | Title |', '|---|---|---|---|---|---|');
    for (const r of result.risks) {
      out.push(
        `| ${esc(r.program ? `${r.program}/${r.id}` : r.id)} | +${r.days}d | +${r.meanDays}d | ${percent(r.probability)} | ${r.impactDays}d | ${esc(r.title)} |`,
      );
    }
  }
  out.push('', `Plan at likely estimates finishes ${longDate(p.deterministic)}.`);
  return `${out.join('\n')}\n`;
}
