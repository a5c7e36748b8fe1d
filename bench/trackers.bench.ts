/**
 * Tracker import at scale: `vantage import jira` of 50,000 generated Jira Cloud issues (status categories, story
 * points, parents, "Blocks" links, a 3-entry changelog each) served by a local HTTP server as `search/jql` pages of
 * 100 with nextPageToken. The server builds each page on demand (it holds no issues), so the peak RSS is the
 * importer's: fetch, records, program document, canonical YAML, validation, write.
 *
 * Prints items/s and peak RSS, then a re-sync with 1% of the issues changed. Run: npm run bench trackers
 * (VANTAGE_BENCH_ISSUES=5000 for a quick run).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main.js';

const ISSUES = Number(process.env.VANTAGE_BENCH_ISSUES ?? 50_000);
const PAGE = 100;

const CATS = [
  ['To Do', 'new'],
  ['In Progress', 'indeterminate'],
  ['Done', 'done'],
] as const;

/** Issue `n` (0-based) of the generated project; `changed` issues are in progress with a later update. */
function issue(n: number, changed: boolean): unknown {
  const key = `GEN-${n + 1}`;
  const day = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
  const [name, cat] = changed ? CATS[1] : CATS[n % 3];
  const created = day(n % 300);
  const started = day((n % 300) + 2);
  const done = day((n % 300) + 5 + (n % 7));
  const histories = [{ id: `${n}1`, created: `${started}T09:00:00.000+0000`, items: [{ field: 'status', fromString: 'To Do', toString: 'In Progress' }] }];
  if (cat === 'done') histories.push({ id: `${n}2`, created: `${done}T17:00:00.000+0000`, items: [{ field: 'status', fromString: 'In Progress', toString: 'Done' }] });
  const blocker = n % 5 === 4 ? `GEN-${n}` : undefined;
  const epic = `GEN-EPIC-${Math.floor(n / 500)}`;
  return {
    id: String(100_000 + n),
    key,
    fields: {
      summary: `Generated issue ${n + 1}${changed ? ' (revised)' : ''}`,
      issuetype: { name: 'Story' },
      status: { name, statusCategory: { key: cat } },
      resolution: cat === 'done' ? { name: 'Done' } : null,
      resolutiondate: cat === 'done' ? `${done}T17:00:00.000+0000` : null,
      created: `${created}T08:00:00.000+0000`,
      updated: `${changed ? '2026-12-01' : done}T17:00:00.000+0000`,
      labels: n % 50 === 0 ? ['must'] : [],
      customfield_10016: (n % 8) + 1,
      parent: { key: epic, fields: { summary: `Epic ${epic}` } },
      issuelinks: blocker ? [{ type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, inwardIssue: { key: blocker } }] : [],
    },
    changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
  };
}

async function serve(changedEvery: () => number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { jql?: string; nextPageToken?: string; maxResults?: number; expand?: string };
      const every = changedEvery();
      const incremental = /updated >=/.test(body.jql ?? '');
      const keysOnly = body.expand === undefined;
      const ids = incremental ? Array.from({ length: Math.floor(ISSUES / every) }, (_, i) => i * every) : null;
      const total = ids ? ids.length : ISSUES;
      const start = Number(body.nextPageToken ?? 0);
      const size = Math.min(body.maxResults ?? 50, keysOnly ? 5000 : PAGE);
      const page: unknown[] = [];
      for (let i = start; i < Math.min(total, start + size); i++) {
        const n = ids ? ids[i] : i;
        page.push(keysOnly ? { id: String(100_000 + n), key: `GEN-${n + 1}` } : issue(n, every > 0 && n % every === 0 && every !== Infinity && changedEvery() !== 0 && incremental));
      }
      const more = start + size < total;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issues: page, ...(more ? { nextPageToken: String(start + size) } : { isLast: true }) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const mb = (kb: number) => (kb / 1024).toFixed(0);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-trackers-bench-'));
  let every = 0;
  const server = await serve(() => every);
  process.env.VANTAGE_JIRA_URL = server.url;
  process.env.VANTAGE_JIRA_EMAIL = 'bench@example.test';
  process.env.VANTAGE_JIRA_TOKEN = 'bench-token';
  const out = join(dir, 'gen.vantage.yaml');
  let text = '';
  const output = { out: (t: string) => void (text += t), err: (t: string) => void (text += t), isTTY: false };
  try {
    const rssBefore = process.memoryUsage().rss / 1024;
    const t0 = performance.now();
    const code = await main(['import', 'jira', '--jql', 'project = GEN', '-o', out, '--today', '2026-12-01'], output);
    const seconds = (performance.now() - t0) / 1000;
    const peak = process.resourceUsage().maxRSS;
    if (code !== 0) throw new Error(`import failed (${code}): ${text}`);
    console.log(text.trim());
    console.log(`import jira, ${ISSUES} issues in pages of ${PAGE}: ${seconds.toFixed(1)} s, ${Math.round(ISSUES / seconds)} items/s, peak RSS ${mb(peak)} MB (${mb(rssBefore)} MB before), file ${(statSync(out).size / 1e6).toFixed(1)} MB`);

    every = 100;
    text = '';
    const t1 = performance.now();
    const sync = await main(['sync', out, '--today', '2026-12-01'], output);
    const syncSeconds = (performance.now() - t1) / 1000;
    if (sync !== 0) throw new Error(`sync failed (${sync}): ${text}`);
    console.log(text.split('\n')[0]);
    console.log(`sync, ${Math.floor(ISSUES / every)} changed of ${ISSUES}: ${syncSeconds.toFixed(1)} s, peak RSS ${mb(process.resourceUsage().maxRSS)} MB`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
