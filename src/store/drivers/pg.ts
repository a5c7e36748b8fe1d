/** A PostgreSQL server through node-postgres, with a small connection pool. */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Driver } from '../db.js';
import { StoreUnavailableError } from '../errors.js';

/**
 * Connects to the PostgreSQL server at `url` and checks it answers. Example:
 * `await openPg('postgres://postgres@127.0.0.1:5432/test')`. `poolSize` bounds the connections (default 10).
 */
export async function openPg(url: string, poolSize = 10): Promise<Driver> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new StoreUnavailableError(`cannot reach PostgreSQL at ${redact(url)}: ${(e as Error).message}`, { cause: e });
  }
  let ended = false;
  return {
    db: drizzle({ client: pool }),
    kind: 'postgres',
    close: async () => {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
