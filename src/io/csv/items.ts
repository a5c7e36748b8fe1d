/**
 * Items as CSV, both ways: a spreadsheet of the work → `items:` entries of a program file, and a program's items →
 * CSV. Shape:
 *
 * ```csv
 * id,title,workstream,owner,estimate,estimate_low,estimate_likely,estimate_high,dist,after,must,status,started,finished,remaining,value,tags
 * PAY-1,Tokenise card storage,payments,bo,,3,5,10,,,true,doing,2027-01-11,,2,8,pci;external
 * PAY-2,Vault migration,payments,cy,4d,,,,,PAY-1 UI-2+2,false,todo,,,,,
 * ```
 *
 * - A header row is required; columns in any order, names case-insensitive; `id` and `title` are required. Unknown
 *   columns are a warning (with a "did you mean") and ignored; `x-` columns are ignored silently.
 * - `estimate` is a duration (`5`, `0.5`, `4h`, `3d`, `2w`); or three points in `estimate_low`, `estimate_likely`,
 *   `estimate_high` (all three) with an optional `dist` (pert, triangular, lognormal). Not both.
 * - `after`: item ids separated by spaces or semicolons; `ID+N` adds a lag of N (a duration) to that dependency;
 *   another program's item is `<program-id>/<item-id>`.
 * - `must`: true/false (also yes/no, y/n, 1/0). `tags`: separated by semicolons. Dates ISO `YYYY-MM-DD`.
 * - RFC 4180 fields (the tokenizer of history.ts). Every problem is a diagnostic with file, line and column.
 */
import { isMap, isSeq, parseDocument, YAMLSeq, type YAMLMap } from 'yaml';
import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import type { Dependency, Program } from '../../model/program.js';
import { dateProblem, durationProblem, isId, parseDepRef, parseDuration } from '../../model/units.js';
import { splitCsv, type Field } from './history.js';
import { didYouMean } from '../../model/suggest.js';

/** The columns, in the order `writeItemsCsv` writes them. */
export const ITEM_COLUMNS = [
  'id', 'title', 'workstream', 'owner', 'estimate', 'estimate_low', 'estimate_likely', 'estimate_high', 'dist', 'after',
  'must', 'status', 'started', 'finished', 'remaining', 'value', 'tags',
] as const;

export type ItemColumn = (typeof ITEM_COLUMNS)[number];

/** One parsed row: the item as a program-file entry (values as written) and where each column's value was. */
export type CsvItemRow = { item: { id: string } & Record<string, unknown>; line: number; columns: Set<ItemColumn> };

export type ItemsCsvResult = { rows: CsvItemRow[]; diagnostics: Diagnostic[] };

const STATUSES = ['todo', 'doing', 'done', 'blocked', 'cut'];
const DISTS = ['pert', 'triangular', 'lognormal'];

