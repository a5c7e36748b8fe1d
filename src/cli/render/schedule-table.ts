import type { ScheduleResult, ScheduledItem, ProgramSummary } from '../../engine/schedule.js';

export type TableOptions = {
  /** ANSI colours (critical items in red, late dates in red, on-time in green). */
  color: boolean;
  /** Longest title shown before it is cut with an ellipsis (default 40). */
  titleWidth?: number;
};

const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '').replace(/\.$/, ''));

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

function versus(s: ProgramSummary, paint: (code: string, text: string) => string): string {
  if (s.target === undefined) return 'no target';
  const margin = s.marginDays ?? 0;
  return s.late
    ? paint('31', `target ${s.target}: LATE by ${-margin} working day${margin === -1 ? '' : 's'}`)
    : paint('32', `target ${s.target}: on time, ${margin} working day${margin === 1 ? '' : 's'} to spare`);
}

/**
 * The schedule as a terminal table: a short header (finish vs target per program, milestones vs committed dates),
 * then every item ordered by start with its dates, duration, total slack and a `*` on critical items, then the
 * critical path.
 */
export function renderScheduleTable(result: ScheduleResult, options: TableOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const titleWidth = options.titleWidth ?? 40;
  const out: string[] = [];
  const p = result.program;
  const mode = result.levelled ? 'resource-levelled' : 'dependencies only';
  out.push(`${p.name} (${p.id}): schedule, ${mode}, status date ${p.today}`);
  out.push(`  ${p.start} -> ${p.finish} (${num(p.finishOffset)} working days); ${versus(p, paint)}`);
  for (const s of result.programs ?? []) {
    out.push(`  ${s.id}: ${s.start} -> ${s.finish} (${num(s.finishOffset)} working days); ${versus(s, paint)}`);
  }
  if (result.milestones.length > 0) {
    out.push('');
    out.push('Milestones');
    let idWidth = 0;
    for (const m of result.milestones) idWidth = Math.max(idWidth, (m.program ? `${m.program}/${m.id}` : m.id).length);
    for (const m of result.milestones) {
      const id = (m.program ? `${m.program}/${m.id}` : m.id).padEnd(idWidth);
      let status = '';
      if (m.committed !== undefined) {
        const margin = m.marginDays ?? 0;
        status = m.late
          ? paint('31', `committed ${m.committed}, LATE by ${-margin}d`)
          : paint('32', `committed ${m.committed}, ${margin}d to spare`);
      }
      out.push(`  ${m.critical ? '*' : ' '} ${id}  ${m.date}  ${status}  ${cut(m.title, titleWidth)}`.trimEnd());
    }
  }
  out.push('');
  const portfolio = result.programs !== undefined;
  const rows = result.items.slice().sort((a, b) => a.es - b.es || a.ef - b.ef);
  const head = ['', ...(portfolio ? ['Program'] : []), 'ID', 'Title', 'Workstream', 'Owner', 'Start', 'Finish', 'Days', 'Slack', 'Status'];
  const cells = rows.map((i: ScheduledItem) => [
    i.critical ? '*' : '',
    ...(portfolio ? [i.program ?? ''] : []),
    i.id,
    cut(i.title, titleWidth),
    i.workstream ?? '',
    i.owner ?? '',
    i.start,
    i.finish,
    num(i.duration),
    // Finished work has no slack to spend.
    i.status === 'done' ? '-' : num(i.slack),
    i.status + (i.delayedBy ? ` (+${num(i.delayedBy)}d${i.delayedByResource ? ` ${i.delayedByResource}` : ''})` : ''),
  ]);
  const right = new Set([head.length - 3, head.length - 2]);
  // A loop, not Math.max(...cells): a spread of 100,000 arguments overflows the stack.
  const widths = head.map((h) => h.length);
  for (const r of cells) for (let c = 0; c < r.length; c++) if (r[c].length > widths[c]) widths[c] = r[c].length;
  const line = (r: string[]): string =>
    r.map((v, c) => (right.has(c) ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd();
  out.push(line(head));
  for (let k = 0; k < cells.length; k++) {
    const text = line(cells[k]);
    out.push(rows[k].critical ? paint('31', text) : text);
  }
  out.push('');
  const critical = result.criticalPath.length;
  out.push(`* critical (no slack): ${critical} of ${result.items.length} items. Slack in working days.`);
  if (result.criticalChains.length > 0) {
    const chain = result.criticalChains[0];
    const shown = chain.length > 12 ? [...chain.slice(0, 6), '...', ...chain.slice(-5)] : chain;
    out.push(`Critical path: ${shown.join(' -> ')}${result.criticalChains.length > 1 ? ` (and ${result.criticalChains.length - 1} more chain${result.criticalChains.length > 2 ? 's' : ''})` : ''}`);
  }
  return `${out.join('\n')}\n`;
}
