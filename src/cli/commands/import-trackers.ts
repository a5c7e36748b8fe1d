/**
 * Tracker connectors: `vantage import jira|github|linear|jira-csv … -o OUT.vantage.yaml` and `vantage sync FILE`.
 *
 * Import writes a new program file (never over an existing one without --force; through a temporary file and a
 * rename, so nothing is written on any error). Sync refreshes an imported file from the tracker named in its
 * `x-sync`: records updated since the last sync are upserted by `links.<source>`, TPM-owned fields are never
 * touched, items gone upstream are reported (and cut with --prune), --dry-run prints the diff and writes nothing.
 * Credentials only from the environment (docs/connectors.md). Exit 3 on network or credential problems, 1 on a bad
 * payload or map file, 2 on usage.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { hasErrors, type Diagnostic } from '../../model/diagnostic.js';
import { parseProgram } from '../../io/yaml/load.js';
import { EditError } from '../../io/yaml/edit.js';
import { TrackerError } from '../../io/trackers/http.js';
import { fetchRecords, type Env, type HttpSettings, type TrackerQuery } from '../../io/trackers/fetch.js';
import { parseJiraCsv } from '../../io/trackers/jira-csv.js';
import { DEFAULT_MAPPING, parseMapping, type Mapping } from '../../io/trackers/mapping.js';
import type { TrackerRecord, TrackerSource } from '../../io/trackers/records.js';
import { planIsEmpty } from '../../io/trackers/sync.js';
import { syncReportJson, syncText, type SyncReport } from '../../service/sync-text.js';
import { buildProgram, programText, type ProgramBuild } from '../../io/trackers/to-program.js';
import { EnvironmentError, InputError, UsageError, type Output } from '../context.js';
import { statusDate } from '../today.js';
import { parentCommand } from './parent.js';
import { actorOf, storeOptions, withStore, type StoreFlags } from './store.js';
import { importIntoStore, storeFlagsOf } from './import-files.js';
import type { RegisterCommand } from './index.js';

/**
 * HTTP settings every connector call gets. Tests replace `sleep` (so a 429 with Retry-After does not really wait) and
 * may shorten the backoff; the CLI leaves the defaults of src/io/trackers/http.ts.
 */
export const trackerHttp: HttpSettings = {};

type CommonFlags = { output?: string; map?: string; force?: boolean; id?: string; name?: string; format: 'text' | 'json' };

const SOURCE_NAMES: Record<TrackerSource, string> = { jira: 'Jira', github: 'GitHub', linear: 'Linear' };

/** A TrackerError as the CLI's typed error: payload → InputError (exit 1), usage → 2, the rest → EnvironmentError (3). */
function cliError(e: unknown): unknown {
  if (e instanceof EditError) return new InputError([{ code: 'sync-cannot-edit', severity: 'error', message: e.message }]);
  if (!(e instanceof TrackerError)) return e;
  if (e.kind === 'payload') return new InputError([{ code: 'tracker-bad-payload', severity: 'error', message: `${e.message}; nothing was written` }]);
  if (e.kind === 'usage') return new UsageError(e.message);
  // A 400 is the query the user gave (bad JQL, unknown team or repository field): say what the tracker said.
  if (e.kind === 'http' && e.status === 400) return new UsageError(`${e.message}; check the query`);
  return new EnvironmentError(`${e.message}; nothing was written`, { cause: e });
}

