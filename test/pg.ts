/**
 * A real PostgreSQL server for tests (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 *
 * `describePg(name, fn)` gives the suite a fresh, empty database of its own (created before, dropped after), so suites
 * run in parallel without seeing each other. When no server answers, the suite is skipped and says so loudly on
 * stderr, unless VANTAGE_REQUIRE_PG=1 (as in .ci/run), where a missing server fails the run.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import pg from 'pg';

export const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

let counter = 0;
const probe = reachable(baseUrl);

/**
 * A describe block with its own database. `fn` receives `url()`, the connection string of the suite's database
 * (valid inside tests and hooks). Example: `describePg('store on pg', ({ url }) => { it('...', async () => { const s = await openStore(url()) }) })`.
 */
export function describePg(name: string, fn: (ctx: { url: () => string }) => void): void {
  describe(name, () => {
    let url: string | undefined;
    let skipReason: string | undefined;
    const database = `vantage_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    beforeAll(async () => {
      skipReason = await probe;
      if (skipReason) {
        if (process.env.VANTAGE_REQUIRE_PG === '1') throw new Error(`PostgreSQL is not reachable at ${baseUrl} (${skipReason}) and VANTAGE_REQUIRE_PG=1`);
        process.stderr.write(`\n*** SKIPPED PostgreSQL suite '${name}': no server at ${baseUrl} (${skipReason}) ***\n\n`);
        return;
      }
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      url = withDatabase(baseUrl, database);
    }, 30_000);
    afterAll(async () => {
      if (!url) return;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }, 30_000);
    fn({
      url: () => {
        if (skipReason) return '';
        if (!url) throw new Error('database not ready');
        return url;
      },
    });
  });
}

/** A test inside `describePg` that receives the suite database URL; marked skipped when there is no server (and not required). */
export function itPg(name: string, ctx: { url: () => string }, body: (url: string) => Promise<void>, timeout = 30_000): void {
  it(name, async (t) => {
    const url = ctx.url();
    if (url === '') {
      t.skip();
      return;
    }
    await body(url);
  }, timeout);
}
