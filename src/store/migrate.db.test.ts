/**
 * Migrations: idempotent (a store opened twice migrates once), safe when several processes start at once on one
 * PostgreSQL (the advisory lock), refused when a newer Vantage wrote the database, and in step with schema.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { describePg, itPg } from '../../test/pg.js';
import type { Db } from './db.js';
import { openPg } from './drivers/pg.js';
import { StoreUnavailableError, StoreVersionError } from './errors.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openStore } from './open.js';
import { auditLog, entries, migrationsTable, portfolios, programFiles, programs, snapshots } from './schema.js';

const TABLES = [migrationsTable, programs, entries, programFiles, portfolios, snapshots, auditLog];

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }; // both drivers give { rows }; the generic type does not say so
  return result.rows;
}

/** Every column of schema.ts exists in the migrated database with the same type and nullability. */
async function expectSchemaInStep(db: Db): Promise<void> {
  const actual = await rows<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
    db,
    sql`select table_name, column_name, udt_name, is_nullable from information_schema.columns where table_schema = current_schema() order by table_name, column_name`,
  );
  const mine = new Set(TABLES.map((t) => getTableConfig(t).name)); // later migrations add tables defined elsewhere
  const got = actual.filter((c) => mine.has(c.table_name)).map((c) => `${c.table_name}.${c.column_name} ${c.udt_name}${c.is_nullable === 'NO' ? ' not null' : ''}`);
  const udt: Record<string, string> = { text: 'text', integer: 'int4', bigint: 'int8', jsonb: 'jsonb', boolean: 'bool', 'timestamp with time zone': 'timestamptz' };
  const want = TABLES.flatMap((t) => {
    const c = getTableConfig(t);
    return c.columns.map((col) => `${c.name}.${col.name} ${udt[col.getSQLType()] ?? col.getSQLType()}${col.notNull ? ' not null' : ''}`);
  }).sort();
  expect(got.sort()).toEqual(want);
}

describe('migrations on PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a folder store opened twice is migrated once and keeps its data; the schema matches schema.ts', async () => {
    const first = await openStore({ dataDir: join(dir, 'data') });
    await first.db.insert(programs).values({ id: 'kept', name: 'K', fileName: 'k.yaml', source: 'text', version: 1, info: {} });
    await expectSchemaInStep(first.db);
    // One process at a time: a second opener is told who has the folder, before PGlite starts.
    const second = await openStore({ dataDir: join(dir, 'data') }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(StoreUnavailableError);
    expect((second as Error).message).toContain(`in use by process ${process.pid} (this one)`);
    await first.close();
    // A lock left by a process that died is taken over.
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(`${join(dir, 'data')}.lock`, `${gone}\n`);
    const again = await openStore({ dataDir: join(dir, 'data') });
    expect(await migrate(again.db)).toEqual([]);
    expect((await again.db.select().from(migrationsTable)).map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    expect((await again.db.select({ id: programs.id }).from(programs)).map((p) => p.id)).toEqual(['kept']);
    // A database that a newer Vantage migrated is refused, not mangled.
    await again.db.insert(migrationsTable).values({ id: '9999_future' });
    await expect(migrate(again.db)).rejects.toBeInstanceOf(StoreVersionError);
    await again.close();
    expect(existsSync(`${join(dir, 'data')}.lock`)).toBe(false);
  }, 120_000);
});

describePg('migrations on PostgreSQL', (ctx) => {
  itPg('several processes starting at once migrate once', ctx, async (url) => {
    const drivers = await Promise.all([1, 2, 3, 4].map(() => openPg(url, 2)));
    try {
      // Without the lock, a second CREATE TABLE programs would fail; with it, each migration is applied by exactly
      // one of them (which one varies) and the others wait.
      const applied = await Promise.all(drivers.map((d) => migrate(d.db)));
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.id).sort());
      expect((await drivers[0]!.db.select().from(migrationsTable)).length).toBe(MIGRATIONS.length);
      await expectSchemaInStep(drivers[0]!.db);
    } finally {
      await Promise.all(drivers.map((d) => d.close()));
    }
  });

  itPg('an unreachable server is a StoreUnavailableError without the password', ctx, async (url) => {
    const bad = new URL(url);
    bad.port = '1';
    bad.password = 'secret';
    const e = await openStore({ url: bad.toString() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StoreUnavailableError);
    expect((e as Error).message).not.toContain('secret');
  });
});
