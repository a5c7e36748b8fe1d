/** `vantage load FILE`: the load grid (resource x period) as a text table or Markdown, then over-allocations and SPOFs. */
import type { LoadReport, LoadRow } from '../../engine/strategy/load.js';

export type LoadTextOptions = { markdown?: boolean; color?: boolean };

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** A cell: utilisation %, marked `!` when over capacity, `.` when idle, `-` when there is no capacity. */
function cell(c: LoadRow['cells'][number]): string {
  if (c.capacity <= 0) return c.allocated > 0 ? `${c.allocated}u!` : '-';
  if (c.allocated <= 0) return '.';
  return `${pct(c.utilisation)}${c.allocated > c.capacity + 1e-6 ? '!' : ''}`;
}

export function renderLoadText(report: LoadReport, options: LoadTextOptions = {}): string {
  const md = options.markdown === true;
  const out: string[] = [];
  const title = `Load by ${report.by} from ${report.today}${report.levelled ? ' (levelled schedule)' : ' (dependency-only schedule)'}`;
  out.push(md ? `# ${title}` : title, '');
  if (report.periods.length === 0 || report.rows.length === 0) {
    out.push('No open work uses a person or team: nothing to show.');
  } else {
    const head = ['Resource', 'Cap/day', ...report.periods.map((p) => p.id), 'Total'];
    const rows = report.rows.map((r) => [
      `${r.id}${r.kind === 'team' ? ' (team)' : ''}`,
      String(r.capacityPerDay),
      ...r.cells.map(cell),
      pct(r.utilisation),
    ]);
    if (md) {
      out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
      for (const r of rows) out.push(`| ${r.join(' | ')} |`);
    } else {
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (r: string[]): string => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ').trimEnd();
      out.push(line(head));
      for (const r of rows) out.push(line(r));
    }
    out.push('', 'Cells: allocated / capacity (capacity x working days, minus days off); ! over capacity, . idle.');
  }
  out.push('', md ? '## Over-allocation' : 'Over-allocation:');
  if (report.overAllocations.length === 0) out.push(md ? 'None.' : '  none');
  for (const o of report.overAllocations) {
    out.push(`${md ? '-' : '  -'} ${o.resource} in ${o.period}: ${o.allocated} units allocated, capacity ${o.capacity}`);
  }
  out.push('', md ? '## Single points of failure' : 'Single points of failure:');
  if (report.singlePoints.length === 0) out.push(md ? 'None found.' : '  none found');
  for (const s of report.singlePoints) out.push(`${md ? '-' : '  -'} [${s.kind}] ${s.message}`);
  return `${out.join('\n')}\n`;
}
