/**
 * Tracker records → a program file document (plain data in the format's shape) and its canonical YAML text.
 *
 * Per record, one item: `id` from the key, `links: {<source>: KEY}`, `status` from the mapping (status names, then
 * the tracker's category; a done issue with a cut resolution is `cut`), `estimate` from points or the time estimate
 * (the mapping's units), `after` from "blocks" links between imported records, `workstream` from the epic, parent,
 * milestone or project, `must` from the mapping's labels and priorities, `tags` from the labels, `started` from the
 * first move to an in-progress status (else the tracker's own start date), `finished` from the resolution date (else
 * the last move to a done status), and `x-status-history` ("DATE FROM -> TO" lines) from the changelog. Finished or
 * started records also get a `history:` row (created, started, finished, estimate, type, workstream) for
 * `vantage metrics` and throughput forecasts.
 */
import type { IsoDate, ItemStatus } from '../../model/program.js';
import { emitProgram } from './emit.js';
import { categoryOfName, mapStatus, type Mapping } from './mapping.js';
import { idFromKey, type TrackerRecord, type TrackerSource } from './records.js';

/** Item fields an importer writes and a re-sync refreshes; every other field belongs to the TPM. */
export const TRACKER_FIELDS = ['title', 'workstream', 'estimate', 'after', 'status', 'started', 'finished', 'tags', 'links', 'x-status-history'] as const;
/** Item fields only the first import sets; a re-sync never changes them. */
export const TPM_FIELDS = ['objectives', 'must', 'value', 'time_criticality', 'risk_reduction', 'reach', 'impact', 'confidence', 'raci', 'owner', 'needs', 'remaining', 'notes', 'x-… (except x-status-history)'] as const;

export type ItemEntry = {
  id: string;
  title: string;
  workstream?: string;
  estimate?: number;
  after?: string[];
  must?: boolean;
  status: ItemStatus;
  started?: IsoDate;
  finished?: IsoDate;
  tags?: string[];
  links: Record<string, string>;
  'x-status-history'?: string[];
};

export type HistoryRow = { id: string; created?: IsoDate; started?: IsoDate; finished?: IsoDate; estimate?: number; type?: string; workstream?: string };

/** Where the import came from, kept in the file's `x-sync.<source>` so `vantage sync` can refresh it. */
export type SyncState = { query: Record<string, string>; updated: string; map?: string };

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The estimate in working days from points or hours, per the mapping; undefined when there is none. */
export function estimateDays(r: TrackerRecord, m: Mapping): number | undefined {
  const fromPoints = r.points !== undefined && r.points > 0 ? round2(r.points * m.estimate.daysPerPoint) : undefined;
  const fromTime = r.estimateHours !== undefined && r.estimateHours > 0 ? round2(r.estimateHours / m.estimate.hoursPerDay) : undefined;
  switch (m.estimate.use) {
    case 'points':
      return fromPoints;
    case 'time':
      return fromTime;
    case 'none':
      return undefined;
    default:
      return fromPoints ?? fromTime;
  }
}

/** Started and finished dates of a record from its history (see the module comment). */
export function actualDates(r: TrackerRecord, m: Mapping, status: ItemStatus): { started?: IsoDate; finished?: IsoDate } {
  const current = { status: r.status, ...(r.category ? { category: r.category } : {}) };
  const firstDoing = r.transitions.find((t) => categoryOfName(m, t.to, current) === 'doing')?.date;
  const started = firstDoing ?? r.startedDirect;
  let finished: IsoDate | undefined;
  if (status === 'done') {
    const lastDone = [...r.transitions].reverse().find((t) => categoryOfName(m, t.to, current) === 'done')?.date;
    finished = r.resolved ?? lastDone;
  }
  // A started date after the finish (reopened and closed again without work) is not a start.
  const keepStarted = started !== undefined && (finished === undefined || started <= finished);
  return { ...(keepStarted ? { started } : {}), ...(finished ? { finished } : {}) };
}

/** The item entry for one record; `known` holds the ids of all imported items (dependencies outside it are dropped). */
export function itemEntry(r: TrackerRecord, m: Mapping, known: ReadonlySet<string>, keyToId: ReadonlyMap<string, string>): ItemEntry {
  const status = mapStatus(m, r.status, r.category, r.resolution);
  const estimate = estimateDays(r, m);
  const after = r.blockedBy.map((k) => keyToId.get(k)).filter((id): id is string => id !== undefined && known.has(id) && id !== r.id);
  const must = r.labels.some((l) => m.must.labels.has(l.toLowerCase())) || (r.priority !== undefined && m.must.priorities.has(r.priority.toLowerCase()));
  const dates = actualDates(r, m, status);
  return {
    id: r.id,
    title: r.title,
    ...(m.workstreams === 'group' && r.group ? { workstream: idFromKey(r.group.key) } : {}),
    ...(estimate !== undefined ? { estimate } : {}),
    ...(after.length > 0 ? { after: [...new Set(after)].sort() } : {}),
    ...(must ? { must } : {}),
    status,
    ...dates,
    ...(r.labels.length > 0 ? { tags: [...r.labels] } : {}),
    links: { [r.source]: r.key },
    ...(r.transitions.length > 0 ? { 'x-status-history': r.transitions.map((t) => `${t.date} ${t.from} -> ${t.to}`) } : {}),
  };
}