function readMap(path: string | undefined): Mapping {
  if (path === undefined) return DEFAULT_MAPPING;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new EnvironmentError(`cannot read the map file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  const r = parseMapping(text, path);
  if (!r.mapping) throw new InputError(r.diagnostics, new Map([[path, text]]));
  return r.mapping;
}

/** Writes `text` to `path` through a temporary file in the same folder and a rename (all or nothing). */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new EnvironmentError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

/** Checks the written text is a valid program (it always should be: an error here is reported, never written). */
function checkProgram(text: string, file: string): Diagnostic[] {
  const r = parseProgram(text, file);
  if (hasErrors(r.diagnostics)) throw new InputError(r.diagnostics, new Map([[file, text]]));
  return r.diagnostics;
}

function progressTo(output: Output, label: string): ((done: number, total?: number) => void) | undefined {
  if (!output.errIsTTY) return undefined;
  return (done, total) => output.err(`\r${label}: ${done}${total !== undefined ? `/${total}` : ''} issues`);
}

function outputPath(flags: CommonFlags): string {
  if (flags.output === undefined) throw new UsageError('name the program file to write with -o OUT.vantage.yaml');
  if (existsSync(flags.output) && !flags.force) throw new UsageError(`${flags.output} exists; pass --force to replace it, or use vantage sync to refresh it`);
  return flags.output;
}

function programId(flags: CommonFlags, out: string): string {
  const id = flags.id ?? basename(out).replace(/\.vantage\.ya?ml$|\.ya?ml$|\.json$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-');
  if (!/^[A-Za-z0-9._-]+$/.test(id)) throw new UsageError(`--id takes letters, digits, '.', '_' and '-' only, not '${id}'`);
  return id;
}

/** The map path as kept in x-sync: relative to the program file's folder. */
function mapRef(map: string | undefined, out: string): string | undefined {
  return map === undefined ? undefined : relative(dirname(resolve(out)), resolve(map)) || map;
}

function summary(build: ProgramBuild, out: string, source: string, warnings: number, format: 'text' | 'json'): string {
  const items = build.doc.items as { status: string; after?: string[] }[];
  const statuses: Record<string, number> = {};
  for (const i of items) statuses[i.status] = (statuses[i.status] ?? 0) + 1;
  const dependencies = items.reduce((n, i) => n + (i.after?.length ?? 0), 0);
  const workstreams = ((build.doc.workstreams as unknown[] | undefined) ?? []).length;
  const history = ((build.doc.history as unknown[] | undefined) ?? []).length;
  if (format === 'json') return `${JSON.stringify({ file: out, source, items: items.length, statuses, dependencies, workstreams, history, warnings, notes: build.notes }, null, 2)}\n`;
  const counts = Object.entries(statuses).map(([s, n]) => `${n} ${s}`).join(', ');
  const lines = [`wrote ${out}: ${items.length} items (${counts}), ${dependencies} dependencies, ${workstreams} workstreams, ${history} history rows`];
  for (const n of build.notes) lines.push(`note: ${n}`);
  if (warnings > 0) lines.push(`note: ${warnings} warning(s) from vantage check ${out}`);
  return `${lines.join('\n')}\n`;
}

async function importLive(output: Output, source: TrackerSource, query: TrackerQuery, flags: CommonFlags, today: string): Promise<void> {
  const out = outputPath(flags);
  const mapping = readMap(flags.map);
  const startedAt = new Date().toISOString();
  let records: TrackerRecord[];
  try {
    records = await fetchRecords(source, query, mapping, process.env as Env, trackerHttp, undefined, progressTo(output, SOURCE_NAMES[source]));
  } catch (e) {
    throw cliError(e);
  } finally {
    if (output.errIsTTY) output.err('\n');
  }
  const map = mapRef(flags.map, out);
  writeImport(output, records, mapping, { source, out, flags, today, sync: { query, updated: startedAt, ...(map !== undefined ? { map } : {}) } });
}

function writeImport(output: Output, records: TrackerRecord[], mapping: Mapping, o: { source: TrackerSource; out: string; flags: CommonFlags; today: string; sync: { query: TrackerQuery; updated: string; map?: string } }): void {
  const id = programId(o.flags, o.out);
  const build = buildProgram(records, mapping, { source: o.source, id, name: o.flags.name ?? id, today: o.today, sync: o.sync });
  const text = programText(build.doc);
  const warnings = checkProgram(text, o.out).length;
  writeAtomically(o.out, text);
  output.out(summary(build, o.out, o.source, warnings, o.flags.format));
}

/**
 * The subcommand's flags. `import` is shared with the store's `import FILE`, whose own --format and --id options take
 * those flags when they are given: read them from the parent too.
 */
function flagsOf<F extends CommonFlags>(flags: F, command: Command): F {
  const parent = (command.parent?.opts() ?? {}) as { format?: string; id?: string };
  return { ...flags, ...(flags.id === undefined && parent.id !== undefined ? { id: parent.id } : {}), format: flags.format === 'json' || parent.format === 'json' ? 'json' : 'text' };
}

function common(cmd: ReturnType<typeof parentCommand>) {
  return cmd
    .option('-o, --output <file>', 'the program file to write (OUT.vantage.yaml)')
    .option('--map <file>', 'a mapping file: status names, estimate units, must labels (docs/connectors.md)')
    .option('--force', 'replace the output file if it exists')
    .option('--id <id>', 'program id (default: from the output file name)')
    .option('--name <name>', 'program name (default: the id)')
    .addOption(new Option('--format <format>', 'summary format').choices(['text', 'json']).default('text'));
}

const SYNC_HELP = `
Reads the tracker and query from the file's x-sync (written by vantage import), fetches what changed since the
last sync, and upserts items by links.<source>. Tracker-owned fields (title, workstream, estimate, after, status,
started, finished, tags, links, x-status-history) are refreshed; the TPM's (objectives, must, value,
time_criticality, risk_reduction, raci, owner, notes, x- keys …) are never written. Items gone upstream are
reported; --prune removes them. Comments and layout elsewhere are kept.`;

export const registerTrackerConnectors: RegisterCommand = (program, output) => {
  const imp = parentCommand(program, 'import', 'import work into a program file');

  common(imp.command('jira').description('Jira issues by JQL (Cloud REST v3; v2/Server detected) into a program file'))
    .requiredOption('--jql <query>', 'the JQL that selects the issues, e.g. "project = PAY"')
    .addHelpText('after', '\nEnvironment: VANTAGE_JIRA_URL (https://your-site.atlassian.net), VANTAGE_JIRA_EMAIL, VANTAGE_JIRA_TOKEN (an API token).')
    .action(async (flags: CommonFlags & { jql: string }, command: Command) => importLive(output, 'jira', { jql: flags.jql }, flagsOf(flags, command), statusDate(command)));

  common(imp.command('github').description('GitHub issues of a repository (milestones, labels, sub-issues, blocked-by) into a program file'))
    .requiredOption('--repo <owner/name>', 'the repository, e.g. acme/shop')
    .addHelpText('after', '\nEnvironment: GITHUB_TOKEN or VANTAGE_GITHUB_TOKEN (optional for public repositories), VANTAGE_GITHUB_URL (GitHub Enterprise API URL).')
    .action(async (flags: CommonFlags & { repo: string }, command: Command) => importLive(output, 'github', { repo: flags.repo }, flagsOf(flags, command), statusDate(command)));

  common(imp.command('linear').description('Linear issues of a team (projects, cycles, relations) into a program file'))
    .requiredOption('--team <key>', 'the team key, e.g. ENG')
    .addHelpText('after', '\nEnvironment: LINEAR_API_KEY, VANTAGE_LINEAR_URL (default https://api.linear.app/graphql).')
    .action(async (flags: CommonFlags & { team: string }, command: Command) => importLive(output, 'linear', { team: flags.team }, flagsOf(flags, command), statusDate(command)));

  common(imp.command('jira-csv').description('a Jira CSV export (Issues → Export → CSV, all fields) into a program file'))
    .argument('<file>', 'the exported CSV file')
    .action(async (file: string, rawFlags: CommonFlags, command: Command) => {
      const flags = flagsOf(rawFlags, command);
      const today = statusDate(command);
      if (flags.output === undefined && storeFlagsOf(command)) return importIntoStore(output, 'jira-csv', file, command, readMap(flags.map));
      const out = outputPath(flags);
      const mapping = readMap(flags.map);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new EnvironmentError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
      }
      const r = parseJiraCsv(text, file, mapping);
      if (hasErrors(r.diagnostics)) throw new InputError(r.diagnostics, new Map([[file, text]]));
      if (r.diagnostics.length > 0) output.err(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: warning: ${d.message} [${d.code}]`).join('\n') + '\n');
      writeImport(output, r.records, mapping, { source: 'jira', out, flags, today, sync: { query: { csv: basename(file) }, updated: new Date().toISOString() } });
    });

  storeOptions(
    program
      .command('sync')
      .description('refresh an imported program (a file, or a stored program by id) from its tracker: upsert changed issues, report deleted ones')
      .argument('<file>', 'a program file written by vantage import jira|github|linear, or the id of a stored program (with --data/--db)')
      .option('--dry-run', 'print the changes and write nothing')
      .option('--prune', 'remove items deleted upstream or moved out of the query')
      .option('--full', 'fetch every issue, not only those updated since the last sync')
      .option('--map <file>', 'a mapping file (default: the one named in x-sync, else the defaults)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .addHelpText('after', SYNC_HELP),
  ).action(async (file: string, flags: SyncFlags) => {
    if (!existsSync(file) && !/\.(ya?ml|json)$/i.test(file)) {
      await syncStored(output, file, flags);
      return;
    }
    if (!/\.(ya?ml|json)$/i.test(file)) throw new UsageError(`sync takes a program file (*.vantage.yaml) or the id of a stored program, not '${file}'`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new EnvironmentError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
    }
    const given = flags.map !== undefined ? readMap(flags.map) : undefined;
    let run: { text: string; reports: SyncReport[] };
    try {
      run = await syncText(text, file, {
        env: process.env as Env,
        http: trackerHttp,
        ...(flags.full ? { full: true } : {}),
        ...(flags.prune ? { prune: true } : {}),
        mapping: (state) => given ?? readMap(typeof state.map === 'string' ? (isAbsolute(state.map) ? state.map : join(dirname(file), state.map)) : undefined),
        progress: (source) => progressTo(output, `${SOURCE_NAMES[source]} sync`),
      });
    } catch (e) {
      throw cliError(e);
    } finally {
      if (output.errIsTTY) output.err('\n');
    }
    if (!flags.dryRun) {
      checkProgram(run.text, file);
      writeAtomically(file, run.text);
    }
    output.out(flags.format === 'json' ? syncJson(file, run.reports, flags) : syncText_(file, run.reports, flags));
  });
};

