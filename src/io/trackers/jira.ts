/**
 * Jira (Cloud REST v3, and v2 / Server): issues by JQL with their changelogs, as tracker records.
 *
 * Search: `POST /rest/api/3/search/jql` with `nextPageToken` paging (the current Cloud scheme: a page carries
 * `nextPageToken` until the last, which may say `isLast: true` or simply omit the token). A server that answers a
 * page with `startAt`/`total` instead is paged by offset, and one without `/search/jql` (404, Jira Server/Data Center)
 * is asked at `POST /rest/api/2/search` with `startAt`/`maxResults` — the scheme is detected from the responses.
 * A changelog cut short in a search result (`total` > histories) is completed from
 * `GET /rest/api/3/issue/{key}/changelog` (offset pages of `values`).
 *
 * Auth: Basic `email:API token` from VANTAGE_JIRA_EMAIL and VANTAGE_JIRA_TOKEN; the site from VANTAGE_JIRA_URL.
 */
import { requestJson, TrackerError, type HttpOptions } from './http.js';
import type { Mapping } from './mapping.js';
import { datePart, idFromKey, type StatusCategory, type TrackerRecord, type Transition } from './records.js';

export type JiraConfig = { baseUrl: string; email: string; token: string };

export const JIRA_ENV = { url: 'VANTAGE_JIRA_URL', email: 'VANTAGE_JIRA_EMAIL', token: 'VANTAGE_JIRA_TOKEN' } as const;

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

const CATEGORY: Record<string, StatusCategory> = { new: 'todo', indeterminate: 'doing', done: 'done' };

/** Fields asked for in searches (plus the story point and epic link fields of the mapping). */
export function jiraFields(mapping: Mapping): string[] {
  return ['summary', 'status', 'issuetype', 'resolution', 'resolutiondate', 'created', 'updated', 'labels', 'priority', 'parent', 'issuelinks', 'timeoriginalestimate', mapping.jira.epicLink, ...mapping.jira.storyPoints];
}

/**
 * One Jira issue (v2 or v3 JSON, with `changelog` when expanded) as a tracker record. Throws TrackerError `payload`
 * naming the issue when it lacks a key, fields or a status. Links count as dependencies when their type's name is
 * one of the mapping's dependency links (default Blocks/Blocker) or its outward phrase is "blocks": the inward issue
 * of a link on X blocks X; an outward issue is blocked by X and is recorded on that issue's own record from X's side
 * by `linkDependencies`.
 */
