/**
 * `vantage serve [--data DIR | --db URL] [--port N] [--host H] [--demo] [--log-level L] [--workers N]`: the HTTP API
 * (src/server) until SIGTERM/SIGINT, then a graceful shutdown (exit 0). `--demo` imports the demo programs when absent
 * and prints a fresh token of the `demo` admin with the URL.
 * `vantage backup [-o FILE]` / `vantage restore FILE [--force]`: the whole store as JSON lines (gzip when FILE ends
 * in .gz), through SQL both drivers run, so a backup moves between the embedded store and PostgreSQL.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Command } from 'commander';
import { StoreUnavailableError, StoreVersionError } from '../../store/errors.js';
import type { Store } from '../../store/open.js';
import type { RunningServer } from '../../server/server.js';
import { EnvironmentError, InputError, UsageError } from '../context.js';
import { storeLocation, withStore, type StoreFlags } from './store.js';
import type { RegisterCommand } from './index.js';

type ServeFlags = StoreFlags & { port: string; host: string; demo?: boolean; logLevel: string; workers: string };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The demo programs `--demo` imports (from the package's examples folder). */
export const DEMO_PROGRAMS = ['checkout.vantage.yaml', 'loyalty.vantage.yaml'];

function examplesDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'examples', 'checkout.vantage.yaml'))) return join(dir, 'examples');
  }
  return join(process.cwd(), 'examples');
}

function storeFlags(command: Command): Command {
  return command
    .option('--data <dir>', 'embedded database folder (default: $VANTAGE_DATA or ~/.vantage/data)')
    .option('--db <url>', 'PostgreSQL connection URL (default: $VANTAGE_DB_URL; else the embedded database)');
}

function whole(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  return n;
}

async function open(flags: StoreFlags): Promise<Store> {
  const { openStore } = await import('../../store/open.js');
  try {
    return await openStore(storeLocation(flags));
  } catch (e) {
    if (e instanceof StoreUnavailableError || e instanceof StoreVersionError) throw new EnvironmentError(e.message, { cause: e });
    throw e;
  }
}

/** Imports the demo programs that are not stored yet and returns a fresh token of the `demo` admin. */
async function prepareDemo(store: Store): Promise<string> {
  const { importProgram, referencedFiles } = await import('../../service/programs.js');
  const { getProgram } = await import('../../store/repository.js');
  const { ensureDemoPrincipal } = await import('../../server/auth/index.js');
  const dir = examplesDir();
  for (const name of DEMO_PROGRAMS) {
    const text = await readFile(join(dir, name), 'utf8');
    const id = /^\s*id:\s*([\w.-]+)/m.exec(text)?.[1];
    if (id !== undefined && (await getProgram(store, id))) continue;
    const files = referencedFiles(text)
      .filter((p) => existsSync(join(dir, p)))
      .map((p) => ({ path: p, content: readFileSync(join(dir, p), 'utf8') }));
    const r = await importProgram(store, { text, file: name, files }, { actor: 'vantage serve --demo' });
    if (!r.ok) throw new InputError(r.diagnostics);
  }
  return (await ensureDemoPrincipal(store)).token;
}

/** Resolves on the first SIGTERM or SIGINT. */
function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => {
      process.off('SIGTERM', term);
      process.off('SIGINT', int);
      resolve(signal);
    };
    const term = on('SIGTERM');
    const int = on('SIGINT');
    process.once('SIGTERM', term);
    process.once('SIGINT', int);
  });
}

