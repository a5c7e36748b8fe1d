/**
 * Backup and restore of a whole store as JSON lines, through SQL both drivers run, so a dump of the embedded store
 * restores into PostgreSQL and back. Line 1 is a header (`{"vantage":"backup","format":1,"migrations":[...]}`),
 * then one line per row: `{"t":"programs","r":{...}}` (rows as `row_to_json` gives them). Every table of the store's
 * schema is dumped (the job queue's own schema is not: jobs are transient). Restore is one transaction: all or nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Conn } from './repository.js';
import { transact } from './repository.js';
import { migrationsTable } from './schema.js';

export const BACKUP_FORMAT = 1;

export type BackupHeader = { vantage: 'backup'; format: number; migrations: string[]; createdAt: string };

/** Rows per table, as dumped or restored. */
export type BackupCounts = Record<string, number>;

/** A backup that cannot be restored here (bad file, other schema, store not empty). Nothing was written. */
export class BackupError extends Error {
  override name = 'BackupError';
}

type Row = Record<string, unknown>;

async function rows<T extends Row>(conn: Conn, query: SQL): Promise<T[]> {
  const result = (await conn.db.execute(query)) as unknown as { rows: T[] }; // both drivers give { rows }; the generic type does not say so
  return result.rows;
}

const ident = (name: string): SQL => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** The store's tables, parents before children (by foreign keys), without the migrations table. */
async function tablesInOrder(conn: Conn): Promise<string[]> {
  const tables = (await rows<{ name: string }>(conn, sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`))
    .map((r) => r.name)
    .filter((n) => n !== 'vantage_migrations');
  const edges = await rows<{ child: string; parent: string }>(
    conn,
    sql`SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const out: string[] = [];
  const visit = (t: string, path: Set<string>): void => {
    if (out.includes(t) || path.has(t)) return;
    path.add(t);
    for (const e of edges) if (e.child === t && e.parent !== t) visit(e.parent, path);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

async function migrationIds(conn: Conn): Promise<string[]> {
  return (await conn.db.select({ id: migrationsTable.id }).from(migrationsTable)).map((r) => r.id).sort();
}

/**
 * Writes the whole store to `write`, one JSON line at a time (each ends in "\n"), in one repeatable-read snapshot
 * of the data. Example: `await dumpStore(store, (line) => out.write(line))`.
 */
export async function dumpStore(conn: Conn, write: (line: string) => void | Promise<void>, now: Date = new Date()): Promise<BackupCounts> {
  return transact(conn, async (t) => {
    const header: BackupHeader = { vantage: 'backup', format: BACKUP_FORMAT, migrations: await migrationIds(t), createdAt: now.toISOString() };
    await write(`${JSON.stringify(header)}\n`);
    const counts: BackupCounts = {};
    for (const table of await tablesInOrder(t)) {
      const data = await rows<{ r: Row }>(t, sql`SELECT row_to_json(x) AS r FROM ${ident(table)} x`);
      counts[table] = data.length;
      for (const { r } of data) await write(`${JSON.stringify({ t: table, r })}\n`);
    }
    return counts;
  });
}

const BATCH = 500;

/**
 * Restores a dump (its lines, header first) into this store in one transaction. The store must hold the same
 * migrations and be empty, unless `force` (then its rows are deleted first, in the same transaction). Throws
 * BackupError for a bad or foreign file and a non-empty store; nothing is written then.
 */
export async function restoreStore(conn: Conn, lines: AsyncIterable<string> | Iterable<string>, options: { force?: boolean } = {}): Promise<BackupCounts> {
  return transact(conn, async (t) => {
    const tables = await tablesInOrder(t);
    let header: BackupHeader | undefined;
    let lineNo = 0;
    const pending = new Map<string, Row[]>();
    const counts: BackupCounts = Object.fromEntries(tables.map((x) => [x, 0]));
    const flush = async (table: string): Promise<void> => {
      const batch = pending.get(table);
      if (!batch || batch.length === 0) return;
      pending.set(table, []);
      // OVERRIDING SYSTEM VALUE keeps identity ids (audit_log) as they were.
      try {
        await t.db.execute(sql`INSERT INTO ${ident(table)} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${ident(table)}, ${JSON.stringify(batch)}::json)`);
      } catch (e) {
        const reason = (e as { cause?: { message?: string }; message?: string }).cause?.message ?? (e as Error).message;
        throw new BackupError(`rows of ${table} up to line ${lineNo} were refused (${reason.split('\n')[0]}): the backup is damaged; nothing was restored`);
      }
    };
    let current: string | undefined;
    for await (const raw of lines) {
      lineNo++;
      const line = raw.trim();
      if (line === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new BackupError(`line ${lineNo} is not JSON: this is not a Vantage backup, or it is damaged`);
      }
      if (!header) {
        header = checkHeader(value);
        const here = await migrationIds(t);
        if (here.join(',') !== header.migrations.join(',')) {
          throw new BackupError(`the backup's schema (${header.migrations.join(', ')}) differs from this store's (${here.join(', ')}): restore it with the Vantage version that made it`);
        }
        await makeRoom(t, tables, Boolean(options.force));
        continue;
      }
      const { t: table, r } = (value ?? {}) as { t?: unknown; r?: unknown };
      if (typeof table !== 'string' || !tables.includes(table) || typeof r !== 'object' || r === null) throw new BackupError(`line ${lineNo}: not a row of a store table`);
      if (current !== undefined && current !== table) await flush(current);
      current = table;
      const batch = pending.get(table) ?? [];
      batch.push(r as Row);
      pending.set(table, batch);
      counts[table] = (counts[table] ?? 0) + 1;
      if (batch.length >= BATCH) await flush(table);
    }
    if (!header) throw new BackupError('the backup is empty');
    for (const table of pending.keys()) await flush(table);
    await resetIdentities(t, tables);
    return counts;
  });
}

function checkHeader(value: unknown): BackupHeader {
  const h = value as Partial<BackupHeader> | null;
  if (!h || h.vantage !== 'backup' || !Array.isArray(h.migrations)) throw new BackupError('the first line is not a Vantage backup header');
  if (h.format !== BACKUP_FORMAT) throw new BackupError(`backup format ${String(h.format)} is not known to this Vantage (it reads format ${BACKUP_FORMAT})`);
  return { vantage: 'backup', format: h.format, migrations: [...h.migrations].map(String).sort(), createdAt: String(h.createdAt) };
}

async function makeRoom(t: Conn, tables: readonly string[], force: boolean): Promise<void> {
  const used: string[] = [];
  for (const table of tables) {
    const [r] = await rows<{ n: number }>(t, sql`SELECT count(*)::int AS n FROM ${ident(table)}`);
    if (r && Number(r.n) > 0) used.push(`${table} (${r.n})`);
  }
  if (used.length === 0) return;
  if (!force) throw new BackupError(`the store is not empty (${used.join(', ')}): restore into an empty store, or pass --force to replace everything in it`);
  for (const table of [...tables].reverse()) await t.db.execute(sql`DELETE FROM ${ident(table)}`);
}

/** Moves every identity/serial sequence past the restored ids. */
async function resetIdentities(t: Conn, tables: readonly string[]): Promise<void> {
  const cols = await rows<{ tbl: string; col: string }>(
    t,
    sql`SELECT table_name AS tbl, column_name AS col FROM information_schema.columns WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
  );
  for (const { tbl, col } of cols) {
    if (!tables.includes(tbl)) continue;
    await t.db.execute(sql`SELECT setval(pg_get_serial_sequence(${`"${tbl}"`}, ${col}), coalesce((SELECT max(${ident(col)}) FROM ${ident(tbl)}), 0) + 1, false)`);
  }
}
