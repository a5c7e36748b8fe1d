import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { runCli, scratch } from '../../../test/cli.js';
import { startServer, type Handler, type TestServer } from '../../../test/fixtures/trackers/server.js';
import { harness, type Harness } from '../../../test/server/harness.js';
import { listAudit } from '../../store/repository.js';
import { updateEntry } from '../../service/programs.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/trackers');
const fixture = (path: string): unknown => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
const dir = scratch('vantage-connectors-');

/** The Jira fixtures: phase 1 the first import, phase 2 PAY-3 changed, PAY-6 added, PAY-4 deleted upstream. */
function jira(phase: { now: 1 | 2 }, onSearch?: () => Promise<void>): Handler {
  return async (req) => {
    if (req.path === '/rest/api/3/issue/PAY-5/changelog') return { body: fixture(`jira/changelog-PAY-5-page-${req.query.get('startAt') === '0' ? 1 : 2}.json`) };
    if (req.path !== '/rest/api/3/search/jql') return { status: 404, body: {} };
    const body = req.body as { jql: string; nextPageToken?: string; expand?: string };
    if (phase.now === 2 && body.expand === undefined) return { body: fixture('jira/search-keys-after-delete.json') };
    if (phase.now === 2 && /updated >=/.test(body.jql)) {
      await onSearch?.();
      return { body: fixture('jira/search-updated.json') };
    }
    return { body: fixture(body.nextPageToken === 'CAEaAggD' ? 'jira/search-page-2.json' : 'jira/search-page-1.json') };
  };
}

let server: TestServer | undefined;
let h: Harness;
beforeAll(async () => {
  h = await harness();
}, 60_000);
afterAll(async () => h.close());
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
});

/** Imports PAY from the fixture tracker into the store as `id` (through the API), then moves the tracker to phase 2. */
async function storedPay(id: string, onSearch?: () => Promise<void>): Promise<{ phase: { now: 1 | 2 } }> {
  const phase: { now: 1 | 2 } = { now: 1 };
  server = await startServer(jira(phase, onSearch));
  vi.stubEnv('VANTAGE_JIRA_URL', server.url);
  vi.stubEnv('VANTAGE_JIRA_EMAIL', 'tpm@acme.test');
  vi.stubEnv('VANTAGE_JIRA_TOKEN', 's3cr3t-t0ken');
  const file = join(dir.dir, `${id}.vantage.yaml`);
  expect((await runCli(['import', 'jira', '--jql', 'project = PAY', '-o', file, '--id', id])).code).toBe(0);
  const r = await h.call('/api/programs', { method: 'POST', json: { text: readFileSync(file, 'utf8'), file: `${id}.vantage.yaml` } });
  expect(r.status).toBe(201);
  phase.now = 2;
  return { phase };
}

const exported = async (id: string) => (await h.call(`/api/programs/${id}/export`)).body as string;
const items = (text: string) => (parse(text) as { items: Record<string, unknown>[] }).items;

