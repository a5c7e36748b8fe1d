/** `vantage whatif`: the impact of the changes as a text report or Markdown. */
import type { WhatIfChange, WhatIfResult } from '../../engine/strategy/whatif.js';

const signed = (d: number): string => (d === 0 ? '0d' : `${d > 0 ? '+' : ''}${d}d`);
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** A change as the user wrote it: `PAY-1 +10d`, `remove X`, `cut X`, `capacity backend +1`. */
export function describeChange(c: WhatIfChange): string {
  switch (c.kind) {
    case 'slip':
      return `slip ${c.id} ${signed(c.days)}`;
    case 'remove':
      return `remove ${c.id}`;
    case 'cut':
      return `cut ${c.id}`;
    default:
      return `capacity ${c.resource} ${c.value !== undefined ? `= ${c.value}` : `${(c.delta ?? 0) >= 0 ? '+' : ''}${c.delta ?? 0}`}`;
  }
}

export function renderWhatIfText(result: WhatIfResult, changes: readonly WhatIfChange[], options: { markdown?: boolean } = {}): string {
  const md = options.markdown === true;
  const out: string[] = [];
  const heading = (t: string): void => void out.push('', md ? `## ${t}` : `${t}:`);
  const bullet = (t: string): void => void out.push(md ? `- ${t}` : `  ${t}`);
  out.push(md ? `# What if: ${changes.map(describeChange).join(', ')}` : `What if: ${changes.map(describeChange).join(', ')}`);
  const p = result.program;
  out.push('', `${md ? '**' : ''}Program ${p.id}: ${p.before} -> ${p.after} (${signed(p.deltaDays)} working days)${md ? '**' : ''}`);
  for (const q of result.programs ?? []) bullet(`${q.id}: ${q.before} -> ${q.after} (${signed(q.deltaDays)})`);
  if (result.forecast) {
    const f = result.forecast;
    const chance = f.probabilityBefore !== undefined && f.probabilityAfter !== undefined
      ? `; chance of target ${f.target}: ${pct(f.probabilityBefore)} -> ${pct(f.probabilityAfter)}` : '';
    out.push(`P${Math.round(f.confidence * 100)} forecast: ${f.before} -> ${f.after}${chance} (${f.trials} trials, seed ${f.seed})`);
  }
  if (result.anomalies.length > 0) {
    out.push('', `${md ? '> ' : ''}warning: ${result.anomalies.length} item(s) moved earlier or by more than the slip (resource levelling reorders work, days off stretch it; not an error): ${result.anomalies.slice(0, 8).map((x) => `${x.id} ${signed(x.deltaDays)} (${x.reason})`).join(', ')}${result.anomalies.length > 8 ? ', ...' : ''}`);
  }

  heading('Milestones');
  const ms = result.milestones;
  if (ms.length === 0) bullet('none in the plan');
  const width = Math.max(0, ...ms.map((m) => label(m).length));
  for (const m of ms) bullet(`${label(m).padEnd(md ? 0 : width)}  ${m.before} -> ${m.after}  ${signed(m.deltaDays)}`);

  heading('Objectives (finish of the work serving each, against its due date)');
  if (result.objectives.length === 0) bullet('no objective has work serving it');
  const ow = Math.max(0, ...result.objectives.map((o) => label(o).length));
  for (const o of result.objectives) {
    const state = o.atRisk ? (o.wasAtRisk ? 'still at risk' : 'AT RISK') : o.wasAtRisk ? 'back on track' : 'on track';
    bullet(`${label(o).padEnd(md ? 0 : ow)}  ${o.before} -> ${o.after}  ${signed(o.deltaDays)}  due ${o.due ?? '—'}  ${state}`);
  }

  heading('How the impact travels');
  if (result.chainText.length === 0) bullet('no milestone or objective moves');
  for (const t of result.chainText) bullet(t);
  if (result.chainText.some((t) => t.includes('] '))) out.push(`${md ? '\n' : ''}[who] ID: ID waited for that person or team, busy on the item before it (resource levelling).`);
  const mv = result.moved;
  if (mv.items.length > 0) {
    out.push('', `${mv.items.length} item(s) moved; teams: ${mv.teams.join(', ') || '—'}; workstreams: ${mv.workstreams.join(', ') || '—'}.`);
  }
  if (result.levelled.before !== result.levelled.after) {
    out.push(`Levelling: ${result.levelled.before ? 'on' : 'off'} before, ${result.levelled.after ? 'on' : 'off'} after (resource conflicts ${result.levelled.after ? 'appear' : 'disappear'}).`);
  }
  return `${out.join('\n')}\n`;
}

function label(x: { id: string; program?: string }): string {
  return x.program !== undefined ? `${x.program}/${x.id}` : x.id;
}
