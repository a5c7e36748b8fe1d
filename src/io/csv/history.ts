/**
 * History CSV: finished (or started) work from a tracker, for throughput forecasts and estimate calibration.
 *
 * The program file's `history: done.csv` points to such a file. Shape:
 *
 * ```csv
 * id,created,started,finished,estimate,type,workstream
 * PAY-1,2027-01-04,2027-01-06,2027-01-12,3d,story,payments
 * ```
 *
 * - A header row is required; columns may come in any order; only `id` is required. Column names are matched
 *   case-insensitively after trimming.
 * - Unknown columns are reported (warning `csv-unknown-column`, with a "did you mean") and ignored; columns whose name
 *   starts with `x-` are ignored silently, as `x-` keys are in the program file.
 * - Fields follow RFC 4180: separated by commas, optionally quoted with `"`, a quote inside quotes doubled (`""`),
 *   quoted fields may span lines. CRLF or LF line ends; a UTF-8 byte-order mark is ignored; blank lines are skipped.
 * - Dates are ISO `YYYY-MM-DD`; a timestamp such as `2027-01-04T10:32:00Z` or `2027-01-04 10:32` keeps its date part
 *   (the date as written, no time-zone shift). An empty field means unknown.
 * - `estimate` takes the format's duration forms: a number of working days (`5`, `0.5`) or a number with a unit
 *   (`4h`, 1d = 8h; `3d`; `2w`, 1w = 5d). It becomes a fixed estimate.
 *
 * Every problem is a diagnostic with the file, line and column of the offending field; a row with a problem keeps its
 * good fields (a bad date becomes unknown), so one pass reports everything.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import type { Estimate, HistoryEntry, IsoDate } from '../../model/program.js';
import { parseDuration } from '../../model/units.js';
import { didYouMean } from '../../model/suggest.js';

export type HistoryCsvResult = { entries: HistoryEntry[]; diagnostics: Diagnostic[] };

type Column = 'id' | 'created' | 'started' | 'finished' | 'estimate' | 'type' | 'workstream';

const COLUMNS: readonly Column[] = ['id', 'created', 'started', 'finished', 'estimate', 'type', 'workstream'];

/** Message text, keyed by diagnostic code (codes are stable; tests cite them). */
const MESSAGES = {
  'csv-empty': () => 'the history file is empty; it needs a header row such as id,created,started,finished,estimate,type',
  'csv-unterminated-quote': () => 'a quoted field is never closed',
  'csv-bad-quote': () => 'a quote appears inside an unquoted field; quote the whole field and double inner quotes ("")',
  'csv-unknown-column': (name: string) => `unknown history column '${name}'`,
  'csv-duplicate-column': (name: string) => `column '${name}' appears more than once`,
  'csv-missing-column': (name: string) => `the header has no '${name}' column`,
  'csv-extra-field': (n: number, m: number) => `this row has ${n} fields but the header has ${m}`,
  'csv-missing-id': () => 'this row has no id',
  'csv-duplicate-id': (id: string, line: number) => `history id '${id}' already appears on line ${line}`,
  'csv-bad-date': (column: string, value: string) => `${column} '${value}' is not a date like 2027-01-15`,
  'csv-bad-estimate': (value: string) =>
    `estimate '${value}' is not a duration such as 5, 0.5, 4h, 3d or 2w`,
  'history-finished-before-started': (finished: string, started: string) =>
    `finished ${finished} is before started ${started}`,
} as const;

type Code = keyof typeof MESSAGES;

/** One parsed field with the 1-based line and column where it starts. */
export type Field = { value: string; line: number; col: number };

/**
 * Parses a history CSV.
 *
 * @param text the file's content
 * @param file the file name used in diagnostics
 * @returns the entries (one per data row with an id, in file order) and every diagnostic found
 */
