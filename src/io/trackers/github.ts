/**
 * GitHub issues of one repository as tracker records (REST API, `X-GitHub-Api-Version: 2022-11-28`).
 *
 * `GET /repos/{owner}/{repo}/issues?state=all&per_page=100[&since=]`, paged by the `Link: <…>; rel="next"` header;
 * pull requests (which the endpoint also lists) are skipped. Per issue, only when its summaries say there is
 * something: `GET …/issues/{n}/sub_issues` (a sub-issue's parent becomes its group when it has no milestone) and
 * `GET …/issues/{n}/dependencies/blocked_by` (dependencies). Rate limits: 429 and rate-limit 403s are retried after
 * `retry-after` or `x-ratelimit-reset` (http.ts). Token (optional for public repositories) from GITHUB_TOKEN or
 * VANTAGE_GITHUB_TOKEN; base URL from VANTAGE_GITHUB_URL (GitHub Enterprise, tests).
 *
 * Status: closed as `not_planned`/`duplicate` → cut, other closed → done (finished = closed_at), open → todo, unless
 * a label names a mapped status (`status: {in progress: doing}` in the map; "in progress", "doing" and "blocked"
 * labels by default). Estimate: a label like `points: 3`, `estimate: 2` or `sp 5`.
 */
import { nextLink, requestJson, TrackerError, type HttpOptions } from './http.js';
import type { Mapping } from './mapping.js';
import { datePart, idFromKey, type StatusCategory, type TrackerRecord } from './records.js';

export const GITHUB_ENV = { token: 'GITHUB_TOKEN', tokenAlt: 'VANTAGE_GITHUB_TOKEN', url: 'VANTAGE_GITHUB_URL' } as const;

export type GithubConfig = { baseUrl: string; token?: string };

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

const LABEL_STATUS: Record<string, StatusCategory | 'blocked'> = { 'in progress': 'doing', doing: 'doing', 'in review': 'doing', blocked: 'blocked' };
const POINTS = /^(?:points?|estimate|sp|size)\s*[:=]?\s*(\d+(?:\.\d+)?)$/i;

function options(http: Omit<HttpOptions, 'source' | 'credentialVars'>): HttpOptions {
  return { ...http, source: 'GitHub', credentialVars: [GITHUB_ENV.token] };
}

function headers(c: GithubConfig): Record<string, string> {
  return { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) };
}

function checkRepo(repo: string): [string, string] {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repo);
  if (!m) throw new TrackerError('usage', `--repo must be owner/name, like acme/shop, not '${repo}'`);
  return [m[1], m[2]];
}

/** All pages of a list endpoint, following Link rel="next". */
async function pages(url: string, c: GithubConfig, http: HttpOptions, onPage: (items: unknown[]) => void): Promise<void> {
  for (let next: string | undefined = url, page = 1; next !== undefined; page++) {
    const res = await requestJson(next, { headers: headers(c) }, http);
    if (!Array.isArray(res.body)) throw new TrackerError('payload', `GitHub: page ${page} of ${new URL(next).pathname} is not a list`);
    onPage(res.body);
    next = nextLink(res.headers.get('link'));
  }
}

/** The key of an issue object: `owner/repo#N` (from its repository_url, else the repo asked for). */
function issueKey(issue: Json, repo: string): string {
  const fromUrl = typeof issue.repository_url === 'string' ? /\/repos\/([^/]+\/[^/]+)$/.exec(issue.repository_url)?.[1] : undefined;
  return `${fromUrl ?? repo}#${String(issue.number)}`;
}

