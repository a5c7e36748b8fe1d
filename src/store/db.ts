/**
 * The one small interface both drivers give: a drizzle `db` typed the same on PGlite and PostgreSQL, what it is,
 * and how to close it. Nothing above the drivers asks which it has; `kind` is for messages and benchmarks.
 */
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, Record<string, never>>;

export type StoreKind = 'pglite' | 'postgres';

/** An open database: `db` for queries, `close()` to release it (idempotent). */
export type Driver = { db: Db; kind: StoreKind; close(): Promise<void> };
