import { expect } from 'vitest';
import pg from 'pg';
import { describePg, itPg } from './pg.js';

describePg('PostgreSQL harness', (ctx) => {
  itPg('gives each suite its own empty database', ctx, async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ db: string; n: string }>("select current_database() as db, count(*)::text as n from information_schema.tables where table_schema = 'public'");
    await client.end();
    expect(rows[0]!.db).toMatch(/^vantage_t_/);
    expect(rows[0]!.n).toBe('0');
  });
});
