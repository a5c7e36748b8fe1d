/**
 * The tracker re-sync of program text, shared by `vantage sync FILE|ID` and `POST /api/programs/{id}/sync`: fetch
 * what changed since the last sync, plan by `links.<source>`, apply (TPM-owned fields untouched). No store here, so
 * the CLI loads it without the database drivers. Throws TrackerError; credentials only from the `env` passed in.
 */
import { fetchKeys, fetchRecords, type Env, type HttpSettings, type Progress, type TrackerQuery } from '../io/trackers/fetch.js';
import { TrackerError } from '../io/trackers/http.js';
import { DEFAULT_MAPPING, parseMapping, type Mapping } from '../io/trackers/mapping.js';
import type { TrackerSource } from '../io/trackers/records.js';
import { applySync, planSync, readSyncState, syncSources, type SyncPlan } from '../io/trackers/sync.js';
import type { StoredFile } from '../store/repository.js';

/** One source's outcome: the plan and, for an incremental fetch, the instant it asked from. */
export type SyncReport = { plan: SyncPlan; since?: string };

/** How to sync. `mapping(state, source)`: the mapping for a source given its `x-sync` entry. `now`: the sync instant. */
export type SyncOptions = {
  env: Env;
  http: HttpSettings;
  full?: boolean;
  prune?: boolean;
  mapping: (state: Record<string, unknown>, source: TrackerSource) => Mapping;
  progress?: (source: TrackerSource) => Progress | undefined;
  now?: () => Date;
};

/** Jira's JQL compares `updated` in the user's time zone at minute precision: look back a day (upserts are idempotent). */
function sinceFor(source: TrackerSource, updated: string): string {
  if (source !== 'jira') return updated;
  const t = Date.parse(updated);
  return Number.isNaN(t) ? updated : new Date(t - 86_400_000).toISOString();
}

/**
 * Re-syncs program text from every tracker its `x-sync` names: fetches what changed since the last sync (all with
 * `full`), plans by `links.<source>` and applies the plan (TPM-owned fields untouched). Returns the new text (with
 * the sync time recorded) and one report per source; writes nothing. `name` labels messages (a file or a program
 * id). Throws TrackerError: `usage` when the text has no x-sync or came from a CSV export; the fetch's own errors.
 * Example: `await syncText(text, 'pay.vantage.yaml', { env: process.env, http: {}, mapping: () => DEFAULT_MAPPING })`.
 */
export async function syncText(text: string, name: string, o: SyncOptions): Promise<{ text: string; reports: SyncReport[] }> {
  const sources = syncSources(text);
  if (sources.length === 0) throw new TrackerError('usage', `${name} has no x-sync section: it was not imported from a tracker (vantage import jira|github|linear writes one)`);
  let next = text;
  const reports: SyncReport[] = [];
  for (const source of sources) {
    const state = readSyncState(next, source).state ?? {};
    if (typeof state.csv === 'string') throw new TrackerError('usage', `${name} was imported from a CSV export (${state.csv}); import a new export with --force instead`);
    const query: TrackerQuery = {};
    for (const [k, v] of Object.entries(state)) if (k !== 'updated' && k !== 'map' && typeof v === 'string') query[k] = v;
    const mapping = o.mapping(state, source);
    const since = o.full || typeof state.updated !== 'string' ? undefined : sinceFor(source, state.updated);
    const startedAt = (o.now?.() ?? new Date()).toISOString();
    const records = await fetchRecords(source, query, mapping, o.env, o.http, since, o.progress?.(source));
    const keys = await fetchKeys(source, query, o.env, o.http);
    const plan = planSync(next, source, records, keys, mapping);
    next = applySync(next, plan, { prune: Boolean(o.prune), state: { query, updated: startedAt, ...(typeof state.map === 'string' ? { map: state.map } : {}) } });
    reports.push({ plan, ...(since !== undefined ? { since } : {}) });
  }
  return { text: next, reports };
}

/** The JSON of sync reports, as `vantage sync --format json` and the API give it (`sources`). */
export function syncReportJson(reports: readonly SyncReport[], prune: boolean) {
  return reports.map(({ plan, since }) => ({
    source: plan.source,
    since: since ?? null,
    added: plan.added.map((a) => ({ id: a.id, key: a.links[plan.source], title: a.title, status: a.status })),
    updated: plan.updated,
    unchanged: plan.unchanged,
    gone: plan.gone.map((g) => ({ ...g, removed: prune })),
    workstreams: plan.workstreams,
  }));
}

/**
 * The mapping of a stored program's source: `given` (a --map file) when there is one, else the map file its x-sync
 * names when it is stored with the program, else the defaults. Throws TrackerError `usage` when x-sync names a map
 * that is not stored (it lived beside a file) and `payload` when the stored map is invalid.
 */
export function storedMapping(files: readonly StoredFile[], given?: Mapping): SyncOptions['mapping'] {
  return (state) => {
    if (given) return given;
    if (typeof state.map !== 'string') return DEFAULT_MAPPING;
    const file = files.find((f) => f.path === state.map);
    if (!file) throw new TrackerError('usage', `x-sync names the map file ${state.map}, which is not stored with the program; give the mapping with --map`);
    const r = parseMapping(file.content, file.path);
    if (!r.mapping) throw new TrackerError('payload', `the stored map file ${file.path} is invalid: ${r.diagnostics[0]?.message ?? 'unreadable'}`);
    return r.mapping;
  };
}

