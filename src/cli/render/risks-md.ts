import { exposureText, flagsOf, impactText, IMPACT_BANDS, pct, PROBABILITY_BANDS, type RisksReport } from './risks-report.js';

const cell = (s: string): string => s.replaceAll('|', '\\|');

/** `vantage risks --format md`: the register, heat map and findings as Markdown (status reports, wikis). */
export function renderRisksMd(r: RisksReport): string {
  const lines: string[] = [];
  lines.push(`# Risks: ${cell(r.program.name)}`, '', `Status date ${r.today}; forecast ${r.forecast.trials} trials, seed ${r.forecast.seed}; P${Math.round(r.forecast.confidence * 100)} finish ${r.forecast.atConfidence}.`, '');
  lines.push('## Register', '');
  if (r.register.risks.length === 0) lines.push('No risks in the file.');
  else {
    lines.push(`| id | title | status | p | days P${Math.round(r.forecast.confidence * 100)}/if hit | exposure | heat | owner | flags |`, '|---|---|---|---|---|---|---|---|---|');
    for (const e of r.register.risks) {
      const cells = [e.id, e.title, `${e.kind} ${e.status}`, e.probability === undefined ? '-' : pct(e.probability), impactText(e), exposureText(e), e.heat ? `${e.heat.probability}x${e.heat.impact}` : '-', e.owner ?? '**none**', flagsOf(e).join(', ')];
      lines.push(`| ${cells.map(cell).join(' | ')} |`);
    }
  }
  lines.push('', '## Heat map', '', `| probability \\ impact | ${IMPACT_BANDS.join(' | ')} |`, `|---|${IMPACT_BANDS.map(() => '---').join('|')}|`);
  for (let p = 4; p >= 0; p--) lines.push(`| ${p + 1} ${PROBABILITY_BANDS[p]} | ${r.register.heatMap[p].map((ids) => (ids.length === 0 ? ' ' : ids.join(', '))).join(' | ')} |`);
  lines.push('', '## Findings', '');
  if (r.findings.length === 0) lines.push('No findings.');
  for (const f of r.findings) {
    lines.push(`- **${f.severity}** \`${f.rule}\`: ${f.message}. *Action:* ${f.action}.`);
  }
  if (r.proposed !== undefined) lines.push('', `Proposed draft risks: ${r.proposed.length === 0 ? 'none' : r.proposed.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