export const registerServe: RegisterCommand = (program, output, setExit) => {
  storeFlags(
    program
      .command('serve')
      .description('run the HTTP API (and the web page) on the store; SIGTERM/SIGINT shut it down gracefully')
      .option('--port <n>', 'port (0: any free one)', '7400')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--demo', 'import the demo programs when absent and print a token of the demo admin')
      .option('--log-level <level>', `log level of the JSON lines on stderr (${LOG_LEVELS.join(', ')})`, 'info')
      .option('--workers <n>', 'forecast jobs this process runs at once (0: leave them to `vantage worker`)', '1'),
  ).action(async (flags: ServeFlags) => {
    const port = whole(flags.port, '--port', 0, 65_535);
    const workers = whole(flags.workers, '--workers', 0, 64);
    if (!(LOG_LEVELS as readonly string[]).includes(flags.logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not '${flags.logLevel}'`);
    const { default: pino } = await import('pino');
    const logger = pino({ level: flags.logLevel, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));
    const store = await open(flags);
    let started: RunningServer;
    try {
      const token = flags.demo ? await prepareDemo(store) : undefined;
      const { openJobQueue } = await import('../../server/jobs/queue.js');
      let jobs: Awaited<ReturnType<typeof openJobQueue>> | undefined;
      try {
        jobs = await openJobQueue(store);
      } catch (e) {
        logger.error({ err: e }, 'the job queue could not start: forecast jobs are unavailable');
      }
      const stopWorker = jobs && workers > 0 ? jobs.work({ concurrency: workers, onEvent: (event) => logger.info({ job: event }, 'job') }) : undefined;
      const { startServer } = await import('../../server/server.js');
      started = await startServer({ store, logger, port, host: flags.host, ...(jobs ? { jobs } : {}), ...(stopWorker ? { stopWorker } : {}) }).catch((e: unknown) => {
        throw new EnvironmentError(`cannot listen on ${flags.host}:${port}: ${(e as Error).message}`, { cause: e });
      });
      output.out(`Vantage is running at ${started.url}${token ? `  (token: ${token})` : ''}\n`);
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
    const signal = await shutdownSignal();
    logger.info({ signal }, 'signal received');
    await started.close();
    setExit(0);
  });

  storeFlags(
    program
      .command('backup')
      .description('write the whole store (every program, entry, snapshot, user, token hash, audit row) as JSON lines')
      .option('-o, --output <file>', 'write here (gzip when it ends in .gz) instead of stdout'),
  ).action(async (flags: StoreFlags & { output?: string }) => {
    const { dumpStore } = await import('../../store/backup.js');
    const counts = await withStore(flags, async (store) => {
      if (flags.output === undefined) return dumpStore(store, (line) => output.out(line));
      const lines: string[] = [];
      // Collected first, then written: a failed dump leaves no half file behind.
      const c = await dumpStore(store, (line) => void lines.push(line));
      await writeLines(flags.output, lines);
      return c;
    });
    if (flags.output !== undefined) output.err(`wrote ${summary(counts)} to ${flags.output}\n`);
    setExit(0);
  });

  storeFlags(
    program
      .command('restore')
      .description('load a backup into an empty store, all or nothing (--force: replace what the store holds)')
      .argument('<file>', 'a file written by vantage backup (plain or .gz)')
      .option('--force', 'delete everything in the store first (in the same transaction)'),
  ).action(async (file: string, flags: StoreFlags & { force?: boolean }) => {
    const { restoreStore, BackupError } = await import('../../store/backup.js');
    if (!existsSync(file)) throw new EnvironmentError(`cannot read ${file}: no such file`);
    const counts = await withStore(flags, (store) => restoreStore(store, readLines(file), { force: Boolean(flags.force) })).catch((e: unknown) => {
      if (e instanceof BackupError) throw new InputError([{ code: 'bad-backup', severity: 'error', file, message: e.message }]);
      throw e;
    });
    output.err(`restored ${summary(counts)} from ${file}\n`);
    setExit(0);
  });
};

function summary(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ') || 'an empty store';
}

async function writeLines(path: string, lines: string[]): Promise<void> {
  try {
    const sink: Writable = createWriteStream(path);
    const source = Readable.from(lines);
    if (path.endsWith('.gz')) await pipeline(source, createGzip(), sink);
    else await pipeline(source, sink);
  } catch (e) {
    throw new EnvironmentError(`cannot write ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** The lines of a backup file, gunzipped when it starts with the gzip magic bytes. */
async function* readLines(path: string): AsyncGenerator<string> {
  const head = Buffer.alloc(2);
  const fd = await import('node:fs/promises').then((m) => m.open(path, 'r'));
  await fd.read(head, 0, 2, 0);
  await fd.close();
  const raw = createReadStream(path);
  const input = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  yield* createInterface({ input, crlfDelay: Infinity });
}

