/** The communication plan as a text table, Markdown or JSON. */
import { QUADRANTS, type CommsPlan } from '../../engine/brief/comms.js';
import { longDate } from '../../engine/brief/words.js';

function gridLines(plan: CommsPlan, name: (id: string) => string): string[] {
  return QUADRANTS.map((q) => `${q.title}: ${plan.grid[q.id].length === 0 ? '—' : plan.grid[q.id].map(name).join(', ')}`);
}

const NO_STAKEHOLDERS = 'The file lists no stakeholders: add them under stakeholders: with influence, interest, cares_about, channel, cadence and last_update.';

const cell = (x: string | undefined): string => x ?? '—';

/** Header of both human formats. */
function heading(plan: CommsPlan, programName: string): string {
  return `Communication plan: ${programName}, week ${plan.week.id} (${longDate(plan.week.from)} to ${longDate(plan.week.to)})`;
}

/** A plain-text table for the terminal. */
export function renderCommsTable(plan: CommsPlan, programName: string): string {
  const byId = new Map(plan.stakeholders.map((s) => [s.id, s]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  const lines: string[] = [heading(plan, programName), ''];
  if (plan.stakeholders.length === 0) return `${lines.join('\n')}${NO_STAKEHOLDERS}\n`;
  lines.push('INFLUENCE / INTEREST GRID', ...gridLines(plan, name).map((l) => `  ${l}`), '');
  const rows = [
    ['Stakeholder', 'Channel', 'Cadence', 'Last update', 'This week'],
    ...plan.stakeholders.map((s) => [`${s.name} (${s.id})`, cell(s.channel), cell(s.cadence), s.lastUpdate ? longDate(s.lastUpdate) : 'never', s.due ? `DUE: ${s.reason}` : s.reason]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `  ${r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('  ')}`.trimEnd();
  lines.push(`UPDATES (${plan.due.length} of ${plan.stakeholders.length} due this week)`, line(rows[0]!), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...rows.slice(1).map(line), '');
  const due = plan.stakeholders.filter((s) => s.due);
  if (due.length > 0) {
    lines.push('WHAT THEY CARE ABOUT');
    for (const s of due) {
      lines.push(`  ${s.name} by ${cell(s.channel)}:`);
      if (s.caresAbout.length === 0) lines.push('    - no objectives listed (cares_about)');
      for (const c of s.caresAbout) lines.push(`    - ${c.line}`);
    }
  } else {
    lines.push('No one is due an update this week.');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

const esc = (text: string): string => text.replace(/([\\`*_[\]|<>])/g, '\\$1');

/** Markdown, for a wiki page or the weekly status doc. */
export function renderCommsMd(plan: CommsPlan, programName: string): string {
  const byId = new Map(plan.stakeholders.map((s) => [s.id, s]));
  const name = (id: string) => esc(byId.get(id)?.name ?? id);
  if (plan.stakeholders.length === 0) return `# ${esc(heading(plan, programName))}\n\n${NO_STAKEHOLDERS}\n`;
  const lines: string[] = [`# ${esc(heading(plan, programName))}`, '', '## Influence / interest grid', ''];
  lines.push(...gridLines(plan, name).map((l) => `- ${l}`), '');
  lines.push(`## Updates (${plan.due.length} of ${plan.stakeholders.length} due this week)`, '');
  lines.push('| Stakeholder | Channel | Cadence | Last update | This week |', '|---|---|---|---|---|');
  for (const s of plan.stakeholders) {
    lines.push(`| ${esc(s.name)} | ${cell(s.channel)} | ${cell(s.cadence)} | ${s.lastUpdate ? longDate(s.lastUpdate) : 'never'} | ${s.due ? `**due**: ${s.reason}` : s.reason} |`);
  }
  lines.push('');
  const due = plan.stakeholders.filter((s) => s.due);
  if (due.length > 0) {
    lines.push('## What they care about', '');
    for (const s of due) {
      lines.push(`### ${esc(s.name)} (${cell(s.channel)})`, '');
      if (s.caresAbout.length === 0) lines.push('- no objectives listed (cares\\_about)');
      for (const c of s.caresAbout) lines.push(`- ${esc(c.line)}`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** JSON: the plan as computed. */
export function renderCommsJson(plan: CommsPlan, programId: string): string {
  return `${JSON.stringify({ program: programId, ...plan }, null, 2)}\n`;
}
