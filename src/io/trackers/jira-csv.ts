/**
 * A Jira CSV export (Filters → Export → CSV (all fields)) as tracker records. Jira repeats a column once per value:
 * `Labels,Labels,Sprint,Sprint,Inward issue link (Blocks),…`; every copy is read. Columns used (others ignored):
 * Issue key and Summary (required), Issue id, Issue Type, Status, Status Category, Resolution, Priority, Created,
 * Updated, Resolved, Labels (tags), Sprint (the last one is a tag), Original Estimate (seconds), Custom field (Story Points) or
 * Custom field (Story point estimate), Inward/Outward issue link (Blocks) (dependencies: an inward "Blocks" link
 * names an issue that blocks this one), Parent (an issue id or key) with Parent summary, Custom field (Epic Link).
 *
 * Dates are read as Jira writes them, `06/Jan/14 6:22 AM` (its default format), or ISO `2014-01-06 06:22`. Fields
 * are split by the history CSV's RFC 4180 tokenizer (src/io/csv/history.ts); problems are diagnostics with line
 * and column. A CSV export has no changelog: started dates are unknown; finished is the Resolved date.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IsoDate } from '../../model/program.js';
import { splitCsv, type Field } from '../csv/history.js';
import { categoryOfName, type Mapping } from './mapping.js';
import { idFromKey, type StatusCategory, type TrackerRecord } from './records.js';

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/**
 * The date of a Jira CSV timestamp, or undefined. Examples: `06/Jan/14 6:22 AM` → 2014-01-06, `2014-01-06 06:22` →
 * 2014-01-06, `6/Jan/2014` → 2014-01-06.
 */
export function jiraCsvDate(text: string): IsoDate | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})\b/.exec(t);
  if (!m) return undefined;
  const month = MONTHS[m[2].toLowerCase()];
  if (!month) return undefined;
  const year = m[3].length === 2 ? `20${m[3]}` : m[3];
  return `${year}-${month}-${m[1].padStart(2, '0')}`;
}

const CATEGORY: Record<string, StatusCategory> = { 'to do': 'todo', new: 'todo', 'in progress': 'doing', indeterminate: 'doing', done: 'done', complete: 'done' };
const STORY_POINTS = ['custom field (story points)', 'custom field (story point estimate)'];

