/** Output of `vantage decisions` and `vantage lessons`: table, Markdown and JSON. */
import type { ChainProblem, DecisionView, LessonView, Link } from '../../engine/logs/decisions.js';

export type DecisionsListing = { program: { id: string; name: string }; views: DecisionView[]; total: number; problems: ChainProblem[] };
export type LessonsListing = { program: { id: string; name: string }; views: LessonView[]; total: number };

const links = (items: readonly Link[], risks: readonly Link[]): string => [...items, ...risks].map((l) => `${l.id} ${l.title}`).join('; ');

/** "accepted", "superseded by D3", "accepted, replaced by D3" (a status not updated yet). */
function statusCell(v: DecisionView): string {
  const status = v.decision.status ?? '';
  if (v.supersededBy === undefined) return status || '-';
  if (status.toLowerCase() === 'superseded' || status === '') return `superseded by ${v.supersededBy}`;
  return `${status}, superseded by ${v.supersededBy}`;
}

/** "D4 > D3 > D1 (D4 in force)" for a chain of more than one decision, else "". */
function chainCell(v: DecisionView): string {
  return v.chain.length > 1 ? `${v.chain.join(' > ')}` : '';
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((v, c) => v.padEnd(widths[c])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const countLine = (shown: number, total: number, noun: string): string =>
  shown === total ? `${total} ${noun}${total === 1 ? '' : 's'}` : `${shown} of ${total} ${noun}s match`;

/** A plain text table: id, date, status, title, owner, links, chain (newest first); problems below. */
export function renderDecisionsTable(l: DecisionsListing): string {
  const lines = [`Decisions: ${l.program.name} (${countLine(l.views.length, l.total, 'decision')})`, ''];
  if (l.views.length > 0) {
    const rows = l.views.map((v) => [v.decision.id, v.decision.date ?? '', statusCell(v), v.decision.title, v.decision.owner ?? '', links(v.items, v.risks), chainCell(v)]);
    lines.push(...table(['ID', 'Date', 'Status', 'Title', 'Owner', 'Links', 'Chain (newest first)'], rows));
  }
  for (const p of l.problems) lines.push(`warning: ${p.message} [${p.code}]`);
  return `${lines.join('\n')}\n`;
}

function escapeMd(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** Markdown: a table, decisions superseded shown struck through, then each decision's context and outcome. */
export function renderDecisionsMd(l: DecisionsListing): string {
  const lines = [`## Decisions: ${escapeMd(l.program.name)}`, '', `${countLine(l.views.length, l.total, 'decision')}.`, ''];
  if (l.views.length > 0) {
    lines.push('| ID | Date | Status | Decision | Owner | Links | Chain |', '|---|---|---|---|---|---|---|');
    for (const v of l.views) {
      const title = v.superseded ? `~~${escapeMd(v.decision.title)}~~` : escapeMd(v.decision.title);
      lines.push(`| ${v.decision.id} | ${v.decision.date ?? ''} | ${statusCell(v)} | ${title} | ${v.decision.owner ?? ''} | ${escapeMd(links(v.items, v.risks))} | ${chainCell(v)} |`);
    }
    lines.push('');
    for (const v of l.views) {
      const d = v.decision;
      const body = [d.context ? `Context: ${d.context}` : '', d.options.length > 0 ? `Options: ${d.options.join(', ')}` : '', d.decision ? `Decision: ${d.decision}` : ''].filter((x) => x !== '');
      if (body.length === 0) continue;
      lines.push(`### ${d.id}: ${d.title}`, '', ...body.map((b) => `- ${b}`), '');
    }
  }
  for (const p of l.problems) lines.push(`> Warning: ${p.message} (${p.code})`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `{decisions: [{id, date, title, owner, status, context, options, decision, supersedes, supersededBy, current, chain, superseded, items, risks}], problems}`. */
export function renderDecisionsJson(l: DecisionsListing): string {
  const decisions = l.views.map((v) => {
    const d = v.decision;
    return {
      id: d.id,
      date: d.date ?? null,
      title: d.title,
      owner: d.owner ?? null,
      status: d.status ?? null,
      context: d.context ?? null,
      options: d.options,
      decision: d.decision ?? null,
      supersedes: d.supersedes ?? null,
      supersededBy: v.supersededBy ?? null,
      current: v.current,
      chain: v.chain,
      superseded: v.superseded,
      items: v.items,
      risks: v.risks,
    };
  });
  return `${JSON.stringify({ program: l.program.id, total: l.total, decisions, problems: l.problems }, null, 2)}\n`;
}

/** A plain text table of lessons: id, date, title, change, links. */
export function renderLessonsTable(l: LessonsListing): string {
  const lines = [`Lessons: ${l.program.name} (${countLine(l.views.length, l.total, 'lesson')})`, ''];
  if (l.views.length > 0) {
    const rows = l.views.map((v) => [v.lesson.id, v.lesson.date ?? '', v.lesson.title, v.lesson.change ?? '', links(v.items, v.risks)]);
    lines.push(...table(['ID', 'Date', 'Lesson', 'Change', 'Links'], rows));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Markdown table of lessons. */
export function renderLessonsMd(l: LessonsListing): string {
  const lines = [`## Lessons: ${escapeMd(l.program.name)}`, '', `${countLine(l.views.length, l.total, 'lesson')}.`, ''];
  if (l.views.length > 0) {
    lines.push('| ID | Date | Lesson | Change | Links |', '|---|---|---|---|---|');
    for (const v of l.views) {
      lines.push(`| ${v.lesson.id} | ${v.lesson.date ?? ''} | ${escapeMd(v.lesson.title)} | ${escapeMd(v.lesson.change ?? '')} | ${escapeMd(links(v.items, v.risks))} |`);
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `{program, total, lessons: [{id, date, title, change, items, risks}]}`. */
export function renderLessonsJson(l: LessonsListing): string {
  const lessons = l.views.map((v) => ({ id: v.lesson.id, date: v.lesson.date ?? null, title: v.lesson.title, change: v.lesson.change ?? null, items: v.items, risks: v.risks }));
  return `${JSON.stringify({ program: l.program.id, total: l.total, lessons }, null, 2)}\n`;
}
