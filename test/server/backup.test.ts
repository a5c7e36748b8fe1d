/** `vantage backup` / `vantage restore`: whole-store round trips (PGlite → PGlite, PGlite → PostgreSQL), all or nothing. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open.js';
import { listAudit, listEntries, listPrograms } from '../../src/store/repository.js';
import { createToken, createUser, findPrincipalByToken } from '../../src/server/auth/repo.js';
import { runCli, scratch } from '../cli.js';
import { describePg, itPg } from '../pg.js';
import { EXAMPLES } from './harness.js';

const tmp = scratch('vantage-backup-');
const source = join(tmp.dir, 'source');
let secret = '';

async function contents(store: Store) {
  const programs = (await listPrograms(store)).map(({ updatedAt: _u, ...p }) => p);
  const entries = await listEntries(store, 'checkout-revamp');
  const audit = (await listAudit(store)).map((a) => ({ ...a, at: new Date(a.at).toISOString() }));
  return { programs, entries, audit };
}

beforeAll(async () => {
  expect((await runCli(['import', join(EXAMPLES, 'checkout.vantage.yaml'), '--data', source])).code).toBe(0);
  expect((await runCli(['import', join(EXAMPLES, 'loyalty.vantage.yaml'), '--data', source])).code).toBe(0);
  const store = await openStore({ dataDir: source });
  const u = await createUser(store, { name: 'ana', email: 'ana@example.com' }, { actor: 't' });
  secret = (await createToken(store, u.id, {}, { actor: 't' })).secret;
  await store.close();
}, 120_000);

describe('backup and restore on PGlite', () => {
  it('round-trips every table, token hashes and audit ids included; gzip by file name', async () => {
    const file = join(tmp.dir, 'all.jsonl.gz');
    const b = await runCli(['backup', '--data', source, '-o', file]);
    expect(b.code, b.err).toBe(0);
    expect(b.err).toMatch(/wrote .*programs/);
    const lines = gunzipSync(readFileSync(file)).toString().trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ vantage: 'backup', format: 1 });
    expect(lines.join('\n')).not.toContain(secret); // only hashes are stored, so only hashes are backed up
    const target = join(tmp.dir, 'target');
    const r = await runCli(['restore', file, '--data', target]);
    expect(r.code, r.err).toBe(0);
    const [a, c] = [await openStore({ dataDir: source }), await openStore({ dataDir: target })];
    try {
      expect(await contents(c)).toEqual(await contents(a));
      expect(await findPrincipalByToken(c, secret)).toMatchObject({ name: 'ana' });
      // Identity ids go on after the restored ones.
      await runCli(['import', join(EXAMPLES, 'checkout.vantage.yaml'), '--data', target, '--id', 'copy']);
    } finally {
      await a.close();
      await c.close();
    }
    const c2 = await openStore({ dataDir: target });
    const ids = (await listAudit(c2)).map((x) => x.id);
    await c2.close();
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);

  it('restores into an empty store only, unless --force; a damaged file restores nothing', async () => {
    const file = join(tmp.dir, 'all.jsonl');
    expect((await runCli(['backup', '--data', source, '-o', file])).code).toBe(0);
    const refused = await runCli(['restore', file, '--data', source]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/not empty.*--force/);
    const damaged = join(tmp.dir, 'damaged.jsonl');
    writeFileSync(damaged, `${readFileSync(file, 'utf8')}{"t":"programs","r":{"id":"broken"}}\n`);
    const target = join(tmp.dir, 'target-damaged');
    const bad = await runCli(['restore', damaged, '--data', target]);
    expect(bad.code).toBe(1);
    const t = await openStore({ dataDir: target });
    expect(await listPrograms(t)).toEqual([]); // all or nothing: the good rows before the bad one are gone too
    await t.close();
    const forced = await runCli(['restore', file, '--data', source, '--force']);
    expect(forced.code, forced.err).toBe(0);
    const s = await openStore({ dataDir: source });
    expect((await listPrograms(s)).map((p) => p.id)).toEqual(['checkout-revamp', 'loyalty']);
    await s.close();
    const notBackup = join(tmp.dir, 'nope.jsonl');
    writeFileSync(notBackup, '{"hello": 1}\n');
    expect((await runCli(['restore', notBackup, '--data', join(tmp.dir, 'x')])).err).toMatch(/not a Vantage backup/);
  }, 120_000);
});

describePg('backup from PGlite, restore into PostgreSQL', (ctx) => {
  itPg('moves the whole store across drivers', ctx, async (url) => {
    const file = join(tmp.dir, 'to-pg.jsonl');
    expect((await runCli(['backup', '--data', source, '-o', file])).code).toBe(0);
    const r = await runCli(['restore', file, '--db', url]);
    expect(r.code, r.err).toBe(0);
    const [a, c] = [await openStore({ dataDir: source }), await openStore({ url })];
    try {
      expect(await contents(c)).toEqual(await contents(a));
    } finally {
      await a.close();
      await c.close();
    }
  }, 120_000);
});
