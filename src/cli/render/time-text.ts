/** `vantage time --format table` (the default) and `--format md`. */
import { hours, ignoredLine, localSpan, percent, type TimeReport } from './time-report.js';

/** A plain-text report: weeks table, sinks, focus blocks. */
export function renderTimeText(r: TimeReport): string {
  const a = r.analysis;
  const out: string[] = [];
  out.push(`Time: ${r.program.name}${r.email ? ` (${r.email})` : ''}, ${r.firstDay} to ${r.lastDay}, ${r.zone}, working hours ${r.hours} Mon–Fri`);
  out.push(`Target strategic share: ${percent(r.target)}${r.defaultTarget ? ' (default; set time.target_strategic)' : ''}`, '');
  const rows = [
    ['Week', 'Strategic', 'Tactical', 'Share', 'Target', ''],
    ...a.weeks.map((w) => [
      w.week,
      hours(w.strategicHours),
      hours(w.tacticalHours),
      percent(w.share),
      percent(w.target),
      w.share === null ? 'no events' : w.share >= w.target ? 'on target' : 'below target',
    ]),
  ];
  out.push(...table(rows, [false, true, true, true, true, false]), '');
  out.push('Largest tactical sinks:');
  if (a.sinks.length === 0) out.push('  none');
  for (const s of a.sinks) {
    out.push(`  ${s.title}: ${hours(s.hours)} (${s.occurrences}×, ${s.averageMinutes} min) — ${s.suggestion}`);
  }
  out.push('');
  out.push('Focus blocks to reach the target:');
  for (const p of a.plan) {
    const blocks = a.focusBlocks.filter((b) => b.week === p.week);
    const head =
      p.neededHours === 0
        ? 'on target, nothing to add'
        : p.reachesTarget
          ? `${hours(p.plannedHours)} of focus lifts the share to ${percent(p.shareWithBlocks)}`
          : `not reachable: ${p.reason ?? 'no room'}${p.plannedHours > 0 ? ` (with ${hours(p.plannedHours)} of focus: ${percent(p.shareWithBlocks)})` : ''}`;
    out.push(`  ${p.week}: ${head}`);
    for (const b of blocks) out.push(`    ${localSpan(b, r.toLocal)} (${hours(b.hours)})`);
  }
  const ignored = ignoredLine(r);
  if (ignored) out.push('', ignored);
  return `${out.join('\n')}\n`;
}

/** The same report as Markdown. */
export function renderTimeMd(r: TimeReport): string {
  const a = r.analysis;
  const out: string[] = [];
  out.push(`# Time: ${r.program.name}`, '');
  out.push(`${r.firstDay} to ${r.lastDay} (${r.zone}), working hours ${r.hours} Mon–Fri. Target strategic share ${percent(r.target)}${r.defaultTarget ? ' (default)' : ''}.`, '');
  out.push('| Week | Strategic | Tactical | Share | Target |', '|---|---:|---:|---:|---:|');
  for (const w of a.weeks) out.push(`| ${w.week} | ${hours(w.strategicHours)} | ${hours(w.tacticalHours)} | ${percent(w.share)} | ${percent(w.target)} |`);
  out.push('', '## Largest tactical sinks', '');
  if (a.sinks.length === 0) out.push('None.');
  else {
    out.push('| Series | Hours | Times | Suggestion |', '|---|---:|---:|---|');
    for (const s of a.sinks) out.push(`| ${s.title.replace(/\|/g, '\\|')} | ${hours(s.hours)} | ${s.occurrences} | ${s.suggestion} |`);
  }
  out.push('', '## Focus blocks', '');
  for (const p of a.plan) {
    const status = p.neededHours === 0 ? 'on target' : p.reachesTarget ? `reaches ${percent(p.shareWithBlocks)}` : `not reachable: ${p.reason ?? 'no room'}`;
    out.push(`- **${p.week}**: ${status}`);
    for (const b of a.focusBlocks.filter((x) => x.week === p.week)) out.push(`  - ${localSpan(b, r.toLocal)} (${hours(b.hours)})`);
  }
  const ignored = ignoredLine(r);
  if (ignored) out.push('', ignored);
  return `${out.join('\n')}\n`;
}

function table(rows: string[][], right: boolean[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}
