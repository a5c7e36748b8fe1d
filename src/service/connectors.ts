/**
 * Connectors into the store (issue 10 §4): the one tracker re-sync the CLI (`vantage sync FILE|ID`) and the server
 * (`POST /api/programs/{id}/sync`) share, and the conversions of imported files (MSPDI, items CSV, Jira CSV) into
 * program text that `vantage import KIND FILE --data DIR` and `POST /api/import/{kind}` store.
 *
 * Sync of a stored program: read its text and version, fetch and plan as for a file, then write the new text back
 * through `importProgram` with the version read as `expectedVersion` — one transaction with its audit row; an edit
 * that landed meanwhile makes it a ConflictError and nothing is written. Tracker failures throw TrackerError (the
 * callers map them to their own errors); credentials come only from the `env` the caller passes.
 */
import { hasErrors, type Diagnostic } from '../model/diagnostic.js';
import { itemsProgramDoc, parseItemsCsv } from '../io/csv/items.js';
import { programText as mspdiProgramText } from '../io/mspdi/program-text.js';
import { readMspdi } from '../io/mspdi/read.js';
import { parseJiraCsv } from '../io/trackers/jira-csv.js';
import { DEFAULT_MAPPING, type Mapping } from '../io/trackers/mapping.js';
import { buildProgram, programText as trackerProgramText } from '../io/trackers/to-program.js';
import { getProgram, listProgramFiles, type Change, type Conn } from '../store/repository.js';
import { NotFoundError } from '../store/errors.js';
import { importProgram, type Invalid } from './programs.js';
import { storedMapping, syncText, type SyncOptions, type SyncReport } from './sync-text.js';

/** What a store sync did: the reports, whether it wrote, and the program version before and after. */
export type StoreSyncResult = { ok: true; reports: SyncReport[]; written: boolean; fromVersion: number; version: number; diagnostics: Diagnostic[] };

/**
 * Re-syncs the stored program `id` and stores the result as a new version (audited as a `replace` by `change.actor`),
 * unless `dryRun`. The version read before fetching is the expected version of the write: a concurrent edit throws
 * ConflictError and nothing is written. Throws NotFoundError, TrackerError; invalid resulting text returns
 * `{ ok: false, diagnostics }`. `o.mapping` defaults to `storedMapping(files)`.
 */
export async function syncStoredProgram(
  conn: Conn,
  id: string,
  change: Change,
  o: Omit<SyncOptions, 'mapping'> & { mapping?: SyncOptions['mapping']; dryRun?: boolean },
): Promise<StoreSyncResult | Invalid> {
  const p = await getProgram(conn, id);
  if (!p) throw new NotFoundError('program', id);
  const files = await listProgramFiles(conn, id);
  const run = await syncText(p.source, id, { ...o, mapping: o.mapping ?? storedMapping(files) });
  if (o.dryRun) return { ok: true, reports: run.reports, written: false, fromVersion: p.version, version: p.version, diagnostics: [] };
  const r = await importProgram(conn, { text: run.text, file: p.fileName, files, id }, change, { expectedVersion: p.version });
  if (!r.ok) return r;
  return { ok: true, reports: run.reports, written: true, fromVersion: p.version, version: r.program.version, diagnostics: r.diagnostics };
}

/** The file kinds `importFileText` converts. */
export const IMPORT_KINDS = ['mspdi', 'csv', 'jira-csv'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** "Q3 plan.csv" → "q3-plan". */
export function idFromFileName(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return base.replace(/\.(xml|csv)$/i, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'imported';
}

/**
 * Converts an imported file's text into program text, as `vantage import KIND FILE -o OUT` writes it: MS Project
 * XML, an items CSV (a new program starting at the first started date before `today`, else `today`) or a Jira CSV
 * export (`mapping`, default the defaults; x-sync records the export's name). `start`: a new items CSV program's start. `id` defaults to one from the file name for the CSVs
 * (MSPDI keeps the one the reader gives). No text when the input has errors: the diagnostics say why. Pure apart
 * from `now` (the Jira CSV's sync time).
 */
export function importFileText(
  kind: ImportKind,
  content: string,
  o: { file: string; id?: string; today: string; start?: string; mapping?: Mapping; now?: () => Date },
): { text?: string; diagnostics: Diagnostic[] } {
  const id = o.id ?? idFromFileName(o.file);
  const base = o.file.slice(Math.max(o.file.lastIndexOf('/'), o.file.lastIndexOf('\\')) + 1);
  if (kind === 'mspdi') {
    const r = readMspdi(content, o.file);
    if (!r.doc || hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
    const t = mspdiProgramText(r.doc, `${id}.vantage.yaml`, ` Imported from ${base} (MS Project XML) by vantage import mspdi.`);
    return { ...(t.text !== undefined ? { text: t.text } : {}), diagnostics: [...r.diagnostics, ...t.diagnostics] };
  }
  if (kind === 'csv') {
    const r = parseItemsCsv(content, o.file);
    if (hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
    const started = r.rows.map((x) => x.item.started).filter((d): d is string => typeof d === 'string').sort();
    const start = o.start ?? (started[0] !== undefined && started[0] < o.today ? started[0] : o.today);
    const t = mspdiProgramText(itemsProgramDoc(r.rows, { id, name: id, start }), `${id}.vantage.yaml`, ` Imported from ${base} by vantage import csv.`);
    return { ...(t.text !== undefined ? { text: t.text } : {}), diagnostics: [...r.diagnostics, ...t.diagnostics] };
  }
  const mapping = o.mapping ?? DEFAULT_MAPPING;
  const r = parseJiraCsv(content, o.file, mapping);
  if (hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  const build = buildProgram(r.records, mapping, { source: 'jira', id, name: id, today: o.today, sync: { query: { csv: base }, updated: (o.now?.() ?? new Date()).toISOString() } });
  return { text: trackerProgramText(build.doc), diagnostics: r.diagnostics };
}

/**
 * Converts a file (as `importFileText`) and stores it as a program, all or nothing, audited with `change.actor`.
 * `createOnly`: refuse (ConflictError) when the id is taken. Returns the stored program or the diagnostics.
 * Example: `await importFileIntoStore(store, 'mspdi', xml, { file: 'plan.xml', today: '2026-11-25' }, { actor: 'ana' })`.
 */
export async function importFileIntoStore(
  conn: Conn,
  kind: ImportKind,
  content: string,
  o: Parameters<typeof importFileText>[2] & { createOnly?: boolean },
  change: Change,
): Promise<(Awaited<ReturnType<typeof importProgram>> & { ok: true }) | Invalid> {
  const converted = importFileText(kind, content, o);
  if (converted.text === undefined) return { ok: false, diagnostics: converted.diagnostics };
  const file = `${o.id ?? idFromFileName(o.file)}.vantage.yaml`;
  const r = await importProgram(conn, { text: converted.text, file, ...(o.id !== undefined ? { id: o.id } : {}) }, change, o.createOnly ? { expectedVersion: 0 } : {});
  if (!r.ok) return { ok: false, diagnostics: [...converted.diagnostics, ...r.diagnostics] };
  return { ...r, diagnostics: [...converted.diagnostics, ...r.diagnostics] };
}