type SyncFlags = StoreFlags & { dryRun?: boolean; prune?: boolean; full?: boolean; map?: string; format: 'text' | 'json' };

/**
 * `vantage sync ID --data DIR|--db URL`: syncs the stored program `id` and stores the result as a new version
 * (all or nothing, audited with the actor; a concurrent edit is a conflict, exit 1). --dry-run writes nothing.
 */
async function syncStored(output: Output, id: string, flags: SyncFlags): Promise<void> {
  const { syncStoredProgram } = await import('../../service/connectors.js');
  const { ConflictError, NotFoundError } = await import('../../store/errors.js');
  const given = flags.map !== undefined ? readMap(flags.map) : undefined;
  const change = { actor: actorOf(flags) };
  const r = await withStore(flags, async (store) => {
    try {
      return await syncStoredProgram(store, id, change, {
        env: process.env as Env,
        http: trackerHttp,
        ...(flags.full ? { full: true } : {}),
        ...(flags.prune ? { prune: true } : {}),
        ...(flags.dryRun ? { dryRun: true } : {}),
        ...(given ? { mapping: () => given } : {}),
        progress: (source) => progressTo(output, `${SOURCE_NAMES[source]} sync`),
      });
    } catch (e) {
      if (e instanceof NotFoundError) throw new UsageError(`'${id}' is neither a program file nor a stored program; see vantage programs`);
      if (e instanceof ConflictError) {
        throw new InputError([{ code: 'sync-conflict', severity: 'error', message: `${id} was changed by someone else while it synced (${e.message}); nothing was written: run vantage sync again` }]);
      }
      throw cliError(e);
    } finally {
      if (output.errIsTTY) output.err('\n');
    }
  });
  if (!r.ok) throw new InputError(r.diagnostics);
  const label = `${id} (version ${r.version})`;
  if (flags.format === 'json') {
    output.out(`${JSON.stringify({ id, written: r.written, fromVersion: r.fromVersion, version: r.version, sources: syncReportJson(r.reports, Boolean(flags.prune)) }, null, 2)}\n`);
  } else {
    output.out(syncText_(label, r.reports, flags).replace(/^wrote (.*)$/m, 'stored $1'));
  }
}

