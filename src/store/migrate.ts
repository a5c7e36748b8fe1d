/**
 * Applies the numbered migrations (./migrations) that a database lacks, each in its own transaction, recording them
 * in `vantage_migrations`. Every step first takes a transaction-scoped advisory lock, so several processes starting
 * at once on one PostgreSQL migrate once: the others wait, then find nothing left to do.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { StoreVersionError } from './errors.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { migrationsTable } from './schema.js';

/** Arbitrary, fixed: the advisory lock key all Vantage migrators agree on. */
const LOCK_KEY = 8_160_126_001;

/**
 * Migrates `db` to the latest schema and returns the ids it applied (empty when already current). Throws
 * StoreVersionError when the database holds a migration this code does not know (written by a newer Vantage).
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const applied: string[] = [];
  for (;;) {
    const next = await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`));
      await tx.execute(sql.raw('CREATE TABLE IF NOT EXISTS vantage_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())'));
      const done = new Set((await tx.select({ id: migrationsTable.id }).from(migrationsTable)).map((r) => r.id));
      const known = new Set(migrations.map((m) => m.id));
      const unknown = [...done].filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new StoreVersionError(`the database was migrated by a newer Vantage (it has ${unknown.join(', ')}); upgrade Vantage to use it`);
      }
      const m = migrations.find((x) => !done.has(x.id));
      if (!m) return undefined;
      for (const statement of m.statements) await tx.execute(sql.raw(statement));
      await tx.insert(migrationsTable).values({ id: m.id });
      return m.id;
    });
    if (next === undefined) return applied;
    applied.push(next);
  }
}
