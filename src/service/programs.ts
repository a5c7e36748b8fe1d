/**
 * Programs in the store: import and export of program and portfolio files, and edits of single entries.
 *
 * The program file's text is the document of record. An edit changes that text surgically (src/io/yaml/edit.ts, so
 * comments and layout survive), re-parses and validates it exactly as `vantage check` would, and only then writes
 * the text, the entry rows and an audit row in one transaction, under a lock on the program and a version check.
 * Bad input is data: an invalid file or edit returns `{ ok: false, diagnostics }` and writes nothing. Infrastructure
 * and concurrency problems throw: ConflictError (stale version, carrying the current entry), NotFoundError,
 * EditError (the edit cannot be made in the text, e.g. history kept in a CSV file).
 */
import { hasErrors, type Diagnostic } from '../model/diagnostic.js';
import type { HistoryEntry, Program } from '../model/program.js';
import { linkPortfolio, readPortfolioDoc, type PortfolioMember } from '../model/portfolio.js';
import { resolveProgramPartial, sortDiagnostics } from '../model/resolve.js';
import { isPortfolioDoc } from '../model/schema.js';
import { DiagnosticSink } from '../model/validate.js';
import { parseHistoryCsv } from '../io/csv/history.js';
import { appendEntry, EditError, removeEntry, replaceEntry } from '../io/yaml/edit.js';
import { parseYamlText } from '../io/yaml/parse.js';
import { ConflictError, NotFoundError } from '../store/errors.js';
import {
  getEntry,
  getPortfolio,
  getProgram,
  listProgramFiles,
  lockProgram,
  transact,
  writePortfolio,
  writeProgram,
  type Change,
  type Conn,
  type EntryInput,
  type EntryRecord,
  type Json,
  type PortfolioRecord,
  type ProgramRecord,
  type ProgramWrite,
  type StoredFile,
} from '../store/repository.js';
import { SECTIONS, type Section } from '../store/schema.js';

/** A program file to import: its text, its name (diagnostics use it; its last part is stored), the files it names. */
export type ProgramFileInput = {
  text: string;
  file: string;
  /** Files the program refers to, by the path it writes (`history: team-history.csv`, calendars). */
  files?: StoredFile[];
};

export type Invalid = { ok: false; diagnostics: Diagnostic[] };

export type ImportedProgram = { ok: true; program: ProgramRecord; created: boolean; diagnostics: Diagnostic[] };

export type ImportedPortfolio = { ok: true; portfolio: PortfolioRecord; programs: ProgramRecord[]; diagnostics: Diagnostic[] };

export type EditedEntry = { ok: true; program: ProgramRecord; entry?: EntryRecord; diagnostics: Diagnostic[] };

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The last part of a path: what the store keeps as the file name. */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

type Checked = { raw?: Json; program?: Program; diagnostics: Diagnostic[] };

/**
 * Parses and validates program text as the file loader does, taking a CSV history from `files` instead of the disk.
 * `program` is set only when there is no error. Pure.
 */
export function checkProgramText(text: string, file: string, files: readonly StoredFile[] = [], inPortfolio = false): Checked & { partial?: Program } {
  const parsed = parseYamlText(text, file);
  if (parsed.value === undefined && hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const raw = parsed.value;
  const extra: Diagnostic[] = [];
  let historyFromFile: HistoryEntry[] | undefined;
  if (isObj(raw) && typeof raw.history === 'string') {
    const csv = files.find((f) => f.path === raw.history);
    historyFromFile = [];
    if (csv) {
      const h = parseHistoryCsv(csv.content, csv.path);
      historyFromFile = h.entries;
      extra.push(...h.diagnostics);
    } else {
      const sink = new DiagnosticSink(file, parsed.locate);
      sink.add('history-file-missing', ['history'], { value: raw.history, path: raw.history });
      extra.push(...sink.list);
    }
  }
  const r = resolveProgramPartial(raw, { file, locate: parsed.locate, historyFromFile, inPortfolio });
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...r.diagnostics, ...extra]);
  const ok = !hasErrors(diagnostics) && r.program !== undefined;
  return { raw: isObj(raw) ? raw : undefined, program: ok ? r.program : undefined, partial: r.program, diagnostics };
}

/**
 * The files a program file refers to, as written: a history CSV path and the calendars of `time`. Pure; an
 * unparsable text names none. Example: `referencedFiles('history: done.csv\n')` is `['done.csv']`.
 */
export function referencedFiles(text: string): string[] {
  const parsed = parseYamlText(text, 'program');
  const raw = parsed.value;
  if (!isObj(raw)) return [];
  const out: string[] = [];
  if (typeof raw.history === 'string') out.push(raw.history);
  if (isObj(raw.time) && Array.isArray(raw.time.calendars)) out.push(...raw.time.calendars.filter((c): c is string => typeof c === 'string'));
  return [...new Set(out)];
}

/** True when the text is a portfolio file (a top-level `portfolio:` key). */
export function isPortfolioText(text: string): boolean {
  return isPortfolioDoc(parseYamlText(text, 'file').value);
}