const MESSAGES = {
  'csv-empty': () => 'the items file is empty; it needs a header row such as id,title,workstream,owner,estimate,after',
  'csv-unterminated-quote': () => 'a quoted field is never closed; close it with "',
  'csv-bad-quote': () => 'a quote appears inside an unquoted field; quote the whole field and double inner quotes ("")',
  'csv-unknown-column': (name: string) => `unknown items column '${name}'`,
  'csv-duplicate-column': (name: string) => `column '${name}' appears more than once; keep one`,
  'csv-missing-column': (name: string) => `the header has no '${name}' column; add it`,
  'csv-extra-field': (n: number, m: number) => `this row has ${n} fields but the header has ${m}; quote fields that contain commas`,
  'csv-missing-value': (column: string) => `this row has no ${column}; fill it in`,
  'csv-bad-id': (value: string) => `'${value}' is not an id: use letters, digits, '.', '_' and '-'`,
  'csv-duplicate-id': (id: string, line: number) => `item '${id}' already appears on line ${line}; ids must be unique`,
  'csv-bad-date': (column: string, value: string) => `${column} '${value}' is not a date like 2027-01-15`,
  'csv-bad-estimate': (column: string, value: string) => `${column} '${value}' is not a duration such as 5, 0.5, 4h, 3d or 2w`,
  'csv-estimate-both': () => 'the row has both estimate and estimate_low/likely/high; give one or the other',
  'csv-estimate-partial': () => 'a three-point estimate needs estimate_low, estimate_likely and estimate_high',
  'csv-estimate-order': () => 'a three-point estimate needs estimate_low <= estimate_likely <= estimate_high',
  'csv-bad-dist': (value: string) => `dist '${value}' is not one of ${DISTS.join(', ')}`,
  'csv-bad-after': (value: string) => `after '${value}' is not an item id (optionally +lag, e.g. PAY-1+2d)`,
  'csv-bad-bool': (column: string, value: string) => `${column} '${value}' is not true or false`,
  'csv-bad-status': (value: string) => `status '${value}' is not one of ${STATUSES.join(', ')}`,
  'csv-bad-number': (column: string, value: string) => `${column} '${value}' is not a number from 1 to 10`,
} as const;

type Code = keyof typeof MESSAGES;

/**
 * Parses an items CSV into program-file item entries (values as written: `3d` stays `3d`, numbers become numbers).
 * References (workstream, owner, after) are not checked here: the program loader checks them.
 * @example parseItemsCsv('id,title,estimate\nA,Design,3d\n', 'items.csv').rows[0].item // {id: 'A', title: 'Design', estimate: '3d'}
 */
