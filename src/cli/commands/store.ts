/**
 * The store from the command line: `vantage import FILE` stores a program or portfolio file (all or nothing) and
 * prints its id; `vantage export ID [-o FILE]` gives the exact text back; `vantage programs` lists what is stored.
 *
 * Where: `--data DIR` (else $VANTAGE_DATA, else ~/.vantage/data) is the embedded database; `--db URL` (else
 * $VANTAGE_DB_URL) a PostgreSQL server. DATABASE_URL is deliberately not read here: CI sets it for the tests.
 * Who: `--as-user NAME`, else the OS user name, goes into the audit log.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../../model/diagnostic.js';
import { readText } from '../../io/yaml/load.js';
import { StoreUnavailableError, StoreVersionError, NotFoundError } from '../../store/errors.js';
import type { Store, StoreOptions } from '../../store/open.js';
import type { Change, ProgramSummary, PortfolioRecord, StoredFile } from '../../store/repository.js';
import type { ProgramFileInput } from '../../service/programs.js';
import { EnvironmentError, InputError, UsageError, type Output } from '../context.js';
import { renderDiagnostics } from '../render/diagnostics.js';
import type { RegisterCommand } from './index.js';

/** The store options every store command takes. */
export type StoreFlags = { data?: string; db?: string; asUser?: string };

/** Adds `--data`, `--db` and `--as-user` to a command. */
export function storeOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'embedded database folder (default: $VANTAGE_DATA or ~/.vantage/data)')
    .option('--db <url>', 'PostgreSQL connection URL (default: $VANTAGE_DB_URL; else the embedded database)')
    .option('--as-user <name>', 'who makes the change, for the audit log (default: the OS user name)');
}

/** Where the store is, from the flags and the environment. Example: `{ data: '/tmp/v' }` gives `{ dataDir: '/tmp/v' }`. */
export function storeLocation(flags: StoreFlags, env: NodeJS.ProcessEnv = process.env): StoreOptions {
  if (flags.data !== undefined && flags.db !== undefined) throw new UsageError('give --data or --db, not both');
  if (flags.db !== undefined) return { url: flags.db };
  if (flags.data !== undefined) return { dataDir: flags.data };
  if (env.VANTAGE_DB_URL) return { url: env.VANTAGE_DB_URL };
  return { dataDir: env.VANTAGE_DATA || join(homedir(), '.vantage', 'data') };
}

/** The audit actor: --as-user, else the OS user name. */
export function actorOf(flags: StoreFlags): string {
  if (flags.asUser !== undefined) {
    if (flags.asUser.trim() === '') throw new UsageError('--as-user needs a name');
    return flags.asUser;
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown'; // no passwd entry (some containers)
  }
}