/** The program paths a portfolio file lists, as written (empty when it does not parse). */
export function portfolioPaths(text: string): string[] {
  const raw = parseYamlText(text, 'portfolio').value;
  return isObj(raw) && Array.isArray(raw.programs) ? raw.programs.filter((p): p is string => typeof p === 'string') : [];
}

/** The store rows of a validated program: one per entry of every list section, in file order. */
function entryRows(raw: Json, program: Program): EntryInput[] {
  const rows: EntryInput[] = [];
  for (const section of SECTIONS) {
    const seen = new Map<string, number>();
    const list =
      section === 'history' && typeof raw.history === 'string'
        ? program.history.map((h) => JSON.parse(JSON.stringify(h)) as Json) // parsed from the CSV; drops undefined fields
        : Array.isArray(raw[section])
          ? (raw[section] as unknown[]).filter(isObj)
          : [];
    for (const data of list) {
      const id = String(data.id);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      rows.push({ section, entryId: n === 1 ? id : `${id}~${n}`, data });
    }
  }
  return rows;
}

function programWrite(id: string, fileName: string, text: string, raw: Json, program: Program, files: StoredFile[] | undefined): ProgramWrite {
  const w: ProgramWrite = { id, name: program.program.name, fileName, source: text, info: isObj(raw.program) ? raw.program : {}, entries: entryRows(raw, program) };
  if (isObj(raw.time)) w.time = raw.time;
  if (isObj(raw.rules)) w.rules = raw.rules;
  if (typeof raw.history === 'string') w.historyFile = raw.history;
  if (files) w.files = files;
  return w;
}

/**
 * Imports one program file, all or nothing: an invalid file returns its diagnostics and stores nothing. The program
 * is stored under `id` (default: its `program.id`); an existing one is replaced as a new version. Audited as
 * `import` or `replace`. `expectedVersion` (0: must be new) makes the replace conditional (ConflictError when stale).
 * Example: `await importProgram(store, { text, file: 'checkout.vantage.yaml' }, { actor: 'ana' })`.
 */
export async function importProgram(
  conn: Conn,
  input: ProgramFileInput & { id?: string },
  change: Change,
  options: { expectedVersion?: number } = {},
): Promise<ImportedProgram | Invalid> {
  const checked = checkProgramText(input.text, input.file, input.files);
  if (!checked.program || !checked.raw) return { ok: false, diagnostics: checked.diagnostics };
  const id = input.id ?? checked.program.program.id;
  const write = programWrite(id, baseName(input.file), input.text, checked.raw, checked.program, input.files ?? []);
  const { program } = await writeProgram(conn, write, change, options);
  return { ok: true, program, created: program.version === 1, diagnostics: checked.diagnostics };
}

/**
 * Imports a portfolio file and every program it lists (`programs`, by the path the portfolio writes), all or
 * nothing, in one transaction: each program under its own `program.id`, the portfolio under `id` (default: its
 * `portfolio.id`) keeping its text. Cross-program references are checked as `vantage check` does.
 */
export async function importPortfolio(
  conn: Conn,
  input: { text: string; file: string; id?: string; programs: (ProgramFileInput & { path: string })[] },
  change: Change,
): Promise<ImportedPortfolio | Invalid> {
  const parsed = parseYamlText(input.text, input.file);
  if (parsed.value === undefined && hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics };
  const head = readPortfolioDoc(parsed.value, { file: input.file, locate: parsed.locate });
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...head.diagnostics];
  if (!head.header) return { ok: false, diagnostics };
  const sink = new DiagnosticSink(input.file, parsed.locate);
  const members: PortfolioMember[] = [];
  const checkedMembers: { path: string; input: ProgramFileInput; checked: Checked & { partial?: Program } }[] = [];
  for (const entry of head.header.programs) {
    const given = input.programs.find((p) => p.path === entry.path);
    if (!given) {
      sink.add('missing-file', ['programs', entry.index], { value: entry.path, path: entry.path });
      continue;
    }
    if (isPortfolioText(given.text)) {
      sink.add('nested-portfolio', ['programs', entry.index], { value: entry.path });
      continue;
    }
    const checked = checkProgramText(given.text, given.file, given.files, true);
    diagnostics.push(...checked.diagnostics);
    members.push({ index: entry.index, file: given.file, program: checked.partial });
    checkedMembers.push({ path: entry.path, input: given, checked });
  }
  diagnostics.push(...sink.list);
  const ok = !hasErrors(diagnostics) && members.length === head.header.programs.length;
  const linked = linkPortfolio(head.header, members, { file: input.file, locate: parsed.locate, ok });
  const all = sortDiagnostics([...diagnostics, ...linked.diagnostics], [input.file, ...input.programs.map((p) => p.file)]);
  if (!linked.portfolio || hasErrors(all)) return { ok: false, diagnostics: all };
  return transact(conn, async (t) => {
    const programs: ProgramRecord[] = [];
    for (const m of checkedMembers) {
      const p = m.checked.partial!;
      const write = programWrite(p.program.id, baseName(m.input.file), m.input.text, m.checked.raw!, p, m.input.files ?? []);
      programs.push((await writeProgram(t, write, change)).program);
    }
    const portfolio = await writePortfolio(
      t,
      {
        id: input.id ?? head.header!.id,
        name: head.header!.name,
        fileName: baseName(input.file),
        source: input.text,
        members: checkedMembers.map((m) => ({ path: m.path, programId: m.checked.partial!.program.id })),
      },
      change,
    );
    return { ok: true, portfolio, programs, diagnostics: all };
  });
}