/**
 * Removes dependencies that close a cycle (trackers allow "A blocks B" and "B blocks A"; a program may not), keeping
 * the first-seen edges in id order. Returns the dropped edges as `A -> B` (B was after A).
 */
export function breakCycles(items: ItemEntry[]): string[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const state = new Map<string, 1 | 2>();
  const dropped: string[] = [];
  for (const root of items) {
    if (state.has(root.id)) continue;
    // Iterative DFS over "after" edges.
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    state.set(root.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const item = byId.get(top.id)!;
      const deps = item.after ?? [];
      if (top.next >= deps.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const dep = deps[top.next];
      const s = state.get(dep);
      if (s === 1) {
        dropped.push(`${dep} -> ${item.id}`);
        deps.splice(top.next, 1);
        if (deps.length === 0) delete item.after;
        continue;
      }
      top.next++;
      if (s === undefined && byId.has(dep)) {
        state.set(dep, 1);
        stack.push({ id: dep, next: 0 });
      }
    }
  }
  return dropped;
}

export type ProgramBuild = {
  doc: Record<string, unknown>;
  /** Things the TPM should know (dropped links, duplicate keys); not errors. */
  notes: string[];
};

/** The id of every record, made unique (`KEY`, then `KEY-2` ...), and the key → id table. */
export function assignIds(records: TrackerRecord[], taken: ReadonlySet<string> = new Set()): Map<string, string> {
  const used = new Set(taken);
  const keyToId = new Map<string, string>();
  for (const r of records) {
    let id = r.id;
    for (let n = 2; used.has(id); n++) id = `${r.id}-${n}`;
    used.add(id);
    r.id = id;
    keyToId.set(r.key, id);
  }
  return keyToId;
}

/**
 * The whole program document for a fresh import. `program` names it; `start` defaults to the earliest created date
 * (else `today`). Example: `buildProgram(records, DEFAULT_MAPPING, {source: 'jira', id: 'apache', name: 'Apache',
 * today: '2026-11-25', sync: {query: {jql: 'project = ANY23'}, updated: '2026-11-25T06:00:00Z'}})`.
 */
export function buildProgram(
  input: TrackerRecord[],
  m: Mapping,
  o: { source: TrackerSource; id: string; name: string; today: IsoDate; sync: SyncState },
): ProgramBuild {
  const notes: string[] = [];
  const seenKeys = new Set<string>();
  const records: TrackerRecord[] = [];
  for (const r of input) {
    if (seenKeys.has(r.key)) continue; // a record served twice (pages shifting under a live query)
    seenKeys.add(r.key);
    records.push(r);
  }
  const keyToId = assignIds(records);
  const known = new Set(keyToId.values());
  const items = records.map((r) => itemEntry(r, m, known, keyToId));
  const outside = records.flatMap((r) => r.blockedBy.filter((k) => !keyToId.has(k)).map((k) => `${k} blocks ${r.key}`));
  if (outside.length > 0) notes.push(`${outside.length} blocking link(s) to issues outside the import were left out: ${outside.slice(0, 10).join(', ')}${outside.length > 10 ? ', …' : ''}`);
  const dropped = breakCycles(items);
  if (dropped.length > 0) notes.push(`${dropped.length} dependency(ies) closing a cycle were left out: ${dropped.join(', ')}`);
  const groups = new Map<string, string>();
  if (m.workstreams === 'group') for (const r of records) if (r.group) groups.set(idFromKey(r.group.key), r.group.title);
  const created = records.map((r) => r.created).filter((d): d is string => d !== undefined).sort();
  const history = m.history ? historyRows(records, items) : [];
  const doc: Record<string, unknown> = {
    vantage: 1,
    program: { id: o.id, name: o.name, start: created[0] ?? o.today },
    ...(groups.size > 0 ? { workstreams: [...groups].map(([id, title]) => ({ id, title })) } : {}),
    items,
    ...(history.length > 0 ? { history } : {}),
    'x-sync': { [o.source]: syncEntry(o.sync) },
  };
  return { doc, notes };
}

/** `x-sync.<source>` as written in the file. */
export function syncEntry(s: SyncState): Record<string, string> {
  return { ...s.query, updated: s.updated, ...(s.map !== undefined ? { map: s.map } : {}) };
}

/** History rows for records that started or finished. */
export function historyRows(records: TrackerRecord[], items: ItemEntry[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  records.forEach((r, i) => {
    const item = items[i];
    if (item.started === undefined && item.finished === undefined) return;
    if (item.status === 'cut') return;
    rows.push({
      id: item.id,
      ...(r.created ? { created: r.created } : {}),
      ...(item.started ? { started: item.started } : {}),
      ...(item.finished ? { finished: item.finished } : {}),
      ...(item.estimate !== undefined ? { estimate: item.estimate } : {}),
      ...(r.type ? { type: r.type } : {}),
      ...(item.workstream ? { workstream: item.workstream } : {}),
    });
  });
  return rows;
}

/** The document as canonical program-file YAML (`vantage fmt`'s layout; see emit.ts). */
export function programText(doc: Record<string, unknown>): string {
  return emitProgram(doc);
}