/** Opens the store, runs `fn`, closes it; an unreachable or too-new store is an environment error (exit 3). */
export async function withStore<T>(flags: StoreFlags, fn: (store: Store) => Promise<T>): Promise<T> {
  // Loaded on use: the database drivers cost ~0.4 s of start-up that other commands should not pay.
  const { openStore } = await import('../../store/open.js');
  let store: Store;
  try {
    store = await openStore(storeLocation(flags));
  } catch (e) {
    if (e instanceof StoreUnavailableError || e instanceof StoreVersionError) throw new EnvironmentError(e.message, { cause: e });
    throw e;
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const PROGRAM_FILE = /\.(ya?ml|json)$/i;

type ImportFlags = StoreFlags & { id?: string; format: string };
type ExportFlags = StoreFlags & { output?: string; portfolio?: boolean; format: string };
type ListFlags = StoreFlags & { format: string };

export const registerStore: RegisterCommand = (program, output, setExit) => {
  storeOptions(
    program
      .command('import')
      .description('store a program or portfolio file (all or nothing) and print its id')
      .argument('<file>', 'program or portfolio file (*.yaml, *.yml, *.json)')
      .argument('[more...]')
      .option('--id <id>', 'store under this id instead of the one in the file')
      .option('--format <format>', 'text or json', 'text'),
  ).action(async (file: string, more: string[], flags: ImportFlags) => {
    const { importPortfolio, importProgram, isPortfolioText, portfolioPaths } = await import('../../service/programs.js');
    const format = oneOf(flags.format, ['text', 'json'] as const, '--format');
    if (more.length > 0 || !PROGRAM_FILE.test(file)) {
      throw new UsageError(`import takes one program or portfolio file (*.yaml, *.yml, *.json), not '${[file, ...more].join(' ')}'`);
    }
    if (flags.id !== undefined && !/^[A-Za-z0-9._-]+$/.test(flags.id)) throw new UsageError(`--id takes letters, digits, '.', '_' and '-' only, not '${flags.id}'`);
    const text = await read(file);
    const change: Change = { actor: actorOf(flags) };
    const sources = new Map([[file, text]]);
    if (isPortfolioText(text)) {
      const programs: (ProgramFileInput & { path: string })[] = [];
      for (const path of portfolioPaths(text)) {
        const member = isAbsolute(path) ? path : join(dirname(file), path);
        const memberText = await readText(member);
        if (typeof memberText !== 'string') continue; // reported as missing-file by the import
        sources.set(member, memberText);
        programs.push({ path, file: member, text: memberText, files: await companions(member, memberText, sources) });
      }
      const r = await withStore(flags, (store) => importPortfolio(store, { text, file, programs, ...(flags.id !== undefined ? { id: flags.id } : {}) }, change));
      if (!r.ok) throw new InputError(r.diagnostics, sources);
      warn(r.diagnostics, sources, output);
      output.out(
        format === 'json'
          ? `${JSON.stringify({ kind: 'portfolio', id: r.portfolio.id, version: r.portfolio.version, programs: r.programs.map((p) => ({ id: p.id, version: p.version })) }, null, 2)}\n`
          : `${r.portfolio.id}\n`,
      );
    } else {
      const files = await companions(file, text, sources);
      const r = await withStore(flags, (store) => importProgram(store, { text, file, files, ...(flags.id !== undefined ? { id: flags.id } : {}) }, change));
      if (!r.ok) throw new InputError(r.diagnostics, sources);
      warn(r.diagnostics, sources, output);
      output.out(format === 'json' ? `${JSON.stringify({ kind: 'program', id: r.program.id, version: r.program.version, created: r.created }, null, 2)}\n` : `${r.program.id}\n`);
    }
    setExit(0);
  });

  storeOptions(
    program
      .command('export')
      .description('write a stored program (or portfolio) file exactly as imported or last edited')
      .argument('<id>', 'program or portfolio id')
      .option('-o, --output <file>', 'write to this file (and the files it names beside it) instead of stdout')
      .option('--portfolio', 'the id is a portfolio (when a program has the same id)')
      .option('--format <format>', 'text (the file itself) or json ({kind, id, source, files})', 'text'),
  ).action(async (id: string, flags: ExportFlags) => {
    const format = oneOf(flags.format, ['text', 'json'] as const, '--format');
    const { exportPortfolio, exportProgram } = await import('../../service/programs.js');
    const { getPortfolio, getProgram } = await import('../../store/repository.js');
    const written = await withStore(flags, async (store) => {
      const isProgram = !flags.portfolio && (await getProgram(store, id)) !== undefined;
      if (isProgram) {
        const p = await exportProgram(store, id);
        return { kind: 'program', source: p.source, extra: p.files.map((f) => ({ path: f.path, content: f.content })) };
      }
      if (!(await getPortfolio(store, id))) throw new UsageError(`no ${flags.portfolio ? 'portfolio' : 'program or portfolio'} '${id}' in the store; see vantage programs`);
      const p = await exportPortfolio(store, id);
      return {
        kind: 'portfolio',
        source: p.source,
        extra: p.programs.flatMap((m) => [{ path: m.path, content: m.source }, ...m.files.map((f) => ({ path: join(dirname(m.path), f.path), content: f.content }))]),
      };
    }).catch((e: unknown) => {
      if (e instanceof NotFoundError) throw new UsageError(`${e.message}; see vantage programs`);
      throw e;
    });
    if (format === 'json') {
      const json = { kind: written.kind, id, source: written.source, files: written.extra };
      if (flags.output === undefined) output.out(`${JSON.stringify(json, null, 2)}\n`);
      else await write(flags.output, `${JSON.stringify(json, null, 2)}\n`);
    } else if (flags.output === undefined) {
      output.out(written.source);
    } else {
      await write(flags.output, written.source);
      for (const f of written.extra) await write(isAbsolute(f.path) ? f.path : join(dirname(flags.output), f.path), f.content);
    }
    setExit(0);
  });

  storeOptions(
    program
      .command('programs')
      .description('list the programs and portfolios in the store')
      .option('--format <format>', 'text or json', 'text'),
  ).action(async (flags: ListFlags) => {
    const format = oneOf(flags.format, ['text', 'json'] as const, '--format');
    const { listPortfolios, listPrograms } = await import('../../store/repository.js');
    const { programs, portfolios } = await withStore(flags, async (store) => ({ programs: await listPrograms(store), portfolios: await listPortfolios(store) }));
    if (format === 'json') {
      const json = {
        programs: programs.map((p) => ({ id: p.id, name: p.name, fileName: p.fileName, version: p.version, items: p.items, updatedAt: p.updatedAt })),
        portfolios: portfolios.map((p) => ({ id: p.id, name: p.name, version: p.version, programs: p.members.map((m) => m.programId), updatedAt: p.updatedAt })),
      };
      output.out(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      output.out(renderPrograms(programs, portfolios));
    }
    setExit(0);
  });
};

function renderPrograms(programs: ProgramSummary[], portfolios: PortfolioRecord[]): string {
  if (programs.length === 0 && portfolios.length === 0) return 'The store is empty: add a program with vantage import FILE\n';
  const rows = [['id', 'name', 'version', 'items', 'updated'], ...programs.map((p) => [p.id, p.name, String(p.version), String(p.items), p.updatedAt.slice(0, 16).replace('T', ' ')])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  let out = rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
  if (portfolios.length > 0) out += `\nPortfolios:\n${portfolios.map((p) => `  ${p.id}  ${p.name}  (${p.members.map((m) => m.programId).join(', ')})`).join('\n')}\n`;
  return out;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T; // checked just above
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not '${value}'`);
}

async function read(file: string): Promise<string> {
  const text = await readText(file);
  if (typeof text !== 'string') throw new EnvironmentError(`cannot read ${file}: ${text.reason}`);
  return text;
}

/** The files a program names that exist beside it (a missing history CSV is reported by the import). */
async function companions(file: string, text: string, sources: Map<string, string>): Promise<StoredFile[]> {
  const { referencedFiles } = await import('../../service/programs.js');
  const files: StoredFile[] = [];
  for (const path of referencedFiles(text)) {
    const full = isAbsolute(path) ? path : join(dirname(file), path);
    const content = await readText(full);
    if (typeof content !== 'string') continue;
    sources.set(full, content);
    sources.set(path, content); // diagnostics of a stored CSV name it as the program writes it
    files.push({ path, content });
  }
  return files;
}

function warn(diagnostics: Diagnostic[], sources: Map<string, string>, output: Output): void {
  if (diagnostics.length > 0) output.err(renderDiagnostics(diagnostics, sources));
}

async function write(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  } catch (e) {
    throw new EnvironmentError(`cannot write ${path}: ${(e as Error).message}`, { cause: e });
  }
}
