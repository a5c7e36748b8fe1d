/**
 * Jira issue exports as CSV (the shape of benchdata's `issues/seanalytics_ase2015`): the issues, and the changelog of
 * their status changes. Read for estimate calibration on real tracker data (bench/calibration.bench.ts).
 *
 * `issues.csv` columns used (others are ignored): project_key, issue_key, issue_type, is_subtask, created, resolved,
 * story_points, components (`|`-separated), time_original_estimate_s, time_spent_s.
 * `changelog.csv` columns used: issue_key, changed_at, field, from_value, to_value (rows of field `status` are kept).
 *
 * Fields are split by the history CSV's RFC 4180 tokenizer (history.ts). Timestamps are kept as written
 * (`2014-01-06T06:22:58.354+0000`) with their date part beside them; numbers that do not parse are reported
 * (warning `csv-bad-number`, with line and column) and read as unknown; a missing column is an error.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IsoDate } from '../../model/program.js';
import { splitCsv, type Field } from './history.js';

export type JiraIssue = {
  project: string;
  key: string;
  type: string;
  subtask: boolean;
  created?: string;
  resolved?: string;
  /** The date part of `resolved`. */
  resolvedDate?: IsoDate;
  storyPoints?: number;
  components: string[];
  originalEstimateSeconds?: number;
  timeSpentSeconds?: number;
};

export type StatusChange = { key: string; at: string; date: IsoDate; from: string; to: string };

const ISSUE_COLUMNS = [
  'project_key',
  'issue_key',
  'issue_type',
  'is_subtask',
  'created',
  'resolved',
  'story_points',
  'components',
  'time_original_estimate_s',
  'time_spent_s',
] as const;
const CHANGE_COLUMNS = ['issue_key', 'changed_at', 'field', 'from_value', 'to_value'] as const;

type Row<C extends string> = { get(c: C): Field | undefined; text(c: C): string };

/** Header-indexed rows of a CSV whose header must hold `columns`; problems go to `diagnostics`. */
function records<C extends string>(text: string, file: string, columns: readonly C[], diagnostics: Diagnostic[]): Row<C>[] {
  const rows = splitCsv(text, (code, at) =>
    diagnostics.push({ code, severity: 'error', message: code === 'csv-bad-quote' ? 'a quote appears inside an unquoted field' : 'a quoted field is never closed', file, ...at }),
  );
  if (rows.length === 0) {
    diagnostics.push({ code: 'csv-empty', severity: 'error', message: `the file is empty; it needs a header row with ${columns.join(', ')}`, file, line: 1, col: 1 });
    return [];
  }
  const [header, ...data] = rows;
  const index = new Map<string, number>();
  header.forEach((f, i) => index.set(f.value.trim().toLowerCase(), i));
  const missing = columns.filter((c) => !index.has(c));
  if (missing.length > 0) {
    diagnostics.push({ code: 'csv-missing-column', severity: 'error', message: `the header has no ${missing.map((m) => `'${m}'`).join(', ')} column`, file, line: 1, col: 1 });
    return [];
  }
  return data.map((row) => ({
    get: (c: C) => {
      const f = row[index.get(c)!];
      return f && f.value.trim() !== '' ? f : undefined;
    },
    text: (c: C) => row[index.get(c)!]?.value.trim() ?? '',
  }));
}

function numberAt<C extends string>(row: Row<C>, c: C, file: string, diagnostics: Diagnostic[]): number | undefined {
  const f = row.get(c);
  if (!f) return undefined;
  const x = Number(f.value.trim());
  if (Number.isFinite(x)) return x;
  diagnostics.push({ code: 'csv-bad-number', severity: 'warning', message: `${c} '${f.value.trim()}' is not a number; read as unknown`, file, line: f.line, col: f.col });
  return undefined;
}

const DATE_PART = /^(\d{4}-\d{2}-\d{2})/;

/**
 * Parses a Jira issues CSV. Example row (abridged): `apache,ANY23,ANY23-174,…,Bug,0,…,2014-01-06T06:22:58.354+0000,
 * 2014-05-09T02:39:42.734+0000,…` gives {project: 'ANY23', key: 'ANY23-174', type: 'Bug', resolvedDate: '2014-05-09', …}.
 */
export function parseJiraIssuesCsv(text: string, file: string): { issues: JiraIssue[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const issues: JiraIssue[] = [];
  for (const row of records(text, file, ISSUE_COLUMNS, diagnostics)) {
    const key = row.text('issue_key');
    if (key === '') continue;
    const resolved = row.text('resolved');
    const created = row.text('created');
    const storyPoints = numberAt(row, 'story_points', file, diagnostics);
    const originalEstimateSeconds = numberAt(row, 'time_original_estimate_s', file, diagnostics);
    const timeSpentSeconds = numberAt(row, 'time_spent_s', file, diagnostics);
    const resolvedDate = DATE_PART.exec(resolved)?.[1];
    issues.push({
      project: row.text('project_key'),
      key,
      type: row.text('issue_type'),
      subtask: row.text('is_subtask') === '1',
      ...(created !== '' ? { created } : {}),
      ...(resolved !== '' ? { resolved } : {}),
      ...(resolvedDate !== undefined ? { resolvedDate } : {}),
      ...(storyPoints !== undefined ? { storyPoints } : {}),
      components: row.text('components').split('|').map((c) => c.trim()).filter((c) => c !== ''),
      ...(originalEstimateSeconds !== undefined ? { originalEstimateSeconds } : {}),
      ...(timeSpentSeconds !== undefined ? { timeSpentSeconds } : {}),
    });
  }
  return { issues, diagnostics };
}

/** Parses a Jira changelog CSV, keeping the status changes in file order. */
export function parseJiraChangelogCsv(text: string, file: string): { changes: StatusChange[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const changes: StatusChange[] = [];
  for (const row of records(text, file, CHANGE_COLUMNS, diagnostics)) {
    if (row.text('field').toLowerCase() !== 'status') continue;
    const at = row.text('changed_at');
    const date = DATE_PART.exec(at)?.[1];
    if (date === undefined) {
      const f = row.get('changed_at');
      diagnostics.push({ code: 'csv-bad-date', severity: 'warning', message: `changed_at '${at}' is not a timestamp; the change is ignored`, file, ...(f ? { line: f.line, col: f.col } : {}) });
      continue;
    }
    changes.push({ key: row.text('issue_key'), at, date, from: row.text('from_value'), to: row.text('to_value') });
  }
  return { changes, diagnostics };
}
