import type { Finding } from '../../engine/risk/finding.js';
import { exposureText, flagsOf, impactText, IMPACT_BANDS, num, pct, PROBABILITY_BANDS, type RisksReport } from './risks-report.js';

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]): string => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

/** The 5×5 heat map as a text grid: probability bands top (high) to bottom, impact bands left to right; ids in cells. */
export function heatMapLines(cells: string[][][]): string[] {
  const head = ['probability \\ impact', ...IMPACT_BANDS];
  const rows: string[][] = [];
  for (let p = 4; p >= 0; p--) rows.push([`${p + 1} ${PROBABILITY_BANDS[p]}`, ...cells[p].map((ids) => (ids.length === 0 ? '.' : ids.join(',')))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]): string => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  return [rule, fmt(head), rule, ...rows.map(fmt), rule];
}

export function findingLines(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['No findings: every enabled rule is quiet.'];
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const lines = [`Findings (${findings.length}: ${count('high')} high, ${count('medium')} medium, ${count('low')} low)`];
  for (const f of findings) {
    lines.push(`${f.severity.toUpperCase().padEnd(6)} ${f.rule}: ${f.message}`);
    const who = [...f.items, ...f.people.map((p) => `@${p}`)].join(' ');
    if (who) lines.push(`       involves ${who}`);
    lines.push(`       -> ${f.action}`);
  }
  return lines;
}

/** `vantage risks` as a terminal report: the register sorted by exposure, the heat map, the flags, the findings. */
export function renderRisksTable(r: RisksReport): string {
  const lines: string[] = [];
  lines.push(
    `Risks of ${r.program.name} on ${r.today} (forecast: ${r.forecast.trials} trials, seed ${r.forecast.seed}; P${Math.round(r.forecast.confidence * 100)} finish ${r.forecast.atConfidence})`,
    '',
  );
  const reg = r.register;
  if (reg.risks.length === 0) lines.push('The register is empty: add risks under risks: (or run with --propose).');
  else {
    const rows = reg.risks.map((e) => [
      e.id,
      e.kind,
      e.status,
      e.probability === undefined ? '-' : pct(e.probability),
      impactText(e),
      exposureText(e),
      e.heat ? `${e.heat.probability}x${e.heat.impact}` : '-',
      e.owner ?? '-',
      flagsOf(e).join(', '),
    ]);
    lines.push(...table(['id', 'kind', 'status', 'p', `P${Math.round(r.forecast.confidence * 100)}/if hit`, 'exposure', 'heat', 'owner', 'flags'], rows));
  }
  lines.push('', 'Heat map (active risks; probability band x impact band):', ...heatMapLines(reg.heatMap), '');
  const list = (label: string, ids: string[]) => lines.push(`${label}: ${ids.length === 0 ? 'none' : ids.join(', ')}`);
  list('Fired triggers', reg.firedTriggers);
  list('Overdue reviews', reg.overdueReviews);
  list('No owner', reg.missingOwner);
  list('No mitigation', reg.missingMitigation);
  lines.push('', ...findingLines(r.findings));
  if (r.proposed !== undefined) {
    lines.push('', r.proposed.length === 0 ? 'Proposed no draft risks: every finding was already proposed.' : `Proposed ${r.proposed.length} draft risk(s): ${r.proposed.join(', ')}.`);
  }
  lines.push('', `Exposure: probability x schedule days at P${Math.round(r.forecast.confidence * 100)} (forecast tornado), else x impact days; "sev" = probability x severity. Total: ${num(reg.risks.filter((e) => e.exposureUnit === 'days').reduce((s, e) => s + e.exposure, 0))}d.`);
  return `${lines.join('\n')}\n`;
}
