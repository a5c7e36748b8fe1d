/** `vantage raci`: the RACI matrix and its checks as a terminal table, Markdown, CSV or JSON. */
import type { FullRaci, RaciFinding, RaciReport, RaciRow } from '../../engine/strategy/raci.js';
import type { ProgramInfo } from '../../model/program.js';
import { csvField } from './schedule-csv.js';

export type RaciView = { program: Pick<ProgramInfo, 'id' | 'name'>; report: RaciReport };

/** The roles a person holds in a RACI, as a cell: `A/R`, `R`, `C`, `I` (empty when none). */
export function raciCell(raci: FullRaci, person: string): string {
  const roles: string[] = [];
  if (raci.a === person) roles.push('A');
  if (raci.r.includes(person)) roles.push('R');
  if (raci.c.includes(person)) roles.push('C');
  if (raci.i.includes(person)) roles.push('I');
  return roles.join('/');
}

/** JSON: `{program, people, workstreams: [{id, title, lead, raci}], items: [{id, title, workstream, raci, overridden}], findings}`. */
export function renderRaciJson(view: RaciView): string {
  const r = view.report;
  const row = (x: RaciRow): Record<string, unknown> => ({
    id: x.id,
    title: x.title,
    ...(x.kind === 'workstream' ? { lead: x.lead } : { workstream: x.workstream, overridden: x.overridden }),
    raci: x.raci,
  });
  const json = {
    program: { id: view.program.id, name: view.program.name },
    people: r.people,
    workstreams: r.workstreams.map(row),
    items: r.items.map(row),
    findings: r.findings,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** CSV (RFC 4180, CRLF): one row per workstream then per open item; a column per person holding the roles (`A/R`). */
export function renderRaciCsv(view: RaciView): string {
  const r = view.report;
  const lines = [['kind', 'id', 'title', 'workstream', 'lead', ...r.people].map(csvField).join(',')];
  for (const x of [...r.workstreams, ...r.items]) {
    const ws = x.kind === 'workstream' ? x.id : (x.workstream ?? '');
    lines.push([x.kind, x.id, x.title, ws, x.lead ?? '', ...r.people.map((p) => raciCell(x.raci, p))].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function matrix(rows: RaciRow[], people: string[]): string[] {
  const head = ['', ...people];
  const cells = rows.map((x) => [x.id, ...people.map((p) => raciCell(x.raci, p))]);
  const widths = head.map((h) => h.length);
  for (const c of cells) for (let k = 0; k < c.length; k++) if (c[k].length > widths[k]) widths[k] = c[k].length;
  const line = (c: string[]): string => c.map((v, k) => v.padEnd(widths[k])).join('  ').trimEnd();
  return [line(head), ...cells.map(line)];
}

/** People who appear in some row, in report order (keeps a matrix narrow). */
const columns = (rows: RaciRow[], people: string[]): string[] => people.filter((p) => rows.some((x) => raciCell(x.raci, p) !== ''));

function findingLines(findings: RaciFinding[]): string[] {
  if (findings.length === 0) return ['No RACI problems found.'];
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${f.severity === 'error' ? 'error' : 'warning'}: ${f.message} [${f.check}]`);
    out.push(`  fix: ${f.fix}`);
  }
  return out;
}

const summary = (findings: RaciFinding[]): string => {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${findings.length} finding(s): ${errors} error(s), ${findings.length - errors} warning(s)`;
};

/**
 * The terminal view: the workstream matrix, the items whose RACI differs from their workstream's (the others inherit it
 * unchanged and are listed by count), then the findings with their fixes.
 */
export function renderRaciTable(view: RaciView): string {
  const r = view.report;
  const out: string[] = [`${view.program.name} (${view.program.id}): RACI (A accountable, R responsible, C consulted, I informed)`, ''];
  if (r.workstreams.length > 0) {
    out.push('By workstream', ...matrix(r.workstreams, columns(r.workstreams, r.people)), '');
  }
  const own = r.items.filter((x) => x.overridden);
  if (own.length > 0) out.push('Items with their own RACI (or an owner as R)', ...matrix(own, columns(own, r.people)), '');
  const inheriting = r.items.length - own.length;
  if (inheriting > 0) out.push(`${inheriting} open item(s) inherit their workstream's RACI unchanged (--format md, csv or json lists every item).`, '');
  out.push(summary(r.findings), ...findingLines(r.findings));
  return `${out.join('\n')}\n`;
}

const esc = (text: string): string => text.replace(/\|/g, '\\|');

function mdMatrix(rows: RaciRow[], people: string[], first: string): string[] {
  if (rows.length === 0) return [];
  const cols = columns(rows, people);
  return [
    `| ${first} | ${cols.map(esc).join(' | ')} |`,
    `|---|${cols.map(() => ':-:').join('|')}|`,
    ...rows.map((x) => `| ${esc(`${x.id}: ${x.title}`)} | ${cols.map((p) => raciCell(x.raci, p)).join(' | ')} |`),
    '',
  ];
}

/** Markdown: the workstream matrix, the full item matrix, then the findings as a table with fixes. */
export function renderRaciMd(view: RaciView): string {
  const r = view.report;
  const out: string[] = [`# RACI: ${esc(view.program.name)}`, '', 'A accountable, R responsible, C consulted, I informed.', ''];
  out.push('## By workstream', '', ...mdMatrix(r.workstreams, r.people, 'Workstream'));
  out.push('## By item (open items)', '', ...mdMatrix(r.items, r.people, 'Item'));
  out.push('## Checks', '', `${summary(r.findings)}.`, '');
  if (r.findings.length > 0) {
    out.push('| Severity | Check | Subject | Problem | Fix |', '|---|---|---|---|---|');
    for (const f of r.findings) out.push(`| ${f.severity} | ${f.check} | ${esc(f.subject)} | ${esc(f.message)} | ${esc(f.fix)} |`);
  }
  return `${out.join('\n')}\n`;
}