/** One issue object as a record (dependencies and sub-issue parents are added by searchGithub). */
export function githubRecord(raw: unknown, repo: string, m: Mapping, where: string): TrackerRecord {
  if (!isObject(raw) || typeof raw.number !== 'number' || typeof raw.title !== 'string' || (raw.state !== 'open' && raw.state !== 'closed')) {
    throw new TrackerError('payload', `GitHub: ${where} is not an issue (it needs number, title and state open|closed)`);
  }
  const key = issueKey(raw, repo);
  const labels = Array.isArray(raw.labels) ? raw.labels.map((l) => (isObject(l) ? l.name : l)).filter((l): l is string => typeof l === 'string') : [];
  let category: StatusCategory = raw.state === 'open' ? 'todo' : raw.state_reason === 'not_planned' || raw.state_reason === 'duplicate' ? 'cut' : 'done';
  let status = raw.state === 'open' ? 'open' : `closed${typeof raw.state_reason === 'string' ? ` (${raw.state_reason})` : ''}`;
  if (raw.state === 'open') {
    const label = labels.find((l) => m.status.has(l.toLowerCase()) || LABEL_STATUS[l.toLowerCase()] !== undefined);
    if (label) {
      status = label;
      const mapped = LABEL_STATUS[label.toLowerCase()];
      if (mapped && mapped !== 'blocked') category = mapped;
    }
  }
  const points = labels.map((l) => POINTS.exec(l.trim())?.[1]).find((p) => p !== undefined);
  const milestone = isObject(raw.milestone) && typeof raw.milestone.title === 'string' ? raw.milestone : undefined;
  const created = datePart(raw.created_at);
  const closed = datePart(raw.closed_at);
  const [, name] = repo.split('/');
  return {
    source: 'github',
    key,
    id: idFromKey(`${name ?? repo}-${String(raw.number)}`),
    title: raw.title,
    ...(raw.type && isObject(raw.type) && typeof raw.type.name === 'string' ? { type: raw.type.name } : {}),
    status,
    category,
    ...(milestone ? { group: { key: `milestone-${String(milestone.number ?? milestone.title)}`, title: milestone.title as string } } : {}),
    blockedBy: [],
    ...(points !== undefined ? { points: Number(points) } : {}),
    labels: labels.filter((l) => !POINTS.test(l.trim())),
    ...(created ? { created } : {}),
    ...(typeof raw.updated_at === 'string' ? { updated: raw.updated_at } : {}),
    ...(closed && raw.state === 'closed' ? { resolved: closed } : {}),
    transitions: [],
  };
}

/** Issues of `repo` (updated at or after `since` when given), with sub-issue parents and blocked-by dependencies. */
export async function searchGithub(c: GithubConfig, repo: string, m: Mapping, httpSettings: Omit<HttpOptions, 'source' | 'credentialVars'>, since?: string, progress?: (done: number) => void): Promise<TrackerRecord[]> {
  const [owner, name] = checkRepo(repo);
  const http = options(httpSettings);
  const base = `${c.baseUrl.replace(/\/+$/, '')}/repos/${owner}/${name}`;
  const raws: Json[] = [];
  await pages(`${base}/issues?state=all&per_page=100${since ? `&since=${encodeURIComponent(since)}` : ''}`, c, http, (items) => {
    for (const i of items) if (!(isObject(i) && i.pull_request)) raws.push(i as Json);
    progress?.(raws.length);
  });
  const records = raws.map((r, i) => githubRecord(r, repo, m, `issue ${i + 1} of the list`));
  const byKey = new Map(records.map((r) => [r.key, r]));
  for (const [i, raw] of raws.entries()) {
    const r = records[i];
    const subs = isObject(raw.sub_issues_summary) ? Number(raw.sub_issues_summary.total) : 0;
    if (subs > 0) {
      await pages(`${base}/issues/${String(raw.number)}/sub_issues?per_page=100`, c, http, (children) => {
        for (const child of children) {
          const k = isObject(child) ? byKey.get(issueKey(child, repo)) : undefined;
          if (k && !k.group) k.group = { key: `${name}-${String(raw.number)}`, title: r.title };
        }
      });
    }
    const blocked = isObject(raw.issue_dependencies_summary) ? Number(raw.issue_dependencies_summary.blocked_by) : 0;
    if (blocked > 0) {
      await pages(`${base}/issues/${String(raw.number)}/dependencies/blocked_by?per_page=100`, c, http, (blockers) => {
        for (const b of blockers) if (isObject(b) && typeof b.number === 'number') r.blockedBy.push(issueKey(b, repo));
      });
    }
  }
  return records;
}

/** Every issue key of `repo` now (open and closed), for finding items deleted or transferred upstream. */
export async function githubKeys(c: GithubConfig, repo: string, httpSettings: Omit<HttpOptions, 'source' | 'credentialVars'>): Promise<Set<string>> {
  const [owner, name] = checkRepo(repo);
  const keys = new Set<string>();
  await pages(`${c.baseUrl.replace(/\/+$/, '')}/repos/${owner}/${name}/issues?state=all&per_page=100`, c, options(httpSettings), (items) => {
    for (const i of items) if (isObject(i) && !i.pull_request && typeof i.number === 'number') keys.add(issueKey(i, repo));
  });
  return keys;
}
