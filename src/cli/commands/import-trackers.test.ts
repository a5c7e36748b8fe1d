import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { runCli, scratch } from '../../../test/cli.js';
import { benchIssues, jiraSearchHandler, startServer, type Handler, type Reply, type TestServer } from '../../../test/fixtures/trackers/server.js';
import { trackerHttp } from './import-trackers.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/trackers');
const fixture = (path: string): unknown => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
const dir = scratch('vantage-trackers-');

let server: TestServer | undefined;
const waits: number[] = [];
beforeAll(() => {
  trackerHttp.sleep = async (ms) => void waits.push(ms);
  trackerHttp.backoffMs = 10;
});
afterAll(() => {
  delete trackerHttp.sleep;
  delete trackerHttp.backoffMs;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
  waits.length = 0;
});

async function jiraAt(handler: Handler): Promise<TestServer> {
  server = await startServer(handler);
  vi.stubEnv('VANTAGE_JIRA_URL', server.url);
  vi.stubEnv('VANTAGE_JIRA_EMAIL', 'tpm@acme.test');
  vi.stubEnv('VANTAGE_JIRA_TOKEN', 's3cr3t-t0ken');
  return server;
}

type Doc = { items: Record<string, unknown>[]; history?: Record<string, unknown>[]; workstreams?: { id: string }[] };
const readDoc = (path: string) => parse(readFileSync(path, 'utf8')) as Doc;

type RawIssue = {
  key: string;
  fields: { status: { statusCategory: { key: string } }; resolution?: { name: string } | null; resolutiondate?: string | null; issuelinks?: { type: { name: string }; inwardIssue?: { key: string }; outwardIssue?: { key: string } }[] };
  changelog: { histories: { created: string; items: { field: string; toString: string | null }[] }[] };
};

const issues = benchIssues() as RawIssue[] | undefined;
const describeBench = issues ? describe : describe.skip;
if (!issues) process.stderr.write('SKIPPED: ../shared/benchdata/jira-rest is absent; the real-payload import tests did not run\n');

