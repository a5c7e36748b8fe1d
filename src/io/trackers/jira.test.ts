import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../test/fixtures/trackers/server.js';
import { jiraFields, jiraRecord, jqlSince, linkDependencies, searchJira } from './jira.js';
import { DEFAULT_MAPPING } from './mapping.js';
import { TrackerError } from './http.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/trackers/jira', name), 'utf8'));

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The fixtures as Jira Cloud serves them: two search pages by nextPageToken; PAY-5's changelog in two offset pages. */
async function jiraFixtures(): Promise<string> {
  server = await startServer((req) => {
    if (req.path === '/rest/api/3/search/jql') {
      const token = (req.body as { nextPageToken?: string }).nextPageToken;
      return { body: fixture(token === 'CAEaAggD' ? 'search-page-2.json' : 'search-page-1.json') };
    }
    if (req.path === '/rest/api/3/issue/PAY-5/changelog') return { body: fixture(req.query.get('startAt') === '0' ? 'changelog-PAY-5-page-1.json' : 'changelog-PAY-5-page-2.json') };
    return { status: 404, body: {} };
  });
  return server.url;
}

describe('jiraRecord', () => {
  const page1 = (fixture('search-page-1.json') as { issues: unknown[] }).issues;

  it('reads status category, story points, time estimate, parent, labels and status changes', () => {
    const pay2 = jiraRecord(page1[1], DEFAULT_MAPPING, 'issue 2');
    expect(pay2).toMatchObject({ key: 'PAY-2', id: 'PAY-2', status: 'In Progress', category: 'doing', points: 3, group: { key: 'PAY-1', title: 'Card vault' }, blockedBy: ['PAY-3'], labels: ['backend'] });
    expect(pay2.transitions).toEqual([{ at: '2027-01-18T11:00:00.000+0000', date: '2027-01-18', from: 'To Do', to: 'In Progress' }]);
    const pay3 = jiraRecord(page1[2], DEFAULT_MAPPING, 'issue 3');
    expect(pay3).toMatchObject({ estimateHours: 16, blocks: ['PAY-2'], blockedBy: [], category: 'todo', priority: 'High' });
  });

  it('rejects an issue without key or status, naming where it was', () => {
    expect(() => jiraRecord({ fields: {} }, DEFAULT_MAPPING, 'search result 7')).toThrow(/search result 7 is not an issue/);
    expect(() => jiraRecord({ key: 'X-1', fields: { summary: 'x' } }, DEFAULT_MAPPING, 'r')).toThrow(/X-1.*no status/);
  });

  it('links both sides of a "blocks" link once', () => {
    const recs = linkDependencies(page1.map((i, n) => jiraRecord(i, DEFAULT_MAPPING, `issue ${n}`)));
    expect(recs.find((r) => r.key === 'PAY-2')!.blockedBy).toEqual(['PAY-3']);
    expect(recs.find((r) => r.key === 'PAY-3')!.blockedBy).toEqual([]);
  });
});

describe('jqlSince', () => {
  it('adds the updated bound before ORDER BY, in Jira\'s date format', () => {
    expect(jqlSince('project = PAY ORDER BY rank', '2027-01-24T09:05:00.000Z')).toBe('(project = PAY) AND updated >= "2027/01/24 09:05" ORDER BY rank');
    expect(jqlSince('project = PAY', undefined)).toBe('project = PAY');
  });
});

describe('searchJira', () => {
  it('follows nextPageToken and completes a cut-short changelog from the changelog endpoint', async () => {
    const url = await jiraFixtures();
    const pages: number[] = [];
    const issues: unknown[] = [];
    await searchJira({ baseUrl: url, email: 'tpm@acme.test', token: 't0k3n' }, { jql: 'project = PAY', fields: jiraFields(DEFAULT_MAPPING) }, {}, (page, seen) => {
      pages.push(seen);
      issues.push(...page);
    });
    expect(pages).toEqual([3, 5]);
    const searches = server!.requests.filter((r) => r.path.endsWith('/search/jql'));
    expect(searches.map((r) => (r.body as { nextPageToken?: string }).nextPageToken)).toEqual([undefined, 'CAEaAggD']);
    expect(searches[0].body).toMatchObject({ jql: 'project = PAY', expand: 'changelog' });
    expect(searches[0].authorization).toBe(`Basic ${Buffer.from('tpm@acme.test:t0k3n').toString('base64')}`);
    const pay5 = jiraRecord(issues[4], DEFAULT_MAPPING, 'PAY-5');
    expect(pay5.transitions.map((t) => t.to)).toEqual(['In Progress', 'In Review', 'Done']);
  });

  it('rejects a page without an issues list', async () => {
    server = await startServer(() => ({ body: { values: [] } }));
    const e = await searchJira({ baseUrl: server.url, email: 'a', token: 'b' }, { jql: 'x' }, {}, () => {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TrackerError);
    expect((e as TrackerError).message).toMatch(/page 1 has no 'issues' list/);
  });
});
