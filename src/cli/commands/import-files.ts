/**
 * File connectors: `vantage import mspdi|csv FILE -o OUT.vantage.yaml` and `vantage export mspdi|csv|ics PROGRAM -o OUT`.
 *
 * Imports are all or nothing: the result is checked with the program loader before anything is written, the file is
 * written to a temporary name beside OUT and then moved into place, and an existing OUT is never replaced without
 * `--force` (`import csv --into P` without `-o` updates P itself: that is what it asks for). Exports write the same
 * way; without `-o` they print to stdout.
 *
 * These are subcommands of the `import`/`export` parents the store registers (`import FILE`, `export ID`); commander
 * runs them when the first word matches. The store's `export` owns `-o/--output`, so commander hands `-o` given
 * after `export mspdi ...` to the parent: `flag()` reads it from there.
 */
import { randomBytes } from 'node:crypto';
import { access, link, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { scheduleProgram } from '../../engine/schedule.js';
import { hasErrors, type Diagnostic } from '../../model/diagnostic.js';
import type { Program } from '../../model/program.js';
import { isId } from '../../model/units.js';
import { itemsProgramDoc, mergeItemsIntoProgram, parseItemsCsv, writeItemsCsv } from '../../io/csv/items.js';
import { writeProgramIcs } from '../../io/ics-export.js';
import { programText } from '../../io/mspdi/program-text.js';
import { readMspdi } from '../../io/mspdi/read.js';
import { writeMspdi } from '../../io/mspdi/write.js';
import { formatProgramText } from '../../io/yaml/format.js';
import { parseProgram, readText } from '../../io/yaml/load.js';
import { EnvironmentError, InputError, UsageError, type Output } from '../context.js';
import { loadForCli } from '../load.js';
import { renderDiagnostics } from '../render/diagnostics.js';
import { statusDate } from '../today.js';
import { parentCommand } from './parent.js';
import { actorOf, withStore, type StoreFlags } from './store.js';
import type { ImportKind } from '../../service/connectors.js';
import type { Mapping } from '../../io/trackers/mapping.js';
import type { RegisterCommand } from './index.js';

type Format = 'text' | 'json';

export const registerFileConnectors: RegisterCommand = (program, output) => {
  const importCmd = parentCommand(program, 'import', 'import a file into Vantage');
  const exportCmd = parentCommand(program, 'export', 'export a program to another format');

  importCmd
    .command('mspdi')
    .description('MS Project XML (File > Save As > XML) → a program file (all or nothing)')
    .argument('<file>', 'MSPDI file (*.xml)')
    .option('-o, --output <file>', 'the program file to write (*.vantage.yaml); default: stdout')
    .option('--force', 'replace OUT if it exists')
    .option('--format <format>', 'summary format: text or json', 'text')
    .action(async (file: string, _opts: unknown, command: Command) => {
      const out = flag<string>(command, 'output');
      const format = formatOf(command);
      if (out === undefined && storeFlagsOf(command)) return importIntoStore(output, 'mspdi', file, command);
      await refuseExisting(out, flag<boolean>(command, 'force') === true);
      const text = await readInput(file);
      const r = readMspdi(text, file);
      const sources = new Map([[file, text]]);
      if (!r.doc || hasErrors(r.diagnostics)) throw new InputError(r.diagnostics, sources);
      const yaml = checkedProgramText(r.doc, out ?? `${basename(file)}.vantage.yaml`, `Imported from ${basename(file)} (MS Project XML) by vantage import mspdi.`);
      const warnings = [...r.diagnostics, ...yaml.warnings];
      if (warnings.length > 0) output.err(renderDiagnostics(warnings, new Map([...sources, ...yaml.sources])));
      await deliver(yaml.text, out, flag<boolean>(command, 'force') === true, output);
      const s = r.stats;
      summary(output, format, out, { kind: 'mspdi', input: file, output: out ?? null, stats: s, warnings: warnings.length },
        `imported ${s.tasks} tasks from ${file}: ${s.workstreams} workstreams, ${s.items} items, ${s.milestones} milestones, ${s.dependencies} dependencies (${s.links} links), ${s.people} people, ${s.teams} teams`);
    });

  importCmd
    .command('csv')
    .description('a CSV of items → a new program file, or merged into one with --into (all or nothing)')
    .argument('<file>', 'items CSV (id,title,workstream,owner,estimate,after,...)')
    .option('-o, --output <file>', 'the program file to write; default: the --into file, else stdout')
    .option('--into <program>', 'merge the items into this program file (same ids are updated, new ones appended)')
    .option('--id <id>', 'program id of a new program (default: from the file name)')
    .option('--start <date>', 'start of a new program (default: the status date, or the first started date before it)')
    .option('--force', 'replace OUT if it exists')
    .option('--format <format>', 'summary format: text or json', 'text')
    .action(async (file: string, _opts: unknown, command: Command) => {
      const into = flag<string>(command, 'into');
      const out = flag<string>(command, 'output') ?? into;
      const format = formatOf(command);
      if (out === undefined && storeFlagsOf(command)) return importIntoStore(output, 'csv', file, command);
      await refuseExisting(out, flag<boolean>(command, 'force') === true || (into !== undefined && out === into));
      const text = await readInput(file);
      const sources = new Map([[file, text]]);
      const r = parseItemsCsv(text, file);
      if (hasErrors(r.diagnostics)) throw new InputError(r.diagnostics, sources);
      let result: { text: string; warnings: Diagnostic[]; sources: Map<string, string> };
      let counts: { added: number; updated: number };
      if (into !== undefined) {
        const base = await readInput(into);
        sources.set(into, base);
        const merged = mergeItemsIntoProgram(base, into, r.rows);
        if (!merged.text || hasErrors(merged.diagnostics)) throw new InputError(merged.diagnostics, sources);
        const formatted = formatProgramText(merged.text, out ?? into);
        if (formatted.text === undefined) throw new InputError(formatted.diagnostics, sources);
        const checked = checkText(formatted.text, out ?? into);
        result = { ...checked, warnings: [...merged.diagnostics, ...checked.warnings] };
        counts = merged;
      } else {
        const id = flag<string>(command, 'id') ?? (slug(basename(file).replace(/\.csv$/i, '')) || 'imported');
        if (!isId(id)) throw new UsageError(`--id takes letters, digits, '.', '_' and '-' only, not '${id}'`);
        // Default start: the status date, or the first `started` date when work began before it.
        const started = r.rows.map((x) => x.item.started).filter((d): d is string => typeof d === 'string').sort();
        const today = statusDate(command);
        const start = flag<string>(command, 'start') ?? (started[0] !== undefined && started[0] < today ? started[0] : today);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(start))) throw new UsageError(`--start must be a date like 2027-01-15, not '${start}'`);
        const doc = itemsProgramDoc(r.rows, { id, name: id, start });
        result = checkedProgramText(doc, out ?? `${id}.vantage.yaml`, `Imported from ${basename(file)} by vantage import csv.`);
        counts = { added: r.rows.length, updated: 0 };
      }
      const warnings = [...r.diagnostics, ...result.warnings];
      if (warnings.length > 0) output.err(renderDiagnostics(warnings, new Map([...sources, ...result.sources])));
      // Updating the --into file in place is the point of --into; any other existing OUT needs --force.
      await deliver(result.text, out, flag<boolean>(command, 'force') === true || (into !== undefined && out === into), output);
      summary(output, format, out, { kind: 'csv', input: file, output: out ?? null, added: counts.added, updated: counts.updated, warnings: warnings.length },
        `imported ${r.rows.length} items from ${file}: ${counts.added} added, ${counts.updated} updated`);
    });

  /** One `export KIND PROGRAM [-o OUT] [--force] [--format]` subcommand: `produce` turns the loaded program into text and a summary. */
  const exportAs = (
    kind: string,
    description: string,
    what: string,
    produce: (prog: Program, today: string) => { text: string; details: Record<string, unknown>; line: (to: string) => string },
  ): void => {
    exportCmd
      .command(kind)
      .description(description)
      .argument('<program>', 'program file (*.vantage.yaml)')
      .option('-o, --output <file>', `the ${what} to write; default: stdout`)
      .option('--force', 'replace OUT if it exists')
      .option('--format <format>', 'summary format: text or json', 'text')
      .action(async (file: string, _opts: unknown, command: Command) => {
        const out = flag<string>(command, 'output');
        const force = flag<boolean>(command, 'force') === true;
        await refuseExisting(out, force);
        const { prog, today } = await loadProgram(file, command, output);
        const { text, details, line } = produce(prog, today);
        await deliver(text, out, force, output);
        summary(output, formatOf(command), out, { kind, input: file, output: out ?? null, ...details }, line(out ?? 'stdout'));
      });
  };

  exportAs('mspdi', 'a program → MS Project XML with the scheduled dates (MS Project: File > Open)', 'XML file', (prog, today) => {
    const schedule = scheduleProgram(prog, { today });
    const finish = schedule.program.finish;
    return {
      text: writeMspdi(prog, { today, schedule }),
      details: { items: prog.items.length, milestones: prog.milestones.length, finish },
      line: (to) => `exported ${prog.items.length} items and ${prog.milestones.length} milestones (finish ${finish}) to ${to}`,
    };
  });

  exportAs('csv', "a program's items → CSV (the columns import csv reads)", 'CSV file', (prog) => ({
    text: writeItemsCsv(prog),
    details: { items: prog.items.length },
    line: (to) => `exported ${prog.items.length} items to ${to}`,
  }));

  exportAs('ics', "milestones' committed and planned dates and the target → iCalendar, for the team's calendars", '.ics file', (prog, today) => {
    const text = writeProgramIcs(prog, { today, schedule: scheduleProgram(prog, { today }) });
    const events = (text.match(/^BEGIN:VEVENT/gm) ?? []).length;
    return { text, details: { events }, line: (to) => `exported ${events} events to ${to}` };
  });
};

