import { dayNumber, isoDate } from '../../engine/dates.js';
import type { ScheduleResult, ScheduledItem } from '../../engine/schedule.js';

/** Text Mermaid would misread in a task line (`:` ends the title, `;` and `#` are syntax) is replaced by a space. */
const clean = (text: string): string => text.replace(/[:;#\r\n]+/g, ' ').replace(/\s+/g, ' ').trim() || '-';

/**
 * The schedule as a Mermaid gantt chart: `dateFormat YYYY-MM-DD`, one section per workstream (per program and
 * workstream in a portfolio; items without one under "Other"), items ordered by start, explicit start and exclusive
 * end dates (the day after the last working day, Mermaid's convention), `crit` on critical items, `done` / `active`
 * by status, and milestones in a final section. No `excludes` line: the bars already sit on working days and Mermaid
 * would stretch tasks that span excluded days.
 */
export function renderScheduleMermaid(result: ScheduleResult): string {
  const lines = ['gantt', `    title ${clean(result.program.name)}`, '    dateFormat YYYY-MM-DD', '    axisFormat %Y-%m-%d'];
  const used = new Set<string>();
  const mermaidId = (id: string): string => {
    let base = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `t_${base}`;
    let out = base;
    for (let k = 2; used.has(out); k++) out = `${base}_${k}`;
    used.add(out);
    return out;
  };
  const sections = new Map<string, ScheduledItem[]>();
  const order = result.items.slice().sort((a, b) => a.es - b.es || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (const item of order) {
    const name = [item.program, item.workstream ?? 'Other'].filter(Boolean).join(' / ');
    const list = sections.get(name);
    if (list) list.push(item);
    else sections.set(name, [item]);
  }
  for (const [name, items] of sections) {
    lines.push(`    section ${clean(name)}`);
    for (const item of items) {
      const tags: string[] = [];
      if (item.critical) tags.push('crit');
      if (item.status === 'done') tags.push('done');
      if (item.status === 'doing') tags.push('active');
      const zero = item.ef - item.es <= 0 && item.status !== 'done';
      if (zero) tags.push('milestone');
      const id = mermaidId(item.program ? `${item.program}_${item.id}` : item.id);
      const end = zero ? '0d' : isoDate(dayNumber(item.finish) + 1);
      lines.push(`    ${clean(`${item.id} ${item.title}`)} :${[...tags, id, item.start, end].join(', ')}`);
    }
  }
  if (result.milestones.length > 0) {
    lines.push('    section Milestones');
    for (const m of result.milestones) {
      const tags = ['milestone', ...(m.critical ? ['crit'] : [])];
      const id = mermaidId(`m_${m.program ? `${m.program}_` : ''}${m.id}`);
      const late = m.late ? ' (late)' : '';
      lines.push(`    ${clean(`${m.title}${late}`)} :${[...tags, id, m.date, '0d'].join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
