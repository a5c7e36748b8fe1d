/** Connectors into the store from the CLI: `vantage sync ID --data DIR` and `vantage import KIND FILE --data DIR`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { runCli, scratch } from '../../../test/cli.js';
import { startServer, type Handler, type TestServer } from '../../../test/fixtures/trackers/server.js';
import { updateEntry } from '../../service/programs.js';
import { openStore } from '../../store/open.js';
import { getEntry, listAudit } from '../../store/repository.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/trackers');
const fixture = (path: string): unknown => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
const dir = scratch('vantage-connectors-store-');

function jira(phase: { now: 1 | 2 }): Handler {
  return (req) => {
    if (req.path === '/rest/api/3/issue/PAY-5/changelog') return { body: fixture(`jira/changelog-PAY-5-page-${req.query.get('startAt') === '0' ? 1 : 2}.json`) };
    if (req.path !== '/rest/api/3/search/jql') return { status: 404, body: {} };
    const body = req.body as { jql: string; nextPageToken?: string; expand?: string };
    if (phase.now === 2 && body.expand === undefined) return { body: fixture('jira/search-keys-after-delete.json') };
    if (phase.now === 2 && /updated >=/.test(body.jql)) return { body: fixture('jira/search-updated.json') };
    return { body: fixture(body.nextPageToken === 'CAEaAggD' ? 'jira/search-page-2.json' : 'jira/search-page-1.json') };
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
});

const items = (text: string) => (parse(text) as { items: Record<string, unknown>[] }).items;

describe('vantage sync ID --data DIR', () => {
  it('--dry-run changes nothing; a sync stores a new version with an audit row; the TPM field edited in the store survives', async () => {
    const phase: { now: 1 | 2 } = { now: 1 };
    server = await startServer(jira(phase));
    vi.stubEnv('VANTAGE_JIRA_URL', server.url);
    vi.stubEnv('VANTAGE_JIRA_EMAIL', 'tpm@acme.test');
    vi.stubEnv('VANTAGE_JIRA_TOKEN', 's3cr3t-t0ken');
    const data = join(dir.dir, 'db-sync');
    const file = join(dir.dir, 'pay.vantage.yaml');
    expect((await runCli(['import', 'jira', '--jql', 'project = PAY', '-o', file])).code).toBe(0);
    expect((await runCli(['import', file, '--data', data, '--id', 'pay', '--as-user', 'ana'])).out).toBe('pay\n');
    // The TPM edits PAY-3 in the store (value, must), as the cockpit would.
    const store = await openStore({ dataDir: data });
    try {
      const pay3 = (await getEntry(store, 'pay', 'items', 'PAY-3'))!.data;
      expect((await updateEntry(store, 'pay', 'items', 'PAY-3', { ...pay3, value: 8, must: false }, { actor: 'ana' })).ok).toBe(true);
    } finally {
      await store.close();
    }
    const exported = async () => (await runCli(['export', 'pay', '--data', data])).out;
    const before = await exported();
    phase.now = 2;

    const dry = await runCli(['sync', 'pay', '--data', data, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/Jira: changes since .*: 1 added, 1 updated, 0 unchanged, 1 gone upstream/);
    expect(dry.out).toMatch(/dry run: pay \(version 2\) not written/);
    expect(await exported()).toBe(before);

    const r = await runCli(['sync', 'pay', '--data', data, '--as-user', 'bo', '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ id: 'pay', written: true, fromVersion: 2, version: 3, sources: [{ source: 'jira', added: [{ id: 'PAY-6' }], gone: [{ id: 'PAY-4', removed: false }] }] });
    const after = await exported();
    expect(items(after).find((i) => i.id === 'PAY-3')).toMatchObject({ title: 'PCI review (QSA)', status: 'doing', value: 8, must: false });
    expect(after).not.toContain('s3cr3t');
    const check = await openStore({ dataDir: data });
    try {
      const [last] = await listAudit(check, { programId: 'pay', newestFirst: true, limit: 1 });
      expect(last).toMatchObject({ actor: 'bo', entity: 'program', action: 'replace', after: { version: 3 } });
    } finally {
      await check.close();
    }

    const pruned = await runCli(['sync', 'pay', '--data', data, '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.out).toMatch(/- PAY-4 .*\(removed\)/);
    expect(pruned.out).toMatch(/stored pay \(version 4\)/);
    expect(items(await exported()).map((i) => i.id)).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-5', 'PAY-6']);
  });

  it('an id that is not stored is a usage error naming it', async () => {
    const r = await runCli(['sync', 'nothing-here', '--data', join(dir.dir, 'db-empty')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/'nothing-here' is neither a program file nor a stored program/);
  });
});

describe('vantage import KIND FILE --data DIR', () => {
  it('stores an MS Project file and prints its id; -o still writes a file', async () => {
    const data = join(dir.dir, 'db-import');
    const r = await runCli(['--today', '2026-11-25', 'import', 'mspdi', 'test/fixtures/mspdi/outline-links.xml', '--data', data, '--id', 'msp']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('msp\n');
    expect(r.err).toMatch(/outline-links\.xml:277:7: warning: .*\[mspdi-link-dropped\]/); // the warnings of the -o form
    const text = (await runCli(['export', 'msp', '--data', data])).out;
    expect(text).toContain('- {id: beta, title: Beta, after: [PAY-2, UI-1], date: 2027-03-01, x-mspdi: "9"}');
    const out = join(dir.dir, 'msp.vantage.yaml');
    expect((await runCli(['--today', '2026-11-25', 'import', 'mspdi', 'test/fixtures/mspdi/outline-links.xml', '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('x-mspdi: "9"');
  });

  it('stores a Jira CSV export and an items CSV; a bad file stores nothing (exit 1 with file:line:col)', async () => {
    const data = join(dir.dir, 'db-csv');
    const j = await runCli(['--today', '2026-11-25', 'import', 'jira-csv', join(FIXTURES, 'jira-csv/export.csv'), '--data', data, '--format', 'json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ kind: 'program', id: 'export', version: 1, created: true });
    const csv = dir.file('plan.csv', 'id,title,estimate,after\nA-1,First,2,\nA-2,Second,3,A-1\n');
    expect((await runCli(['--today', '2026-11-25', 'import', 'csv', csv, '--data', data])).out).toBe('plan\n');
    expect(items((await runCli(['export', 'plan', '--data', data])).out)).toMatchObject([{ id: 'A-1' }, { id: 'A-2', after: ['A-1'] }]);
    const bad = await runCli(['import', 'mspdi', 'test/fixtures/mspdi/malformed.xml', '--data', data]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/malformed\.xml:\d+:\d+/);
    const list = JSON.parse((await runCli(['programs', '--data', data, '--format', 'json'])).out) as { programs: { id: string }[] };
    expect(list.programs.map((p) => p.id).sort()).toEqual(['export', 'plan']);
  });
});