/**
 * The store flags (`--data`, `--db`, `--as-user`, owned by the store's `import`) when --data or --db is given:
 * then `import KIND FILE` without -o stores the program instead of printing it. Undefined otherwise.
 */
export function storeFlagsOf(command: Command): StoreFlags | undefined {
  const data = flag<string>(command, 'data');
  const db = flag<string>(command, 'db');
  if (data === undefined && db === undefined) return undefined;
  const asUser = flag<string>(command, 'asUser');
  return { ...(data !== undefined ? { data } : {}), ...(db !== undefined ? { db } : {}), ...(asUser !== undefined ? { asUser } : {}) };
}

/**
 * `vantage import mspdi|csv|jira-csv FILE --data DIR|--db URL`: converts the file as the `-o` form does and stores
 * the program (all or nothing, audited; an existing id is replaced as a new version, as `vantage import FILE`
 * does), then prints its id (or `{kind, id, version, created}` with --format json).
 */
export async function importIntoStore(output: Output, kind: ImportKind, file: string, command: Command, mapping?: Mapping): Promise<void> {
  const flags = storeFlagsOf(command)!; // only called when given
  const format = formatOf(command);
  const id = flag<string>(command, 'id');
  if (id !== undefined && !isId(id)) throw new UsageError(`--id takes letters, digits, '.', '_' and '-' only, not '${id}'`);
  const start = flag<string>(command, 'start');
  if (start !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(start)))) throw new UsageError(`--start must be a date like 2027-01-15, not '${start}'`);
  const text = await readInput(file);
  const today = statusDate(command);
  const { importFileIntoStore } = await import('../../service/connectors.js');
  const change = { actor: actorOf(flags) };
  const options = { file, today, ...(id !== undefined ? { id } : {}), ...(start !== undefined ? { start } : {}), ...(mapping ? { mapping } : {}) };
  const r = await withStore(flags, (store) => importFileIntoStore(store, kind, text, options, change));
  const sources = new Map([[file, text]]);
  if (!r.ok) throw new InputError(r.diagnostics, sources);
  if (r.diagnostics.length > 0) output.err(renderDiagnostics(r.diagnostics, sources));
  output.out(format === 'json' ? `${JSON.stringify({ kind: 'program', id: r.program.id, version: r.program.version, created: r.created }, null, 2)}\n` : `${r.program.id}\n`);
}