/** A stored program's file text, byte for byte as imported or last edited. Throws NotFoundError. */
export async function exportProgram(conn: Conn, id: string): Promise<{ fileName: string; source: string; files: StoredFile[] }> {
  const p = await getProgram(conn, id);
  if (!p) throw new NotFoundError('program', id);
  return { fileName: p.fileName, source: p.source, files: await listProgramFiles(conn, id) };
}

/** A stored portfolio's text and, by the paths it lists, its programs' texts and files. Throws NotFoundError. */
export async function exportPortfolio(conn: Conn, id: string): Promise<{ fileName: string; source: string; programs: { path: string; source: string; files: StoredFile[] }[] }> {
  const p = await getPortfolio(conn, id);
  if (!p) throw new NotFoundError('portfolio', id);
  const programs = [];
  for (const m of p.members) {
    const e = await exportProgram(conn, m.programId);
    programs.push({ path: m.path, source: e.source, files: e.files });
  }
  return { fileName: p.fileName, source: p.source, programs };
}

type EditPlan = (text: string) => string;

/** The shared path of every entry edit: lock, check the version, edit the text, validate, write or give back. */
async function editEntry(
  conn: Conn,
  programId: string,
  section: Section,
  entryId: string,
  action: 'create' | 'update' | 'delete',
  expectedVersion: number | undefined,
  edit: EditPlan,
  change: Change,
): Promise<EditedEntry | Invalid> {
  return transact(conn, async (t) => {
    const program = await lockProgram(t, programId);
    if (!program) throw new NotFoundError('program', programId);
    if (section === 'history' && program.historyFile !== undefined) {
      throw new EditError(`the history of '${programId}' is read from ${program.historyFile}: change that file and import again`);
    }
    const current = await getEntry(t, programId, section, entryId);
    if (action !== 'create') {
      if (!current) throw new NotFoundError(`entry in ${section}`, `${programId}/${entryId}`);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new ConflictError(`${section} entry '${entryId}' is at version ${current.version}, not ${expectedVersion}`, current);
      }
    }
    const text = edit(program.source);
    const files = await listProgramFiles(t, programId);
    const checked = checkProgramText(text, program.fileName, files);
    if (!checked.program || !checked.raw) return { ok: false, diagnostics: checked.diagnostics };
    const write = programWrite(programId, program.fileName, text, checked.raw, checked.program, undefined);
    const after = write.entries.find((e) => e.section === section && e.entryId === entryId)?.data ?? null;
    const written = await writeProgram(t, write, change, {
      audit: [{ entity: section, entityId: entryId, action, before: current?.data ?? null, after }],
      // The text edit changed this entry's lines only, so the other rows stand (an insert goes at the end).
      touched: { section, entryId },
    });
    const entry = await getEntry(t, programId, section, entryId);
    const result: EditedEntry = { ok: true, program: written.program, diagnostics: checked.diagnostics };
    if (entry) result.entry = entry;
    return result;
  });
}

function entryId(entry: Json): string {
  if (typeof entry.id !== 'string' && typeof entry.id !== 'number') throw new EditError('the entry has no id');
  return String(entry.id);
}

/**
 * Adds `entry` (raw file shape, e.g. `{id: 'PAY-9', title: 'x', estimate: '2w'}`) at the end of `section`.
 * Returns the diagnostics and writes nothing when the program would be invalid (a duplicate id included).
 */
export async function createEntry(conn: Conn, programId: string, section: Section, entry: Json, change: Change): Promise<EditedEntry | Invalid> {
  return editEntry(conn, programId, section, entryId(entry), 'create', undefined, (text) => appendEntry(text, section, entry), change);
}

/**
 * Replaces entry `id` of `section` with `entry` (its id may be left out; it cannot change). With `expectedVersion`,
 * throws ConflictError carrying the current entry when someone changed it since; NotFoundError when it is gone.
 */
export async function updateEntry(
  conn: Conn,
  programId: string,
  section: Section,
  id: string,
  entry: Json,
  change: Change,
  expectedVersion?: number,
): Promise<EditedEntry | Invalid> {
  const full = { id, ...entry };
  if (entryId(full) !== id) throw new EditError(`the id of ${section} entry '${id}' cannot change (to '${entryId(full)}')`);
  return editEntry(conn, programId, section, id, 'update', expectedVersion, (text) => replaceEntry(text, section, id, full), change);
}

/** Deletes entry `id` of `section` (diagnostics when something still refers to it). Version check as updateEntry. */
export async function deleteEntry(conn: Conn, programId: string, section: Section, id: string, change: Change, expectedVersion?: number): Promise<EditedEntry | Invalid> {
  return editEntry(conn, programId, section, id, 'delete', expectedVersion, (text) => removeEntry(text, section, id), change);
}