export function jiraRecord(raw: unknown, mapping: Mapping, where: string): TrackerRecord & { blocks: string[] } {
  if (!isObject(raw) || !str(raw.key) || !isObject(raw.fields)) throw new TrackerError('payload', `Jira: ${where} is not an issue (it needs key and fields)`);
  const key = raw.key as string;
  const f = raw.fields;
  if (!isObject(f.status) || !str(f.status.name)) throw new TrackerError('payload', `Jira: issue ${key} (${where}) has no status name`);
  const status = f.status.name as string;
  const catKey = isObject(f.status.statusCategory) ? str(f.status.statusCategory.key) : undefined;
  const category = catKey !== undefined ? CATEGORY[catKey] : undefined;
  const blockedBy: string[] = [];
  const blocks: string[] = [];
  for (const link of Array.isArray(f.issuelinks) ? f.issuelinks : []) {
    if (!isObject(link) || !isObject(link.type)) continue;
    const name = String(link.type.name ?? '').toLowerCase();
    const outward = String(link.type.outward ?? '').toLowerCase();
    if (!mapping.jira.dependencyLinks.has(name) && outward !== 'blocks') continue;
    const inward = isObject(link.inwardIssue) ? str(link.inwardIssue.key) : undefined;
    const out = isObject(link.outwardIssue) ? str(link.outwardIssue.key) : undefined;
    if (inward) blockedBy.push(inward);
    if (out) blocks.push(out);
  }
  let points: number | undefined;
  for (const field of mapping.jira.storyPoints) {
    points = num(f[field]);
    if (points !== undefined) break;
  }
  const originalSeconds = num(f.timeoriginalestimate);
  const parent = isObject(f.parent) && str(f.parent.key) ? { key: f.parent.key as string, title: (isObject(f.parent.fields) && str(f.parent.fields.summary)) || (f.parent.key as string) } : undefined;
  const epic = str(f[mapping.jira.epicLink]);
  const group = parent ?? (epic ? { key: epic, title: epic } : undefined);
  const resolution = isObject(f.resolution) ? str(f.resolution.name) : undefined;
  const created = datePart(f.created);
  const resolved = datePart(f.resolutiondate);
  const updated = str(f.updated);
  const type = isObject(f.issuetype) ? str(f.issuetype.name) : undefined;
  const priority = isObject(f.priority) ? str(f.priority.name) : undefined;
  return {
    source: 'jira',
    key,
    id: idFromKey(key),
    title: str(f.summary) ?? key,
    ...(type ? { type } : {}),
    status,
    ...(category ? { category } : {}),
    ...(resolution ? { resolution } : {}),
    ...(group ? { group } : {}),
    blockedBy,
    blocks,
    ...(points !== undefined ? { points } : {}),
    ...(originalSeconds !== undefined && originalSeconds > 0 ? { estimateHours: originalSeconds / 3600 } : {}),
    labels: Array.isArray(f.labels) ? f.labels.filter((l): l is string => typeof l === 'string') : [],
    ...(priority ? { priority } : {}),
    ...(created ? { created } : {}),
    ...(updated ? { updated } : {}),
    ...(resolved ? { resolved } : {}),
    transitions: isObject(raw.changelog) ? statusTransitions(raw.changelog.histories ?? raw.changelog.values) : [],
  };
}