/** Parses a Jira CSV export. Returns one record per row with an issue key, and diagnostics (errors stop the import). */
export function parseJiraCsv(text: string, file: string, m: Mapping): { records: TrackerRecord[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const rows = splitCsv(text, (code, at) =>
    diagnostics.push({ code, severity: 'error', message: code === 'csv-bad-quote' ? 'a quote appears inside an unquoted field' : 'a quoted field is never closed', file, ...at }),
  );
  if (rows.length === 0) {
    diagnostics.push({ code: 'csv-empty', severity: 'error', message: 'the file is empty; export the issues from Jira with Export → CSV (all fields)', file, line: 1, col: 1 });
    return { records: [], diagnostics };
  }
  const [header, ...data] = rows;
  const columns = new Map<string, number[]>();
  header.forEach((f, i) => {
    const name = f.value.trim().toLowerCase();
    columns.set(name, [...(columns.get(name) ?? []), i]);
  });
  const missing = ['issue key', 'summary'].filter((c) => !columns.has(c));
  if (missing.length > 0) {
    diagnostics.push({ code: 'csv-missing-column', severity: 'error', message: `the header has no ${missing.map((c) => `'${c}'`).join(', ')} column; is this a Jira CSV export?`, file, line: 1, col: 1 });
    return { records: [], diagnostics };
  }
  const all = (row: Field[], name: string): Field[] => (columns.get(name) ?? []).map((i) => row[i]).filter((f): f is Field => f !== undefined && f.value.trim() !== '');
  const one = (row: Field[], name: string): Field | undefined => all(row, name)[0];
  const value = (row: Field[], name: string): string | undefined => one(row, name)?.value.trim();
  const date = (row: Field[], name: string): IsoDate | undefined => {
    const f = one(row, name);
    if (!f) return undefined;
    const d = jiraCsvDate(f.value);
    if (d === undefined) diagnostics.push({ code: 'csv-bad-date', severity: 'warning', message: `${name} '${f.value.trim()}' is not a date Jira writes (06/Jan/14 6:22 AM or 2014-01-06); read as unknown`, file, line: f.line, col: f.col });
    return d;
  };
  const number = (row: Field[], names: string[]): number | undefined => {
    for (const name of names) {
      const f = one(row, name);
      if (!f) continue;
      const x = Number(f.value.trim());
      if (Number.isFinite(x)) return x;
      diagnostics.push({ code: 'csv-bad-number', severity: 'warning', message: `${name} '${f.value.trim()}' is not a number; read as unknown`, file, line: f.line, col: f.col });
    }
    return undefined;
  };

  const idToKey = new Map<string, string>();
  for (const row of data) {
    const key = value(row, 'issue key');
    const id = value(row, 'issue id');
    if (key && id) idToKey.set(id, key);
  }
  const records: (TrackerRecord & { blocks: string[] })[] = [];
  const seen = new Set<string>();
  for (const row of data) {
    const keyField = one(row, 'issue key');
    if (!keyField) continue;
    const key = keyField.value.trim();
    if (seen.has(key)) {
      diagnostics.push({ code: 'csv-duplicate-key', severity: 'warning', message: `issue ${key} appears twice; the first row is used`, file, line: keyField.line, col: keyField.col });
      continue;
    }
    seen.add(key);
    const status = value(row, 'status') ?? 'Open';
    const categoryText = value(row, 'status category')?.toLowerCase();
    const category = (categoryText !== undefined ? CATEGORY[categoryText] : undefined) ?? categoryOfName(m, status);
    const resolution = value(row, 'resolution');
    const parentRef = value(row, 'parent') ?? value(row, 'parent id');
    const parentKey = parentRef !== undefined ? (idToKey.get(parentRef) ?? (/^[A-Z][A-Z0-9_]*-\d+$/.test(parentRef) ? parentRef : undefined)) : undefined;
    const epic = value(row, 'custom field (epic link)');
    const groupKey = parentKey ?? epic;
    const groupTitle = parentKey ? (value(row, 'parent summary') ?? parentKey) : epic;
    const points = number(row, STORY_POINTS);
    const seconds = number(row, ['original estimate']);
    const created = date(row, 'created');
    const resolved = date(row, 'resolved');
    const type = value(row, 'issue type');
    const priority = value(row, 'priority');
    const updated = value(row, 'updated');
    const sprints = all(row, 'sprint').map((f) => f.value.trim());
    records.push({
      source: 'jira',
      key,
      id: idFromKey(key),
      title: value(row, 'summary') ?? key,
      ...(type ? { type } : {}),
      status,
      category,
      ...(resolution && resolution.toLowerCase() !== 'unresolved' ? { resolution } : {}),
      ...(groupKey && groupTitle ? { group: { key: groupKey, title: groupTitle } } : {}),
      blockedBy: all(row, 'inward issue link (blocks)').map((f) => f.value.trim()),
      blocks: all(row, 'outward issue link (blocks)').map((f) => f.value.trim()),
      ...(points !== undefined ? { points } : {}),
      ...(seconds !== undefined && seconds > 0 ? { estimateHours: seconds / 3600 } : {}),
      labels: [...all(row, 'labels').map((f) => f.value.trim()), ...(sprints.length > 0 ? [sprints[sprints.length - 1]] : [])],
      ...(priority ? { priority } : {}),
      ...(created ? { created } : {}),
      ...(updated ? { updated } : {}),
      ...(resolved ? { resolved } : {}),
      transitions: [],
    });
  }
  const byKey = new Map(records.map((r) => [r.key, r]));
  for (const r of records) for (const b of r.blocks) byKey.get(b)?.blockedBy.push(r.key);
  return { records: records.map(({ blocks: _b, ...r }) => ({ ...r, blockedBy: [...new Set(r.blockedBy)] })), diagnostics };
}