describe('POST /api/programs/{id}/sync', () => {
  it('lands an upstream change as a new version with an audit row; the TPM field edited in the store survives', async () => {
    await storedPay('pay');
    const pay3 = (await h.call('/api/programs/pay/items/PAY-3')).body as { data: Record<string, unknown>; version: number };
    const edit = await h.call('/api/programs/pay/items/PAY-3', { method: 'PUT', json: { data: { ...pay3.data, value: 8, must: false } } });
    expect(edit.status).toBe(200);
    const before = (await h.call('/api/programs/pay')).body as { version: number };

    const r = await h.call('/api/programs/pay/sync', { method: 'POST', json: {} });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'pay', written: true, fromVersion: before.version, version: before.version + 1 });
    expect(r.body.sources[0].added.map((a: { id: string }) => a.id)).toEqual(['PAY-6']);
    expect(r.body.sources[0].gone).toEqual([{ id: 'PAY-4', key: 'PAY-4', removed: false }]);
    expect(r.body.sources[0].updated.map((u: { id: string }) => u.id)).toContain('PAY-3');

    const text = await exported('pay');
    expect(items(text).find((i) => i.id === 'PAY-3')).toMatchObject({ title: 'PCI review (QSA)', status: 'doing', value: 8, must: false });
    expect(items(text).map((i) => i.id)).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5', 'PAY-6']);
    const audit = await listAudit(h.store, { programId: 'pay', newestFirst: true, limit: 1 });
    expect(audit[0]).toMatchObject({ actor: 'root', entity: 'program', entityId: 'pay', action: 'replace' });
    expect((audit[0]!.after as { version: number }).version).toBe(before.version + 1);
    // The credentials never reach the response or the log.
    expect(JSON.stringify(r.body)).not.toContain('s3cr3t');
    expect(h.lines.join('\n')).not.toContain('s3cr3t');
  });

  it('dryRun returns the plan and stores nothing', async () => {
    await storedPay('pay-dry');
    const before = await exported('pay-dry');
    const version = ((await h.call('/api/programs/pay-dry')).body as { version: number }).version;
    const r = await h.call('/api/programs/pay-dry/sync', { method: 'POST', json: { dryRun: true, prune: true } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ written: false, fromVersion: version, version });
    expect(r.body.sources[0].gone).toEqual([{ id: 'PAY-4', key: 'PAY-4', removed: true }]);
    expect(await exported('pay-dry')).toBe(before);
    expect((await listAudit(h.store, { programId: 'pay-dry' })).filter((a) => a.action !== 'import')).toEqual([]);
  });

  it('an edit that lands while the tracker is read is a 409 and the sync writes nothing', async () => {
    let edited = 0;
    await storedPay('pay-race', async () => {
      const e = await updateEntry(h.store, 'pay-race', 'items', 'PAY-1', { id: 'PAY-1', title: 'Edited meanwhile', estimate: 2 }, { actor: 'other' });
      if (e.ok) edited = e.program.version;
    });
    const r = await h.call('/api/programs/pay-race/sync', { method: 'POST', json: {} });
    expect(edited).toBeGreaterThan(1);
    expect(r.status).toBe(409);
    const after = (await h.call('/api/programs/pay-race')).body as { version: number };
    expect(after.version).toBe(edited);
    expect(items(await exported('pay-race')).map((i) => i.id)).not.toContain('PAY-6');
  });

  it('needs write access; the tracker refusing the server’s credentials is a 502 and nothing is written', async () => {
    await storedPay('pay-auth');
    const viewer = await h.user('vera', 'pay-auth', 'viewer');
    expect((await h.call('/api/programs/pay-auth/sync', { method: 'POST', json: {}, token: viewer })).status).toBe(403);
    expect((await h.call('/api/programs/pay-auth/sync', { method: 'POST', json: {}, token: null })).status).toBe(401);
    const before = await exported('pay-auth');
    await server!.close();
    server = await startServer(() => ({ status: 401, body: {} }));
    vi.stubEnv('VANTAGE_JIRA_URL', server.url);
    const r = await h.call('/api/programs/pay-auth/sync', { method: 'POST', json: {} });
    expect(r.status).toBe(502);
    expect(r.body.error.code).toBe('tracker-auth');
    expect(r.body.error.message).toMatch(/VANTAGE_JIRA_TOKEN/);
    expect(r.body.error.message).not.toContain('s3cr3t');
    expect(await exported('pay-auth')).toBe(before);
  });

  it('a program not imported from a tracker is a 400 naming x-sync; an unknown program 404', async () => {
    const tiny = 'vantage: 1\nprogram: {id: plain, name: Plain, start: 2027-01-04}\nitems:\n  - {id: A, title: A, estimate: 1}\n';
    expect((await h.call('/api/programs', { method: 'POST', json: { text: tiny } })).status).toBe(201);
    const r = await h.call('/api/programs/plain/sync', { method: 'POST' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/no x-sync/);
    expect((await h.call('/api/programs/nope/sync', { method: 'POST', json: {} })).status).toBe(404);
    expect((await h.call('/api/programs/plain/sync', { method: 'POST', json: { token: 'x' } })).status).toBe(400); // no credentials in the body
  });
});

describe('POST /api/import/{kind}', () => {
  it('stores an MS Project file as a new program owned by the importer', async () => {
    const bo = await h.user('bo');
    const content = readFileSync('test/fixtures/mspdi/outline-links.xml', 'utf8');
    const r = await h.call('/api/import/mspdi', { method: 'POST', json: { content, file: 'outline-links.xml', id: 'from-msp' }, token: bo });
    expect(r.status).toBe(201);
    expect(r.body.program).toMatchObject({ id: 'from-msp', version: 1 });
    const text = (await h.call('/api/programs/from-msp/export', { token: bo })).body as string;
    expect(text).toContain('- {id: beta, title: Beta, after: [PAY-2, UI-1], date: 2027-03-01, x-mspdi: "9"}');
    // Owner: may delete it.
    expect((await h.call('/api/programs/from-msp', { method: 'DELETE', token: bo })).status).toBe(204);
  });

  it('stores a Jira CSV export and an items CSV; a taken id is 409; a bad file is 422 with line:col', async () => {
    const csv = readFileSync(join(FIXTURES, 'jira-csv/export.csv'), 'utf8');
    const r = await h.call('/api/import/jira-csv', { method: 'POST', json: { content: csv, file: 'export.csv' } });
    expect(r.status).toBe(201);
    const id = r.body.program.id as string;
    expect(id).toBe('export');
    expect(items(await exported(id)).length).toBeGreaterThan(0);
    expect((await h.call('/api/import/jira-csv', { method: 'POST', json: { content: csv, file: 'export.csv' } })).status).toBe(409);
    const itemsCsv = 'id,title,estimate,after\nA-1,First,2,\nA-2,Second,3,A-1\n';
    const c = await h.call('/api/import/csv', { method: 'POST', json: { content: itemsCsv, file: 'plan.csv', id: 'plan' } });
    expect(c.status).toBe(201);
    expect(items(await exported('plan'))).toMatchObject([{ id: 'A-1' }, { id: 'A-2', after: ['A-1'] }]);
    const bad = await h.call('/api/import/mspdi', { method: 'POST', json: { content: readFileSync('test/fixtures/mspdi/malformed.xml', 'utf8'), file: 'malformed.xml' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.diagnostics[0]).toMatchObject({ file: 'malformed.xml' });
    expect((await h.call('/api/import/pdf', { method: 'POST', json: { content: 'x' } })).status).toBe(400);
  });
});