/** The status changes of a changelog's histories, oldest first. */
export function statusTransitions(histories: unknown): Transition[] {
  const out: Transition[] = [];
  for (const h of Array.isArray(histories) ? histories : []) {
    if (!isObject(h) || !Array.isArray(h.items)) continue;
    const date = datePart(h.created);
    if (!date) continue;
    for (const it of h.items) {
      if (isObject(it) && it.field === 'status') out.push({ at: h.created as string, date, from: String(it.fromString ?? ''), to: String(it.toString ?? '') });
    }
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Adds each record's outward "blocks" links to the blocked record's `blockedBy` (both sides of a link dedupe). */
export function linkDependencies(records: (TrackerRecord & { blocks?: string[] })[]): TrackerRecord[] {
  const byKey = new Map(records.map((r) => [r.key, r]));
  for (const r of records) for (const b of r.blocks ?? []) byKey.get(b)?.blockedBy.push(r.key);
  return records.map((r) => {
    const { blocks: _blocks, ...rest } = r;
    return { ...rest, blockedBy: [...new Set(r.blockedBy)] };
  });
}

export type JiraQuery = { jql: string; since?: string; pageSize?: number; fields?: string[]; changelog?: boolean };

/** `(JQL) AND updated >= "yyyy/MM/dd HH:mm"`, keeping an ORDER BY clause at the end. Example since: `2026-11-24T10:15:00Z`. */
export function jqlSince(jql: string, since: string | undefined): string {
  if (since === undefined) return jql;
  const m = /^(.*?)(\s+order\s+by\s+.*)?$/is.exec(jql.trim())!;
  const stamp = since.replace('T', ' ').replace(/-/g, '/').slice(0, 16);
  const where = m[1].trim() === '' ? '' : `(${m[1].trim()}) AND `;
  return `${where}updated >= "${stamp}"${m[2] ?? ''}`;
}

const basic = (c: JiraConfig) => `Basic ${Buffer.from(`${c.email}:${c.token}`).toString('base64')}`;

/**
 * Pages through a JQL search, calling `onPage` with each page's raw issues (changelogs completed when asked) and the
 * running count (and the total when the server tells it). Returns nothing: the caller keeps what it needs.
 */
export async function searchJira(config: JiraConfig, query: JiraQuery, http: Omit<HttpOptions, 'source' | 'credentialVars'>, onPage: (issues: unknown[], seen: number, total?: number) => void): Promise<void> {
  const options: HttpOptions = { ...http, source: 'Jira', credentialVars: [JIRA_ENV.email, JIRA_ENV.token] };
  const headers = { authorization: basic(config) };
  const base = config.baseUrl.replace(/\/+$/, '');
  const jql = jqlSince(query.jql, query.since);
  const maxResults = query.pageSize ?? 100;
  const fields = query.fields ?? ['*navigable'];
  const expand = query.changelog === false ? undefined : 'changelog';
  let endpoint = `${base}/rest/api/3/search/jql`;
  let scheme: 'token' | 'offset' | undefined;
  let token: string | undefined;
  let startAt = 0;
  let seen = 0;
  for (let page = 1; ; page++) {
    const body: Json = { jql, maxResults, fields, ...(expand ? { expand } : {}) };
    if (scheme === 'offset') body.startAt = startAt;
    if (token !== undefined) body.nextPageToken = token;
    let res;
    try {
      res = await requestJson(endpoint, { method: 'POST', headers, body: scheme === 'offset' && expand ? { ...body, expand: [expand] } : body }, options);
    } catch (e) {
      if (page === 1 && scheme === undefined && e instanceof TrackerError && e.status === 404) {
        // No enhanced search (Jira Server / Data Center): the v2 offset search.
        endpoint = `${base}/rest/api/2/search`;
        scheme = 'offset';
        page--;
        continue;
      }
      throw e;
    }
    const b = res.body;
    if (!isObject(b) || !Array.isArray(b.issues)) throw new TrackerError('payload', `Jira: search page ${page} has no 'issues' list; is ${JIRA_ENV.url} a Jira site?`);
    const issues = b.issues;
    if (scheme === undefined) scheme = typeof b.startAt === 'number' && typeof b.total === 'number' ? 'offset' : 'token';
    if (expand) await completeChangelogs(base, headers, issues, options);
    seen += issues.length;
    const total = typeof b.total === 'number' ? b.total : undefined;
    onPage(issues, seen, total);
    if (scheme === 'offset') {
      startAt = (typeof b.startAt === 'number' ? b.startAt : startAt) + issues.length;
      if (issues.length === 0 || total === undefined || startAt >= total) return;
    } else {
      token = str(b.nextPageToken);
      if (token === undefined || b.isLast === true) return;
    }
  }
}

async function completeChangelogs(base: string, headers: Record<string, string>, issues: unknown[], options: HttpOptions): Promise<void> {
  for (const issue of issues) {
    if (!isObject(issue) || !isObject(issue.changelog) || !str(issue.key)) continue;
    const log = issue.changelog;
    const have = Array.isArray(log.histories) ? log.histories : [];
    if (typeof log.total !== 'number' || log.total <= have.length) continue;
    const all: unknown[] = [];
    for (let startAt = 0; ; ) {
      const res = await requestJson(`${base}/rest/api/3/issue/${encodeURIComponent(issue.key as string)}/changelog?startAt=${startAt}&maxResults=100`, { headers }, options);
      const b = res.body;
      if (!isObject(b) || !Array.isArray(b.values)) throw new TrackerError('payload', `Jira: the changelog of ${issue.key as string} has no 'values' list`);
      all.push(...b.values);
      startAt += b.values.length;
      if (b.values.length === 0 || b.isLast === true || (typeof b.total === 'number' && startAt >= b.total)) break;
    }
    issue.changelog = { ...log, histories: all, maxResults: all.length };
  }
}