describeBench('import jira: the 496 real Apache issues served as paged search results', () => {
  const keys = new Set(issues!.map((i) => i.key));
  // Counted here, independently of the importer: distinct (blocker, blocked) pairs of "Blocker" links inside the set.
  const pairs = new Set<string>();
  for (const i of issues!) {
    for (const l of i.fields.issuelinks ?? []) {
      if (l.type.name !== 'Blocker') continue;
      if (l.inwardIssue && keys.has(l.inwardIssue.key)) pairs.add(`${l.inwardIssue.key}>${i.key}`);
      if (l.outwardIssue && keys.has(l.outwardIssue.key)) pairs.add(`${i.key}>${l.outwardIssue.key}`);
    }
  }

  for (const scheme of ['token', 'offset'] as const) {
    it(`imports every issue with its dependencies and dates (${scheme} paging)`, async () => {
      const s = await jiraAt(jiraSearchHandler(issues!, { scheme, pageSize: 50 }));
      const out = join(dir.dir, `apache-${scheme}.vantage.yaml`);
      const r = await runCli(['import', 'jira', '--jql', 'project in (ANY23, TEZ)', '-o', out, '--format', 'json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.out) as { items: number; dependencies: number };
      expect(summary.items).toBe(496);
      const searches = s.requests.filter((q) => q.path.includes('/search'));
      expect(searches.length).toBeGreaterThanOrEqual(10); // 496 issues in pages of 50
      const doc = readDoc(out);
      expect(doc.items).toHaveLength(496);
      expect(new Set(doc.items.map((i) => (i.links as { jira: string }).jira))).toEqual(keys);
      const edges = new Set(doc.items.flatMap((i) => ((i.after as string[] | undefined) ?? []).map((d) => `${d}>${String(i.id)}`)));
      expect(edges).toEqual(pairs);
      expect(summary.dependencies).toBe(pairs.size);
      // Dates from the changelog, recomputed from the raw payloads.
      let checkedStart = 0;
      for (const raw of issues!) {
        const item = doc.items.find((i) => i.id === raw.key)!;
        if (item.status === 'done') expect(item.finished).toBe(raw.fields.resolutiondate?.slice(0, 10));
        const firstInProgress = raw.changelog.histories.flatMap((h) => h.items.filter((x) => x.field === 'status' && x.toString === 'In Progress').map(() => h.created.slice(0, 10))).sort()[0];
        if (firstInProgress && item.status === 'done' && firstInProgress <= String(item.finished)) {
          expect(item.started).toBe(firstInProgress);
          checkedStart++;
        }
        const transitions = raw.changelog.histories.reduce((n, h) => n + h.items.filter((x) => x.field === 'status').length, 0);
        expect(((item['x-status-history'] as string[] | undefined) ?? []).length).toBe(transitions);
      }
      expect(checkedStart).toBeGreaterThan(40);
      expect(doc.history!.length).toBeGreaterThan(300);
    });
  }

  it('the written file is usable by vantage check and vantage metrics', async () => {
    await jiraAt(jiraSearchHandler(issues!, { scheme: 'token', pageSize: 100 }));
    const out = join(dir.dir, 'apache-metrics.vantage.yaml');
    expect((await runCli(['import', 'jira', '--jql', 'x', '-o', out])).code).toBe(0);
    expect((await runCli(['check', out])).code).toBe(0);
    const m = await runCli(['metrics', out, '--format', 'json', '--today', '2017-10-31']);
    expect(m.code).toBe(0);
    const metrics = JSON.parse(m.out) as { throughput: { count: number }[]; cycleTime: { p50: number | null } };
    const finished = metrics.throughput.reduce((n, w) => n + w.count, 0);
    const done = readDoc(out).items.filter((i) => i.status === 'done' && String(i.finished) <= '2017-10-31').length;
    expect(finished).toBe(done);
    expect(metrics.cycleTime.p50).not.toBeNull();
  });
});

/** The hand-made Jira fixtures: an import, then a later state (PAY-3 changed, PAY-6 new, PAY-4 deleted). */
function jiraFixtureHandler(phase: { now: 1 | 2 }): Handler {
  return (req) => {
    if (req.path === '/rest/api/3/issue/PAY-5/changelog') return { body: fixture(`jira/changelog-PAY-5-page-${req.query.get('startAt') === '0' ? 1 : 2}.json`) };
    if (req.path !== '/rest/api/3/search/jql') return { status: 404, body: {} };
    const body = req.body as { jql: string; nextPageToken?: string; expand?: string };
    if (phase.now === 2 && body.expand === undefined) return { body: fixture('jira/search-keys-after-delete.json') };
    if (phase.now === 2 && /updated >=/.test(body.jql)) return { body: fixture('jira/search-updated.json') };
    return { body: fixture(body.nextPageToken === 'CAEaAggD' ? 'jira/search-page-2.json' : 'jira/search-page-1.json') };
  };
}

describe('import jira: failures write nothing', () => {
  it('401: exit 3, names the variables, never prints the token', async () => {
    await jiraAt(() => ({ status: 401, body: { errorMessages: ['Client must be authenticated'] } }));
    const out = join(dir.dir, 'denied.vantage.yaml');
    const r = await runCli(['import', 'jira', '--jql', 'project = PAY', '-o', out]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/Jira rejected the credentials \(401\).*set VANTAGE_JIRA_EMAIL and VANTAGE_JIRA_TOKEN/);
    expect(r.err).not.toContain('s3cr3t');
    expect(existsSync(out)).toBe(false);
  });

  it('a malformed page: exit 1, names what was wrong, nothing written', async () => {
    await jiraAt((req) => ((req.body as { nextPageToken?: string }).nextPageToken ? { body: { issues: [{ id: '1', fields: {} }], isLast: true } } : { body: fixture('jira/search-page-1.json') }));
    const out = join(dir.dir, 'malformed.vantage.yaml');
    const r = await runCli(['import', 'jira', '--jql', 'project = PAY', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Jira: search result 4 is not an issue.*nothing was written/);
    expect(existsSync(out)).toBe(false);
  });

  it('429 with Retry-After: waits as told and completes', async () => {
    let limited = false;
    const inner = jiraFixtureHandler({ now: 1 });
    await jiraAt((req, n) => {
      if (!limited && (req.body as { nextPageToken?: string } | undefined)?.nextPageToken) {
        limited = true;
        return { status: 429, headers: { 'retry-after': '7' }, body: {} };
      }
      return inner(req, n);
    });
    const out = join(dir.dir, 'limited.vantage.yaml');
    const r = await runCli(['import', 'jira', '--jql', 'project = PAY', '-o', out]);
    expect(r.code).toBe(0);
    expect(waits).toEqual([7000]);
    expect(readDoc(out).items).toHaveLength(5);
  });

  it('missing credentials: exit 3 naming the variable; an existing output needs --force', async () => {
    vi.stubEnv('VANTAGE_JIRA_URL', 'http://127.0.0.1:9');
    vi.stubEnv('VANTAGE_JIRA_EMAIL', '');
    vi.stubEnv('VANTAGE_JIRA_TOKEN', '');
    const r = await runCli(['import', 'jira', '--jql', 'x', '-o', join(dir.dir, 'none.vantage.yaml')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/set VANTAGE_JIRA_EMAIL/);
    const existing = dir.file('existing.vantage.yaml', 'keep me\n');
    const again = await runCli(['import', 'jira', '--jql', 'x', '-o', existing]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--force/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me\n');
  });

  it('a query Jira rejects (400) is a usage error quoting Jira', async () => {
    await jiraAt(() => ({ status: 400, body: { errorMessages: ["The value 'NOPE' does not exist for the field 'project'."] } }));
    const r = await runCli(['import', 'jira', '--jql', 'project = NOPE', '-o', join(dir.dir, 'bad-jql.vantage.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Jira answered 400 .*The value 'NOPE' does not exist/);
    expect(existsSync(join(dir.dir, 'bad-jql.vantage.yaml'))).toBe(false);
  });

  it('a bad map file: exit 1 with file:line:col', async () => {
    const r = await runCli(['import', 'jira', '--jql', 'x', '-o', join(dir.dir, 'm.vantage.yaml'), '--map', join(FIXTURES, 'map/bad-map.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad-map\.yaml:5:14: error: .*In Review/);
    expect(r.err).toMatch(/bad-map\.yaml:7:3: error: unknown key 'story_pts'/);
  });
});

describe('sync', () => {
  async function imported(name: string): Promise<{ file: string; phase: { now: 1 | 2 } }> {
    const phase: { now: 1 | 2 } = { now: 1 };
    await jiraAt(jiraFixtureHandler(phase));
    const file = join(dir.dir, name);
    expect((await runCli(['import', 'jira', '--jql', 'project = PAY', '-o', file])).code).toBe(0);
    // The TPM's own edits: a comment, a value, must switched off.
    const text = readFileSync(file, 'utf8').replace('  - id: PAY-3\n    title: PCI review\n', '  # booked the QSA\n  - id: PAY-3\n    title: PCI review\n    value: 8\n').replace(/(- id: PAY-3\n(?: {4}.*\n)*?) {4}must: true\n/, '$1    must: false\n');
    writeFileSync(file, text);
    phase.now = 2;
    return { file, phase };
  }

  it('--dry-run prints the diff and writes nothing', async () => {
    const { file } = await imported('dry.vantage.yaml');
    const before = readFileSync(file, 'utf8');
    const r = await runCli(['sync', file, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Jira: changes since .*: 1 added, 1 updated, 0 unchanged, 1 gone upstream/);
    expect(r.out).toMatch(/~ PAY-3 {2}title: PCI review -> PCI review \(QSA\); status: todo -> doing; started: \(none\) -> 2027-01-25; status history/);
    expect(r.out).toMatch(/\+ PAY-6 {2}Vault failover drill {2}\(todo\)/);
    expect(r.out).toMatch(/- PAY-4 {2}PAY-4 was deleted, moved or no longer matches the query; --prune removes it/);
    expect(r.out).toMatch(/dry run: .* not written/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('updates changed issues, keeps TPM-owned fields, reports and with --prune removes deleted ones', async () => {
    const { file } = await imported('live.vantage.yaml');
    const updatedSearch = () => server!.requests.filter((q) => /updated >=/.test((q.body as { jql?: string } | undefined)?.jql ?? ''));
    const r = await runCli(['sync', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(updatedSearch()).toHaveLength(1);
    const report = JSON.parse(r.out) as { written: boolean; sources: { gone: { id: string; removed: boolean }[]; added: { id: string }[] }[] };
    expect(report.written).toBe(true);
    expect(report.sources[0].gone).toEqual([{ id: 'PAY-4', key: 'PAY-4', removed: false }]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('  # booked the QSA\n  - id: PAY-3\n    title: PCI review (QSA)\n    value: 8\n');
    const pay3 = readDoc(file).items.find((i) => i.id === 'PAY-3')!;
    expect(pay3).toMatchObject({ status: 'doing', must: false, value: 8 });
    expect(readDoc(file).items.map((i) => i.id)).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5', 'PAY-6']);
    expect((await runCli(['check', file])).code).toBe(0);

    const pruned = await runCli(['sync', file, '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.out).toMatch(/- PAY-4 .*\(removed\)/);
    expect(readDoc(file).items.map((i) => i.id)).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-5', 'PAY-6']);
  });

  it('a 401 during sync writes nothing; a file without x-sync is a usage error', async () => {
    const { file } = await imported('auth.vantage.yaml');
    const before = readFileSync(file, 'utf8');
    vi.stubEnv('VANTAGE_JIRA_TOKEN', 'expired');
    await server!.close();
    server = await startServer(() => ({ status: 401, body: {} }));
    vi.stubEnv('VANTAGE_JIRA_URL', server.url);
    const r = await runCli(['sync', file]);
    expect(r.code).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const plain = dir.file('plain.vantage.yaml', 'vantage: 1\nprogram: {id: p, name: P, start: 2027-01-04}\n');
    const u = await runCli(['sync', plain]);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/no x-sync/);
  });
});

describe('import github', () => {
  it('pages by Link header, skips pull requests, reads milestones, sub-issues and blocked-by', async () => {
    server = await startServer((req): Reply => {
      const base = '/repos/acme/shop/issues';
      if (req.path === base) {
        if (req.query.get('page') === '2') return { body: fixture('github/issues-page-2.json'), headers: { 'x-ratelimit-remaining': '4999' } };
        return { body: fixture('github/issues-page-1.json'), headers: { link: `<${server!.url}${base}?state=all&per_page=100&page=2>; rel="next", <${server!.url}${base}?page=2>; rel="last"` } };
      }
      if (req.path === `${base}/4/sub_issues`) return { body: fixture('github/sub-issues-4.json') };
      if (req.path === `${base}/1/dependencies/blocked_by`) return { body: fixture('github/blocked-by-1.json') };
      return { status: 404, body: { message: 'Not Found' } };
    });
    vi.stubEnv('VANTAGE_GITHUB_URL', server.url);
    vi.stubEnv('GITHUB_TOKEN', 'ghp_test');
    const out = join(dir.dir, 'shop.vantage.yaml');
    const r = await runCli(['import', 'github', '--repo', 'acme/shop', '-o', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(server.requests[0].authorization).toBe('Bearer ghp_test');
    expect(server.requests[0].query.get('state')).toBe('all');
    const items = Object.fromEntries(readDoc(out).items.map((i) => [i.id, i]));
    expect(Object.keys(items).sort()).toEqual(['shop-1', 'shop-2', 'shop-4', 'shop-5', 'shop-6']);
    expect(items['shop-1']).toMatchObject({ status: 'doing', estimate: 3, after: ['shop-2'], workstream: 'milestone-1', links: { github: 'acme/shop#1' } });
    expect(items['shop-2']).toMatchObject({ status: 'done', finished: '2027-01-15', must: true });
    expect(items['shop-5'].status).toBe('cut');
    expect(items['shop-6']).toMatchObject({ workstream: 'shop-4', estimate: 2 });
    expect(readDoc(out).workstreams!.map((w) => w.id).sort()).toEqual(['milestone-1', 'shop-4']);
  });

  it('a 403 without rate-limit headers is a permission error; --repo is checked', async () => {
    server = await startServer(() => ({ status: 403, body: { message: 'Resource not accessible' } }));
    vi.stubEnv('VANTAGE_GITHUB_URL', server.url);
    const out = join(dir.dir, 'gh-denied.vantage.yaml');
    const r = await runCli(['import', 'github', '--repo', 'acme/shop', '-o', out]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/GitHub refused access \(403\).*GITHUB_TOKEN/);
    expect(existsSync(out)).toBe(false);
    expect((await runCli(['import', 'github', '--repo', 'shop', '-o', out])).code).toBe(2);
  });
});

describe('import linear', () => {
  it('pages by cursor and reads projects, relations, states and dates', async () => {
    server = await startServer((req) => {
      const after = (req.body as { variables: { after: string | null } }).variables.after;
      return { body: fixture(after === 'cursor-1' ? 'linear/issues-page-2.json' : 'linear/issues-page-1.json') };
    });
    vi.stubEnv('VANTAGE_LINEAR_URL', server.url);
    vi.stubEnv('LINEAR_API_KEY', 'lin_api_test');
    const out = join(dir.dir, 'eng.vantage.yaml');
    const r = await runCli(['import', 'linear', '--team', 'ENG', '-o', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].authorization).toBe('lin_api_test');
    expect((server.requests[0].body as { variables: { filter: unknown } }).variables.filter).toEqual({ team: { key: { eq: 'ENG' } } });
    const items = Object.fromEntries(readDoc(out).items.map((i) => [i.id, i]));
    expect(items['ENG-1']).toMatchObject({ status: 'doing', started: '2027-01-11', estimate: 3, workstream: 'Checkout', must: true });
    expect(items['ENG-2']).toMatchObject({ status: 'todo', after: ['ENG-1'] });
    expect(items['ENG-3']).toMatchObject({ status: 'done', started: '2027-01-05', finished: '2027-01-07', tags: ['cycle-4'] });
    expect(items['ENG-3'].after).toBeUndefined(); // "related" is not a dependency
    expect(items['ENG-4'].status).toBe('cut');
  });

  it('a GraphQL authentication error is exit 3 naming LINEAR_API_KEY', async () => {
    server = await startServer(() => ({ body: fixture('linear/auth-error.json') }));
    vi.stubEnv('VANTAGE_LINEAR_URL', server.url);
    vi.stubEnv('LINEAR_API_KEY', 'wrong');
    const r = await runCli(['import', 'linear', '--team', 'ENG', '-o', join(dir.dir, 'x.vantage.yaml')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/LINEAR_API_KEY/);
  });
});

describe('import jira-csv', () => {
  it('reads repeated columns, links, parents and Jira dates', async () => {
    const out = join(dir.dir, 'csv.vantage.yaml');
    const r = await runCli(['import', 'jira-csv', join(FIXTURES, 'jira-csv/export.csv'), '-o', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const items = Object.fromEntries(readDoc(out).items.map((i) => [i.id, i]));
    expect(items['PAY-2']).toMatchObject({ title: 'Tokenise card storage, phase 1', status: 'doing', estimate: 3, after: ['PAY-3'], workstream: 'PAY-1', must: true, tags: ['backend', 'must', 'Sprint 2'] });
    expect(items['PAY-1']).toMatchObject({ status: 'done', finished: '2027-02-10' });
    expect(items['PAY-3']).toMatchObject({ status: 'todo', estimate: 2 });
    expect(items['PAY-4'].status).toBe('cut');
  });

  it('warns with line:col on bad values; a file that is not an export is exit 1', async () => {
    const r = await runCli(['import', 'jira-csv', join(FIXTURES, 'jira-csv/bad-date.csv'), '-o', join(dir.dir, 'bad-date.vantage.yaml')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/bad-date\.csv:2:20: warning: created 'yesterday'/);
    expect(r.err).toMatch(/bad-date\.csv:2:48: warning: custom field \(story points\) 'three'/);
    const bad = await runCli(['import', 'jira-csv', join(FIXTURES, 'jira-csv/missing-columns.csv'), '-o', join(dir.dir, 'missing.vantage.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/missing-columns\.csv:1:1: error: the header has no 'issue key', 'summary' column/);
    expect(existsSync(join(dir.dir, 'missing.vantage.yaml'))).toBe(false);
  });
});

describe('sync github: incremental by since', () => {
  it('asks for issues updated since the last sync and applies the change', async () => {
    const page1 = fixture('github/issues-page-1.json') as Record<string, unknown>[];
    const closed = { ...page1[0], state: 'closed', state_reason: 'completed', closed_at: '2027-01-20T10:00:00Z', updated_at: '2027-01-20T10:00:00Z', labels: [{ name: 'points: 3' }], issue_dependencies_summary: { blocked_by: 0 } };
    let phase = 1;
    server = await startServer((req): Reply => {
      if (req.path !== '/repos/acme/shop/issues') return { body: [] };
      if (phase === 2 && req.query.get('since')) return { body: [closed] };
      return { body: [...(phase === 1 ? page1 : page1.slice(1)), ...(fixture('github/issues-page-2.json') as unknown[])] };
    });
    vi.stubEnv('VANTAGE_GITHUB_URL', server.url);
    const file = join(dir.dir, 'gh-sync.vantage.yaml');
    expect((await runCli(['import', 'github', '--repo', 'acme/shop', '-o', file])).code).toBe(0);
    phase = 2;
    const r = await runCli(['sync', file]);
    expect(r.code).toBe(0);
    const since = server.requests.find((q) => q.query.get('since'))!.query.get('since')!;
    expect(readFileSync(file, 'utf8')).toContain(`updated: ${since}`.slice(0, 20));
    expect(r.out).toMatch(/~ shop-1 {2}.*status: doing -> done; finished: \(none\) -> 2027-01-20/);
    expect(readDoc(file).items.find((i) => i.id === 'shop-1')).toMatchObject({ status: 'done', finished: '2027-01-20', tags: [], estimate: 3 });
  });
});

describe('progress', () => {
  it('goes to stderr when it is a terminal', async () => {
    await jiraAt(jiraFixtureHandler({ now: 1 }));
    const { main } = await import('../main.js');
    let err = '';
    const code = await main(['import', 'jira', '--jql', 'project = PAY', '-o', join(dir.dir, 'tty.vantage.yaml')], { out: () => {}, err: (t) => void (err += t), isTTY: false, errIsTTY: true });
    expect(code).toBe(0);
    expect(err).toBe('\rJira: 3 issues\rJira: 5 issues\n');
  });
});
