/**
 * `vantage forecast FILE` in a terminal: the headline a TPM can repeat ("85% likely by 12 May 2027 · 61% chance of
 * the 30 Apr target"), percentiles against the plan, milestones against their committed dates, the finish
 * distribution, the most critical items and the risk tornado.
 */
import type { ForecastResult, ProgramForecast } from '../../engine/forecast/summary.js';
import { bar, foldHistogram, headline, levelsLine, longDate, modeLine, percent } from './forecast-common.js';
import { levelPercent } from './forecast-json.js';

export type ForecastTextOptions = {
  /** ANSI colours. */
  color: boolean;
  /** Critical items listed (default 10). */
  topItems?: number;
};

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

export function renderForecastText(result: ForecastResult, options: ForecastTextOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const chance = (p: number | undefined, text: string): string =>
    p === undefined ? text : paint(p >= result.program.confidence ? '32' : p >= 0.5 ? '33' : '31', text);
  const out: string[] = [];
  const p = result.program;
  out.push(`${p.name} (${p.id}): forecast, ${modeLine(result)}`);
  const programBlock = (q: ProgramForecast, indent: string): void => {
    out.push(`${indent}${chance(q.probabilityOnTarget, headline(q))}`);
    out.push(`${indent}  ${levelsLine(q)}`);
    out.push(`${indent}  plan at likely estimates: ${longDate(q.deterministic)}`);
  };
  programBlock(p, '');
  for (const q of result.programs ?? []) {
    out.push('', `${q.name} (${q.id})`);
    programBlock(q, '  ');
  }

  if (result.milestones.length > 0) {
    out.push('', 'Milestones');
    const idWidth = Math.min(32, Math.max(...result.milestones.map((m) => (m.program ? `${m.program}/${m.id}` : m.id).length)));
    for (const m of result.milestones) {
      const id = cut(m.program ? `${m.program}/${m.id}` : m.id, 32).padEnd(idWidth);
      const levels = m.levels.map((q) => `P${levelPercent(q.level)} ${q.date}`).join('  ');
      const committed =
        m.date !== undefined && m.probabilityOnDate !== undefined
          ? chance(m.probabilityOnDate, `${percent(m.probabilityOnDate)} chance of ${m.date}`)
          : 'no committed date';
      out.push(`  ${id}  ${levels}  ${committed}`);
    }
  }

  const bins = foldHistogram(p.histogram, 12);
  if (bins.length > 1) {
    out.push('', 'Finish dates (share of trials)');
    const max = Math.max(...bins.map((b) => b.count));
    for (const b of bins) {
      const label = b.from === b.to ? b.from : `${b.from}..${b.to}`;
      out.push(`  ${label.padEnd(22)} ${bar(b.count / max, 30).padEnd(31)} ${percent(b.count / result.trials)}`);
    }
  }

  const top = result.items
    .filter((i) => i.criticality > 0)
    .sort((a, b) => b.criticality - a.criticality)
    .slice(0, options.topItems ?? 10);
  if (top.length > 0) {
    out.push('', 'Most often critical (share of trials on the critical path)');
    const width = Math.min(32, Math.max(...top.map((i) => (i.program ? `${i.program}/${i.id}` : i.id).length)));
    for (const i of top) {
      const id = cut(i.program ? `${i.program}/${i.id}` : i.id, 32).padEnd(width);
      out.push(`  ${id}  ${percent(i.criticality).padStart(6)}  ${bar(i.criticality, 20).padEnd(21)} ${cut(i.title, 40)}`);
    }
  }

  if (result.risks.length > 0) {
    const level = result.program.confidence;
    out.push('', `Risks: working days each adds at P${levelPercent(level)} (tornado)`);
    const max = Math.max(1, ...result.risks.map((r) => r.days));
    const riskId = (r: { id: string; program?: string }): string => (r.program ? `${r.program}/${r.id}` : r.id);
    const width = Math.min(32, Math.max(...result.risks.map((r) => riskId(r).length)));
    for (const r of result.risks) {
      const days = `+${r.days}d`.padStart(5);
      out.push(
        `  ${cut(riskId(r), 32).padEnd(width)}  ${days}  ${bar(r.days / max, 20).padEnd(21)} ${cut(r.title, 40)} (${percent(r.probability)} × ${r.impactDays}d, mean +${r.meanDays}d)`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
