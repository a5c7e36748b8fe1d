/**
 * Plain SQL over the store's own connection, in the shape pg-boss takes as its `db` (`executeSql(text, values)`), so
 * the queue shares the store's PGlite instance (one process owns a PGlite folder) or its PostgreSQL pool.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Store } from '../../store/open.js';

/** Runs one SQL text with positional parameters ($1, $2...); a text without parameters may hold several statements. */
export type SqlExecutor = {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
};

/**
 * The executor for a store. drizzle keeps the client it was built on as `db.$client` (a documented drizzle API that
 * the store's Driver type does not spell out): a PGlite instance for the embedded store, a pg Pool for PostgreSQL.
 */
export function sqlExecutor(store: Store): SqlExecutor {
  // Why the cast: Driver types `db` as the driver-neutral PgDatabase, which omits `$client`.
  const client = (store.db as unknown as { $client: PGlite | pg.Pool }).$client;
  if (store.kind === 'pglite') {
    const lite = client as PGlite;
    return {
      async executeSql(text, values) {
        // PGlite's extended protocol runs one statement; pg-boss sends multi-statement scripts without parameters.
        if (values && values.length > 0) return { rows: (await lite.query<Record<string, unknown>>(text, values)).rows };
        const results = await lite.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
      },
    };
  }
  const pool = client as pg.Pool;
  return {
    async executeSql(text, values) {
      // No values: the simple protocol, which runs multi-statement scripts.
      const result = values && values.length > 0 ? await pool.query(text, values) : await pool.query(text);
      // node-postgres gives an array of results for a multi-statement text.
      const last = Array.isArray(result) ? (result as pg.QueryResult[]).at(-1) : result;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
  };
}
