/**
 * Linear issues of one team as tracker records, through the GraphQL API (`https://api.linear.app/graphql`, or
 * VANTAGE_LINEAR_URL): `issues(first: 100, after: $after, filter: {team: {key: {eq: $team}}, updatedAt: {gt: $since}})`
 * paged by `pageInfo {hasNextPage endCursor}`, with each issue's project (its group), cycle (a `cycle-N` tag), labels,
 * estimate (points), state type (backlog/unstarted/triage → todo, started → doing, completed → done, canceled → cut),
 * startedAt/completedAt, and "blocks" relations both ways. Auth: the personal API key in LINEAR_API_KEY, sent as the
 * Authorization header. GraphQL errors (HTTP 200 with `errors`) are payload errors, except authentication ones.
 */
import { requestJson, TrackerError, type HttpOptions } from './http.js';
import { datePart, idFromKey, type StatusCategory, type TrackerRecord } from './records.js';

export const LINEAR_ENV = { key: 'LINEAR_API_KEY', url: 'VANTAGE_LINEAR_URL' } as const;

export type LinearConfig = { url: string; key: string };

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const nodes = (x: unknown): unknown[] => (isObject(x) && Array.isArray(x.nodes) ? x.nodes : []);

const ISSUE_FIELDS = `id identifier title estimate priorityLabel createdAt updatedAt startedAt completedAt canceledAt
  state { name type } project { id name } cycle { number } labels { nodes { name } } parent { identifier }
  relations { nodes { type relatedIssue { identifier } } } inverseRelations { nodes { type issue { identifier } } }`;

export const LINEAR_ISSUES_QUERY = `query Issues($filter: IssueFilter, $after: String) {
  issues(first: 100, after: $after, filter: $filter) { nodes { ${ISSUE_FIELDS} } pageInfo { hasNextPage endCursor } }
}`;

export const LINEAR_KEYS_QUERY = `query IssueKeys($filter: IssueFilter, $after: String) {
  issues(first: 250, after: $after, filter: $filter) { nodes { identifier } pageInfo { hasNextPage endCursor } }
}`;

const STATE: Record<string, StatusCategory> = { backlog: 'todo', unstarted: 'todo', triage: 'todo', started: 'doing', completed: 'done', canceled: 'cut' };

function options(http: Omit<HttpOptions, 'source' | 'credentialVars'>): HttpOptions {
  return { ...http, source: 'Linear', credentialVars: [LINEAR_ENV.key] };
}

/** All pages of an `issues` query; calls `onPage` with each page's nodes. */
async function pages(c: LinearConfig, query: string, filter: Json, http: HttpOptions, onPage: (issues: unknown[]) => void): Promise<void> {
  let after: string | null = null;
  for (let page = 1; ; page++) {
    const res = await requestJson(c.url, { method: 'POST', headers: { authorization: c.key }, body: { query, variables: { filter, after } } }, http);
    const b = res.body;
    if (isObject(b) && Array.isArray(b.errors) && b.errors.length > 0) {
      const first = b.errors[0] as Json;
      const message = String(first.message ?? 'unknown error');
      const ext = isObject(first.extensions) ? JSON.stringify(first.extensions) : '';
      if (/authenticat|unauthori[sz]ed/i.test(message + ext)) throw new TrackerError('auth', `Linear rejected the API key: set ${LINEAR_ENV.key} to a valid personal API key`);
      throw new TrackerError('payload', `Linear: the query failed on page ${page}: ${message}`);
    }
    const issues = isObject(b) && isObject(b.data) ? b.data.issues : undefined;
    if (!isObject(issues) || !Array.isArray(issues.nodes) || !isObject(issues.pageInfo)) throw new TrackerError('payload', `Linear: page ${page} has no data.issues {nodes, pageInfo}`);
    onPage(issues.nodes);
    if (issues.pageInfo.hasNextPage !== true) return;
    if (typeof issues.pageInfo.endCursor !== 'string') throw new TrackerError('payload', `Linear: page ${page} says there is a next page but gives no endCursor`);
    after = issues.pageInfo.endCursor;
  }
}