/**
 * An option of this subcommand; when not given here, the same option given to the parent (`export`'s `-o` is
 * consumed by the store's `export` command wherever it appears).
 */
function flag<T>(command: Command, name: string): T | undefined {
  // commander types option values as any; each caller names the type its option declares.
  const own = command.getOptionValue(name) as T | undefined;
  if (command.getOptionValueSource(name) === 'cli') return own;
  const parent = command.parent;
  if (parent && parent.getOptionValueSource(name) === 'cli') return parent.getOptionValue(name) as T;
  return own;
}

function formatOf(command: Command): Format {
  const f = flag<string>(command, 'format') ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not '${f}'`);
  return f;
}

async function readInput(file: string): Promise<string> {
  const text = await readText(file);
  if (typeof text !== 'string') throw new EnvironmentError(`cannot read ${file}: ${text.reason}`);
  return text;
}

async function loadProgram(file: string, command: Command, output: Output): Promise<{ prog: Program; today: string }> {
  const today = statusDate(command);
  const loaded = await loadForCli(file, output);
  if (loaded.kind !== 'program') throw new UsageError(`${file} is a portfolio; export one of its program files`);
  return { prog: loaded.program, today };
}

/** Program file text for a document, checked with the loader; errors throw InputError (nothing is written). */
function checkedProgramText(doc: Record<string, unknown>, name: string, header: string): { text: string; warnings: Diagnostic[]; sources: Map<string, string> } {
  const formatted = programText(doc, name, ` ${header}`);
  if (formatted.text === undefined) throw new InputError(formatted.diagnostics);
  return checkText(formatted.text, name);
}

function checkText(text: string, name: string): { text: string; warnings: Diagnostic[]; sources: Map<string, string> } {
  const sources = new Map([[name, text]]);
  const loaded = parseProgram(text, name);
  if (hasErrors(loaded.diagnostics) || !loaded.program) throw new InputError(loaded.diagnostics, sources);
  return { text, warnings: loaded.diagnostics, sources };
}

/** Fails early (before any work) when `out` exists and may not be replaced; `deliver` checks again atomically. */
async function refuseExisting(out: string | undefined, force: boolean): Promise<void> {
  if (out === undefined || force) return;
  const exists = await access(out).then(() => true, () => false);
  if (exists) throw new UsageError(`${out} already exists; give --force to replace it, or another -o`);
}

/**
 * Writes `text` to `out` all at once (a temporary file beside it, then moved into place), or to stdout without `out`.
 * Without `force` an existing `out` is an error and stays untouched.
 */
async function deliver(text: string, out: string | undefined, force: boolean, output: Output): Promise<void> {
  if (out === undefined) {
    output.out(text);
    return;
  }
  const tmp = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
  } catch (error) {
    throw new EnvironmentError(`cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    if (force) await rename(tmp, out);
    else await link(tmp, out); // fails when out exists: never replaced by accident
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    const e = error as NodeJS.ErrnoException; // what node:fs rejects with
    if (e.code === 'EEXIST') throw new UsageError(`${out} already exists; give --force to replace it, or another -o`);
    throw new EnvironmentError(`cannot write ${out}: ${e.message}`, { cause: error });
  }
  if (!force) await unlink(tmp).catch(() => undefined);
}

/** The one-line summary on stdout (stderr when the result itself went to stdout), or the JSON object. */
function summary(output: Output, format: Format, out: string | undefined, json: Record<string, unknown>, text: string): void {
  const line = format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`;
  if (out === undefined) output.err(line);
  else output.out(line);
}

/** "Q3 plan" → "q3-plan". */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}
