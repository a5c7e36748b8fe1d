/**
 * One entry point over the live connectors: fetch the records of a query (optionally only those updated since a
 * time), and the keys the query matches now (to tell which local items are gone upstream). Credentials and base URLs
 * come from `env` (the process environment in the CLI), never from files.
 */
import { requireEnv, type HttpOptions } from './http.js';
import { GITHUB_ENV, githubKeys, searchGithub } from './github.js';
import { JIRA_ENV, jiraFields, jiraRecord, linkDependencies, searchJira, type JiraConfig } from './jira.js';
import { LINEAR_ENV, linearKeys, searchLinear } from './linear.js';
import type { Mapping } from './mapping.js';
import type { TrackerRecord, TrackerSource } from './records.js';

export type Env = Record<string, string | undefined>;
export type HttpSettings = Omit<HttpOptions, 'source' | 'credentialVars'>;
export type Progress = (done: number, total?: number) => void;

/** What to fetch: `jql` for Jira, `repo` (owner/name) for GitHub, `team` (key) for Linear. */
export type TrackerQuery = Record<string, string>;

function jiraConfig(env: Env): JiraConfig {
  return {
    baseUrl: requireEnv(env, [JIRA_ENV.url], 'the Jira site URL'),
    email: requireEnv(env, [JIRA_ENV.email], 'the Jira account email'),
    token: requireEnv(env, [JIRA_ENV.token], 'the Jira API token'),
  };
}

/** Every record the query matches (updated at or after `since` when given), with dependencies linked both ways. */
export async function fetchRecords(source: TrackerSource, query: TrackerQuery, m: Mapping, env: Env, http: HttpSettings, since?: string, progress?: Progress): Promise<TrackerRecord[]> {
  if (source === 'jira') {
    const config = jiraConfig(env);
    const out: (TrackerRecord & { blocks: string[] })[] = [];
    let index = 0;
    await searchJira(config, { jql: query.jql ?? '', ...(since !== undefined ? { since } : {}), fields: jiraFields(m) }, http, (issues, seen, total) => {
      for (const raw of issues) out.push(jiraRecord(raw, m, `search result ${++index}`));
      progress?.(seen, total);
    });
    return linkDependencies(out);
  }
  if (source === 'github') return searchGithub(github(env), query.repo ?? '', m, http, since, progress);
  return searchLinear(linear(env), query.team ?? '', http, since, progress);
}

/** The keys the query matches now (a light listing), for reporting items deleted or moved upstream. */
export async function fetchKeys(source: TrackerSource, query: TrackerQuery, env: Env, http: HttpSettings): Promise<Set<string>> {
  if (source === 'jira') {
    const keys = new Set<string>();
    await searchJira(jiraConfig(env), { jql: query.jql ?? '', fields: ['updated'], changelog: false, pageSize: 1000 }, http, (issues) => {
      for (const i of issues) if (typeof i === 'object' && i !== null && typeof (i as { key?: unknown }).key === 'string') keys.add((i as { key: string }).key);
    });
    return keys;
  }
  if (source === 'github') return githubKeys(github(env), query.repo ?? '', http);
  return linearKeys(linear(env), query.team ?? '', http);
}

function github(env: Env) {
  const token = env[GITHUB_ENV.token] || env[GITHUB_ENV.tokenAlt];
  return { baseUrl: env[GITHUB_ENV.url] || 'https://api.github.com', ...(token ? { token } : {}) };
}

function linear(env: Env) {
  return { url: env[LINEAR_ENV.url] || 'https://api.linear.app/graphql', key: requireEnv(env, [LINEAR_ENV.key], 'the Linear API key') };
}