function teamFilter(team: string, since?: string): Json {
  if (!/^[A-Za-z0-9_-]+$/.test(team)) throw new TrackerError('usage', `--team must be a Linear team key, like ENG, not '${team}'`);
  return { team: { key: { eq: team } }, ...(since !== undefined ? { updatedAt: { gt: since } } : {}) };
}

/** One issue node as a record plus the keys it blocks (linked by linkDependencies). */
export function linearRecord(raw: unknown, where: string): TrackerRecord & { blocks: string[] } {
  if (!isObject(raw) || typeof raw.identifier !== 'string' || typeof raw.title !== 'string' || !isObject(raw.state)) {
    throw new TrackerError('payload', `Linear: ${where} is not an issue (it needs identifier, title and state)`);
  }
  const key = raw.identifier;
  const stateName = String(raw.state.name ?? raw.state.type ?? '');
  const category = STATE[String(raw.state.type)];
  const blocks = nodes(raw.relations).flatMap((r) => (isObject(r) && r.type === 'blocks' && isObject(r.relatedIssue) && typeof r.relatedIssue.identifier === 'string' ? [r.relatedIssue.identifier] : []));
  const blockedBy = nodes(raw.inverseRelations).flatMap((r) => (isObject(r) && r.type === 'blocks' && isObject(r.issue) && typeof r.issue.identifier === 'string' ? [r.issue.identifier] : []));
  const labels = nodes(raw.labels).flatMap((l) => (isObject(l) && typeof l.name === 'string' ? [l.name] : []));
  if (isObject(raw.cycle) && typeof raw.cycle.number === 'number') labels.push(`cycle-${raw.cycle.number}`);
  const project = isObject(raw.project) && typeof raw.project.name === 'string' ? raw.project : undefined;
  const created = datePart(raw.createdAt);
  const started = datePart(raw.startedAt);
  const completed = datePart(raw.completedAt);
  return {
    source: 'linear',
    key,
    id: idFromKey(key),
    title: raw.title,
    status: stateName,
    ...(category ? { category } : {}),
    ...(project ? { group: { key: idFromKey(String(project.name)), title: project.name as string } } : {}),
    blockedBy,
    blocks,
    ...(typeof raw.estimate === 'number' ? { points: raw.estimate } : {}),
    labels,
    ...(typeof raw.priorityLabel === 'string' ? { priority: raw.priorityLabel } : {}),
    ...(created ? { created } : {}),
    ...(typeof raw.updatedAt === 'string' ? { updated: raw.updatedAt } : {}),
    ...(completed ? { resolved: completed } : {}),
    ...(started ? { startedDirect: started } : {}),
    transitions: [],
  };
}

/** Issues of team `team` (updated after `since` when given). */
export async function searchLinear(c: LinearConfig, team: string, http: Omit<HttpOptions, 'source' | 'credentialVars'>, since?: string, progress?: (done: number) => void): Promise<TrackerRecord[]> {
  const out: (TrackerRecord & { blocks: string[] })[] = [];
  await pages(c, LINEAR_ISSUES_QUERY, teamFilter(team, since), options(http), (issues) => {
    for (const i of issues) out.push(linearRecord(i, `issue ${out.length + 1}`));
    progress?.(out.length);
  });
  const byKey = new Map(out.map((r) => [r.key, r]));
  for (const r of out) for (const b of r.blocks) byKey.get(b)?.blockedBy.push(r.key);
  return out.map(({ blocks: _b, ...r }) => ({ ...r, blockedBy: [...new Set(r.blockedBy)] }));
}

/** Every issue identifier of team `team` now. */
export async function linearKeys(c: LinearConfig, team: string, http: Omit<HttpOptions, 'source' | 'credentialVars'>): Promise<Set<string>> {
  const keys = new Set<string>();
  await pages(c, LINEAR_KEYS_QUERY, teamFilter(team), options(http), (issues) => {
    for (const i of issues) if (isObject(i) && typeof i.identifier === 'string') keys.add(i.identifier);
  });
  return keys;
}