export function parseHistoryCsv(text: string, file: string): HistoryCsvResult {
  const diagnostics: Diagnostic[] = [];
  const report = <C extends Code>(
    code: C,
    severity: Severity,
    at: { line: number; col: number },
    args: Parameters<(typeof MESSAGES)[C]>,
    hint?: string,
  ): void => {
    // The message table is typed per code; the spread needs a widened signature.
    const make = MESSAGES[code] as (...a: unknown[]) => string;
    diagnostics.push({ code, severity, message: make(...args), file, line: at.line, col: at.col, ...(hint ? { hint } : {}) });
  };

  const rows = splitCsv(text, (code, at) => report(code, 'error', at, []));
  if (rows.length === 0) {
    report('csv-empty', 'error', { line: 1, col: 1 }, []);
    return { entries: [], diagnostics };
  }

  const [header, ...data] = rows;
  const index = new Map<Column, number>();
  header.forEach((field, i) => {
    const name = field.value.trim().toLowerCase();
    if (name.startsWith('x-')) return;
    const column = COLUMNS.find((c) => c === name);
    if (!column) {
      const guess = didYouMean(name, COLUMNS);
      report('csv-unknown-column', 'warning', field, [field.value.trim()],
        guess ? `did you mean '${guess}'? (the column is ignored)` : `known columns: ${COLUMNS.join(', ')} (the column is ignored)`);
      return;
    }
    if (index.has(column)) {
      report('csv-duplicate-column', 'error', field, [column]);
      return;
    }
    index.set(column, i);
  });
  if (!index.has('id')) {
    report('csv-missing-column', 'error', header[0], ['id']);
    return { entries: [], diagnostics };
  }

  const entries: HistoryEntry[] = [];
  const seen = new Map<string, number>();
  for (const row of data) {
    if (row.length > header.length) {
      report('csv-extra-field', 'error', row[header.length], [row.length, header.length]);
    }
    const at = (c: Column): Field | undefined => {
      const i = index.get(c);
      if (i === undefined) return undefined;
      const f = row[i];
      return f && f.value.trim() !== '' ? f : undefined;
    };
    const idField = at('id');
    if (!idField) {
      report('csv-missing-id', 'error', row[index.get('id') ?? 0] ?? row[0], []);
      continue;
    }
    const id = idField.value.trim();
    const first = seen.get(id);
    if (first !== undefined) report('csv-duplicate-id', 'warning', idField, [id, first]);
    else seen.set(id, idField.line);

    const entry: HistoryEntry = { id };
    for (const c of ['created', 'started', 'finished'] as const) {
      const f = at(c);
      if (!f) continue;
      const date = parseDate(f.value.trim());
      if (date) entry[c] = date;
      else report('csv-bad-date', 'error', f, [c, f.value.trim()]);
    }
    const est = at('estimate');
    if (est) {
      const days = parseDuration(est.value.trim());
      if (days === undefined) report('csv-bad-estimate', 'error', est, [est.value.trim()]);
      else entry.estimate = { low: days, likely: days, high: days, dist: 'fixed' } satisfies Estimate;
    }
    const type = at('type');
    if (type) entry.type = type.value.trim();
    const ws = at('workstream');
    if (ws) entry.workstream = ws.value.trim();
    if (entry.started && entry.finished && entry.finished < entry.started) {
      const f = at('finished');
      if (f) report('history-finished-before-started', 'warning', f, [entry.finished, entry.started]);
    }
    entries.push(entry);
  }
  return { entries, diagnostics };
}

/**
 * RFC 4180 splitter keeping each field's position. Blank lines are skipped. Problems are reported through `problem`
 * and parsing goes on with the best reading of the text.
 */
export function splitCsv(
  text: string,
  problem: (code: 'csv-unterminated-quote' | 'csv-bad-quote', at: { line: number; col: number }) => void,
): Field[][] {
  const rows: Field[][] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const n = text.length;
  let row: Field[] = [];
  let rowBlank = true;
  while (i <= n) {
    // Start of a field.
    const fLine = line;
    const fCol = i - lineStart + 1;
    let value = '';
    if (i < n && text[i] === '"') {
      rowBlank = false;
      i++;
      let closed = false;
      while (i < n) {
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (ch === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += ch;
        i++;
      }
      if (!closed) problem('csv-unterminated-quote', { line: fLine, col: fCol });
      // Anything between the closing quote and the separator is kept, but is a malformed field.
      const rest = i;
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      if (i > rest) {
        if (text.slice(rest, i).trim() !== '') problem('csv-bad-quote', { line, col: rest - lineStart + 1 });
        value += text.slice(rest, i);
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      value = text.slice(start, i);
      const q = value.indexOf('"');
      if (q >= 0) problem('csv-bad-quote', { line: fLine, col: fCol + q });
      if (value !== '') rowBlank = false;
    }
    row.push({ value, line: fLine, col: fCol });
    if (i < n && text[i] === ',') {
      rowBlank = false;
      i++;
      continue;
    }
    // End of record (line end or end of text).
    if (!rowBlank) rows.push(row);
    row = [];
    rowBlank = true;
    if (i >= n) break;
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    lineStart = i;
  }
  return rows;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;

/** `YYYY-MM-DD` (optionally followed by a time, which is dropped) when it names a real calendar date. */
function parseDate(value: string): IsoDate | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