const show = (v: unknown) => (v === null || v === undefined ? '(none)' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

function syncText_(file: string, reports: SyncReport[], flags: { dryRun?: boolean; prune?: boolean }): string {
  const lines: string[] = [];
  for (const { plan, since } of reports) {
    lines.push(`${SOURCE_NAMES[plan.source]}: ${since ? `changes since ${since}` : 'full fetch'}: ${plan.added.length} added, ${plan.updated.length} updated, ${plan.unchanged} unchanged, ${plan.gone.length} gone upstream`);
    for (const w of plan.workstreams) lines.push(`+ workstream ${w.id}  ${w.title}`);
    for (const a of plan.added) lines.push(`+ ${a.id}  ${a.title}  (${a.status})`);
    for (const u of plan.updated) {
      const fields = u.changes.filter((c) => c.field !== 'x-status-history').map((c) => `${c.field}: ${show(c.from)} -> ${show(c.to)}`);
      if (u.changes.some((c) => c.field === 'x-status-history')) fields.push('status history');
      lines.push(`~ ${u.id}  ${fields.join('; ')}`);
    }
    for (const g of plan.gone) lines.push(`- ${g.id}  ${g.key} was deleted, moved or no longer matches the query${flags.prune ? (flags.dryRun ? ' (would be removed)' : ' (removed)') : '; --prune removes it'}`);
  }
  lines.push(flags.dryRun ? `dry run: ${file} not written` : reports.every((r) => planIsEmpty(r.plan, Boolean(flags.prune))) ? `${file} is up to date (sync time recorded)` : `wrote ${file}`);
  return `${lines.join('\n')}\n`;
}

function syncJson(file: string, reports: SyncReport[], flags: { dryRun?: boolean; prune?: boolean }): string {
  return `${JSON.stringify({ file, written: !flags.dryRun, sources: syncReportJson(reports, Boolean(flags.prune)) }, null, 2)}\n`;
}