export function parseItemsCsv(text: string, file: string): ItemsCsvResult {
  const diagnostics: Diagnostic[] = [];
  const report = <C extends Code>(code: C, severity: Severity, at: { line: number; col: number }, args: Parameters<(typeof MESSAGES)[C]>, hint?: string): void => {
    // The message table is typed per code; the spread needs a widened signature.
    const make = MESSAGES[code] as (...a: unknown[]) => string;
    diagnostics.push({ code, severity, message: make(...args), file, line: at.line, col: at.col, ...(hint ? { hint } : {}) });
  };
  const rowsIn = splitCsv(text, (code, at) => report(code, 'error', at, []));
  if (rowsIn.length === 0) {
    report('csv-empty', 'error', { line: 1, col: 1 }, []);
    return { rows: [], diagnostics };
  }
  const [header, ...data] = rowsIn;
  const sourceLines = text.split('\n');
  const index = new Map<ItemColumn, number>();
  header.forEach((field, i) => {
    const name = field.value.trim().toLowerCase();
    if (name.startsWith('x-')) return;
    const column = ITEM_COLUMNS.find((c) => c === name);
    if (!column) {
      const guess = didYouMean(name, ITEM_COLUMNS);
      report('csv-unknown-column', 'warning', field, [field.value.trim()], guess ? `did you mean '${guess}'? (the column is ignored)` : `known columns: ${ITEM_COLUMNS.join(', ')} (the column is ignored)`);
      return;
    }
    if (index.has(column)) report('csv-duplicate-column', 'error', field, [column]);
    else index.set(column, i);
  });
  for (const required of ['id', 'title'] as const) {
    if (!index.has(required)) report('csv-missing-column', 'error', header[0], [required]);
  }
  if (!index.has('id') || !index.has('title')) return { rows: [], diagnostics };

  const rows: CsvItemRow[] = [];
  const seen = new Map<string, number>();
  for (const row of data) {
    if (row.length > header.length) report('csv-extra-field', 'error', row[header.length], [row.length, header.length]);
    const at = (c: ItemColumn): Field | undefined => {
      const i = index.get(c);
      const f = i === undefined ? undefined : row[i];
      if (!f || f.value.trim() === '') return undefined;
      // Point at the value itself: past an opening quote and leading blanks.
      const quoted = sourceLines[f.line - 1]?.[f.col - 1] === '"' ? 1 : 0;
      const lead = f.value.length - f.value.trimStart().length;
      return { value: f.value.trim(), line: f.line, col: f.col + quoted + lead };
    };
    const columns = new Set<ItemColumn>();
    const idField = at('id');
    if (!idField) {
      report('csv-missing-value', 'error', row[index.get('id')!] ?? row[0], ['id']);
      continue;
    }
    if (!isId(idField.value)) report('csv-bad-id', 'error', idField, [idField.value]);
    const first = seen.get(idField.value);
    if (first !== undefined) report('csv-duplicate-id', 'error', idField, [idField.value, first]);
    else seen.set(idField.value, idField.line);
    const item: { id: string } & Record<string, unknown> = { id: idField.value };
    const title = at('title');
    if (title) {
      item.title = title.value;
      columns.add('title');
    } else report('csv-missing-value', 'error', row[index.get('title')!] ?? idField, ['title']);
    for (const c of ['workstream', 'owner'] as const) {
      const f = at(c);
      if (!f) continue;
      if (!isId(f.value)) report('csv-bad-id', 'error', f, [f.value]);
      item[c] = f.value;
      columns.add(c);
    }
    const duration = (c: ItemColumn, f: Field): number | string | undefined => {
      if (durationProblem(f.value) !== undefined) {
        report('csv-bad-estimate', 'error', f, [c, f.value]);
        return undefined;
      }
      return /^\d+(\.\d+)?$/.test(f.value) ? Number(f.value) : f.value;
    };
    const est = at('estimate');
    const three = (['estimate_low', 'estimate_likely', 'estimate_high'] as const).map((c) => at(c));
    const dist = at('dist');
    if (est && three.some((f) => f)) report('csv-estimate-both', 'error', est, []);
    else if (est) {
      const v = duration('estimate', est);
      if (v !== undefined) item.estimate = v;
      columns.add('estimate');
    } else if (three.some((f) => f)) {
      const missing = three.findIndex((f) => !f);
      if (missing >= 0) report('csv-estimate-partial', 'error', three.find((f) => f)!, []);
      else {
        const names = ['estimate_low', 'estimate_likely', 'estimate_high'] as const;
        const [low, likely, high] = three.map((f, i) => duration(names[i], f!));
        if (low !== undefined && likely !== undefined && high !== undefined) {
          const [l, m, h] = [low, likely, high].map((v) => parseDuration(v)!);
          if (!(l <= m && m <= h)) report('csv-estimate-order', 'error', three[0]!, []);
          const e: Record<string, unknown> = { low, likely, high };
          if (dist) {
            if (DISTS.includes(dist.value)) e.dist = dist.value;
            else report('csv-bad-dist', 'error', dist, [dist.value]);
          }
          item.estimate = e;
          columns.add('estimate');
        }
      }
    }
    const after = at('after');
    if (after) {
      const deps: unknown[] = [];
      let offset = 0;
      for (const part of after.value.split(/([\s;]+)/)) {
        const col = after.col + offset;
        offset += part.length;
        if (part.trim() === '' || /^[\s;]+$/.test(part)) continue;
        const m = /^([^+]+)(?:\+(.+))?$/.exec(part);
        const ref = m ? parseDepRef(m[1]) : undefined;
        const lag = m?.[2];
        if (!m || !ref || (lag !== undefined && durationProblem(lag) !== undefined)) {
          report('csv-bad-after', 'error', { line: after.line, col }, [part]);
          continue;
        }
        deps.push(lag === undefined ? m[1] : { id: m[1], lag: /^\d+(\.\d+)?$/.test(lag) ? Number(lag) : lag });
      }
      item.after = deps;
      columns.add('after');
    }
    const must = at('must');
    if (must) {
      const v = must.value.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(v)) item.must = true;
      else if (['false', 'no', 'n', '0'].includes(v)) item.must = false;
      else report('csv-bad-bool', 'error', must, ['must', must.value]);
      columns.add('must');
    }
    const status = at('status');
    if (status) {
      const v = status.value.toLowerCase();
      if (STATUSES.includes(v)) item.status = v;
      else report('csv-bad-status', 'error', status, [status.value]);
      columns.add('status');
    }
    for (const c of ['started', 'finished'] as const) {
      const f = at(c);
      if (!f) continue;
      if (dateProblem(f.value) !== undefined) report('csv-bad-date', 'error', f, [c, f.value]);
      else item[c] = f.value;
      columns.add(c);
    }
    const remaining = at('remaining');
    if (remaining) {
      const v = duration('remaining', remaining);
      if (v !== undefined) item.remaining = v;
      columns.add('remaining');
    }
    const value = at('value');
    if (value) {
      const n = Number(value.value);
      if (!Number.isFinite(n) || n < 1 || n > 10) report('csv-bad-number', 'error', value, ['value', value.value]);
      else item.value = n;
      columns.add('value');
    }
    const tags = at('tags');
    if (tags) {
      item.tags = tags.value.split(';').map((t) => t.trim()).filter((t) => t !== '');
      columns.add('tags');
    }
    rows.push({ item: ordered(item), line: idField.line, columns });
  }
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { rows, diagnostics };
}

/**
 * A program's items as CSV (header + one row per item, in file order, CRLF-free `\n` lines). Remaining work is
 * written as its likely value; `needs`, objectives and the prioritization fields are not columns.
 */
export function writeItemsCsv(program: Program): string {
  const lines = [ITEM_COLUMNS.join(',')];
  for (const item of program.items) {
    const e = item.estimate;
    const fixed = e?.dist === 'fixed';
    const cells: Record<ItemColumn, string> = {
      id: item.id,
      title: item.title,
      workstream: item.workstream ?? '',
      owner: item.owner ?? '',
      estimate: e && fixed ? num(e.likely) : '',
      estimate_low: e && !fixed ? num(e.low) : '',
      estimate_likely: e && !fixed ? num(e.likely) : '',
      estimate_high: e && !fixed ? num(e.high) : '',
      dist: e && !fixed && e.dist !== 'pert' ? e.dist : '',
      after: item.after.map(depText).join(' '),
      must: item.must ? 'true' : 'false',
      status: item.status,
      started: item.started ?? '',
      finished: item.finished ?? '',
      remaining: item.remaining ? num(item.remaining.likely) : '',
      value: item.value === undefined ? '' : num(item.value),
      tags: item.tags.join(';'),
    };
    lines.push(ITEM_COLUMNS.map((c) => quote(cells[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function depText(d: Dependency): string {
  const ref = d.program === undefined ? d.id : `${d.program}/${d.id}`;
  return d.lag > 0 ? `${ref}+${num(d.lag)}` : ref;
}

function num(n: number): string {
  return String(Math.round(n * 10_000) / 10_000);
}

function quote(cell: string): string {
  return /[",\n\r]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const KEY_ORDER = ['id', 'title', 'workstream', 'owner', 'estimate', 'after', 'must', 'value', 'status', 'started', 'finished', 'remaining', 'tags'];

function ordered(item: { id: string } & Record<string, unknown>): { id: string } & Record<string, unknown> {
  const out: { id: string } & Record<string, unknown> = { id: item.id };
  for (const k of KEY_ORDER) if (item[k] !== undefined) out[k] = item[k];
  return out;
}


/**
 * A new minimal program holding the CSV's items, with a stub workstream (`{id, title: id}`) for every workstream and
 * a stub person for every owner the items name, so the result loads without unknown references.
 */
export function itemsProgramDoc(rows: readonly CsvItemRow[], program: { id: string; name: string; start: string }): Record<string, unknown> {
  const people = [...new Set(rows.map((r) => r.item.owner).filter((o): o is string => typeof o === 'string'))];
  const streams = [...new Set(rows.map((r) => r.item.workstream).filter((w): w is string => typeof w === 'string'))];
  const doc: Record<string, unknown> = { vantage: 1, program: { id: program.id, name: program.name, start: program.start } };
  if (people.length > 0) doc.people = people.map((id) => ({ id, name: id }));
  if (streams.length > 0) doc.workstreams = streams.map((id) => ({ id, title: id }));
  doc.items = rows.map((r) => r.item);
  return doc;
}

/**
 * Merges CSV items into a program file's text, keeping its comments and layout: an item whose id is already in the
 * file gets the CSV's non-empty columns (other keys stay; an empty cell leaves the value unchanged); a new id is
 * appended. A workstream or owner the file does not define is added as a stub, with a warning. Returns the new text
 * (not yet formatted) and the warnings; `error` when the text is not a program mapping.
 */
export function mergeItemsIntoProgram(
  text: string,
  file: string,
  rows: readonly CsvItemRow[],
): { text?: string; diagnostics: Diagnostic[]; added: number; updated: number } {
  const diagnostics: Diagnostic[] = [];
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    const e = doc.errors[0];
    const pos = e?.linePos?.[0];
    diagnostics.push({ code: 'csv-into-not-program', severity: 'error', message: `${file} is not a program file (${e ? e.message.split('\n')[0] : 'not a YAML mapping'}); give a *.vantage.yaml program to merge into`, file, ...(pos ? { line: pos.line, col: pos.col } : {}) });
    return { diagnostics, added: 0, updated: 0 };
  }
  const ids = (section: string): Set<string> => {
    const seq = doc.get(section);
    const out = new Set<string>();
    if (isSeq(seq)) for (const e of seq.items) if (isMap(e) && typeof e.get('id') === 'string') out.add(e.get('id') as string); // checked just before
    return out;
  };
  const people = ids('people');
  const teams = ids('teams');
  const streams = ids('workstreams');
  const seqOf = (section: string): YAMLSeq => {
    const node = doc.get(section);
    if (isSeq(node)) return node;
    const fresh = new YAMLSeq();
    doc.set(section, fresh);
    return fresh;
  };
  const seq = seqOf('items');
  let added = 0;
  let updated = 0;
  const stub = (section: string, entry: Record<string, unknown>, code: string, message: string, line: number) => {
    seqOf(section).items.push(flowNode(doc.createNode(entry)));
    diagnostics.push({ code, severity: 'warning', message, file, line });
  };
  for (const row of rows) {
    const id = row.item.id;
    const owner = row.item.owner;
    if (typeof owner === 'string' && !people.has(owner) && !teams.has(owner)) {
      people.add(owner);
      stub('people', { id: owner, name: owner }, 'csv-added-person', `owner '${owner}' is not in ${file}; added a person '${owner}' (fill in their name)`, row.line);
    }
    const ws = row.item.workstream;
    if (typeof ws === 'string' && !streams.has(ws)) {
      streams.add(ws);
      stub('workstreams', { id: ws, title: ws }, 'csv-added-workstream', `workstream '${ws}' is not in ${file}; added it (fill in its title and lead)`, row.line);
    }
    const existing = seq.items.find((n): n is YAMLMap => isMap(n) && n.get('id') === id);
    if (existing) {
      for (const [key, value] of Object.entries(row.item)) if (key !== 'id') existing.set(key, flowNode(doc.createNode(value)));
      updated++;
    } else {
      const node = doc.createNode(row.item);
      if (isMap(node)) for (const pair of node.items) flowNode(pair.value);
      seq.items.push(node);
      added++;
    }
  }
  return { text: doc.toString({ lineWidth: 0 }), diagnostics, added, updated };
}

/** Collections inside an item (estimate, after, tags) are written in flow style, as the examples do. */
function flowNode<T>(node: T): T {
  if (isMap(node) || isSeq(node)) node.flow = true;
  return node;
}
