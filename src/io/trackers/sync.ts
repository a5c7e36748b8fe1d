/**
 * Re-sync of an imported program file with its tracker: a pure plan (what changes), then a surgical apply (text
 * edits through src/io/yaml/edit.ts, so the TPM's comments, order and own fields survive).
 *
 * Items are matched by `links.<source>` (the tracker key). For a record updated upstream, only the tracker-owned
 * fields (TRACKER_FIELDS in to-program.ts: title, workstream, estimate, after, status, started, finished, tags,
 * links, x-status-history) are compared and set; every other field (objectives, must, value, time_criticality,
 * risk_reduction, raci, owner, notes, x- keys …) is the TPM's and is never written. A field the tracker no longer has
 * is cleared (`null`, `[]`), except the estimate, which the TPM may have supplied for an unestimated issue. Records
 * without a local item are added. Local items whose key the query no longer matches are reported as gone (deleted,
 * moved or out of the query) and removed only with `prune`.
 */
import { isCollection, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { fastParse } from '../yaml/fast-parse.js';
import { parseYamlText } from '../yaml/parse.js';
import { appendEntry, EditError, removeEntry, replaceEntry, setEntryField, type FieldValue } from '../yaml/edit.js';
import type { Mapping } from './mapping.js';
import { blockEntry, blockMapping, flow, scalar } from './emit.js';
import { idFromKey, type TrackerRecord, type TrackerSource } from './records.js';
import { assignIds, historyRows, itemEntry, syncEntry, type ItemEntry, type SyncState } from './to-program.js';

export type FieldChange = { field: string; from: unknown; to: unknown };
export type SyncPlan = {
  source: TrackerSource;
  added: ItemEntry[];
  updated: { id: string; key: string; changes: FieldChange[] }[];
  gone: { id: string; key: string }[];
  /** Workstreams to add (new epics, parents, milestones, projects). */
  workstreams: { id: string; title: string }[];
  /** History rows to add or replace (only when the file keeps its history inline). */
  history: ReturnType<typeof historyRows>;
  /** Records updated upstream whose item is already up to date. */
  unchanged: number;
};

type LocalItem = Record<string, unknown> & { id: string };

const COMPARED = ['title', 'workstream', 'estimate', 'after', 'status', 'started', 'finished', 'tags', 'x-status-history'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isEmpty = (x: unknown) => x === undefined || x === null || (Array.isArray(x) && x.length === 0);

/** The file's items and workstreams and its `x-sync.<source>` state (plain data). */
export function readSyncState(text: string, source: TrackerSource): { items: LocalItem[]; workstreams: Set<string>; state?: Record<string, unknown>; historyInline: boolean; historyIds: Set<string> } {
  const doc = (parseYamlText(text, 'program').value ?? {}) as Record<string, unknown>;
  const items = Array.isArray(doc.items) ? (doc.items.filter((i) => typeof i === 'object' && i !== null && 'id' in i) as LocalItem[]).map((i) => ({ ...i, id: String(i.id) })) : [];
  const workstreams = new Set(Array.isArray(doc.workstreams) ? doc.workstreams.map((w) => String((w as { id?: unknown }).id)) : []);
  const sync = doc['x-sync'] as Record<string, unknown> | undefined;
  const state = sync && typeof sync[source] === 'object' && sync[source] !== null ? (sync[source] as Record<string, unknown>) : undefined;
  const historyInline = doc.history === undefined || doc.history === null || Array.isArray(doc.history);
  const historyIds = new Set(Array.isArray(doc.history) ? doc.history.map((h) => String((h as { id?: unknown }).id)) : []);
  return { items, workstreams, ...(state ? { state } : {}), historyInline, historyIds };
}

/** The sources a file was imported from (the keys of its `x-sync`). */
export function syncSources(text: string): TrackerSource[] {
  const doc = (parseYamlText(text, 'program').value ?? {}) as Record<string, unknown>;
  const sync = doc['x-sync'];
  if (typeof sync !== 'object' || sync === null) return [];
  return Object.keys(sync).filter((k): k is TrackerSource => k === 'jira' || k === 'github' || k === 'linear');
}

/**
 * What a sync would change in the file `text`, given the records updated upstream and (when known) every key the
 * query matches now. Pure. Example: a record whose status went to Done gives an update
 * `{field: 'status', from: 'doing', to: 'done'}` plus `finished`.
 */
export function planSync(text: string, source: TrackerSource, records: TrackerRecord[], currentKeys: ReadonlySet<string> | undefined, m: Mapping): SyncPlan {
  const local = readSyncState(text, source);
  const byKey = new Map<string, LocalItem>();
  for (const item of local.items) {
    const links = item.links as Record<string, unknown> | undefined;
    const key = links?.[source];
    if (key !== undefined && key !== null) byKey.set(String(key), item);
  }
  const keyToId = new Map<string, string>([...byKey].map(([k, i]) => [k, i.id]));
  const seen = new Set<string>();
  const fresh = records.filter((r) => !seen.has(r.key) && Boolean(seen.add(r.key)));
  const newcomers = fresh.filter((r) => !byKey.has(r.key));
  for (const r of fresh) if (byKey.has(r.key)) r.id = byKey.get(r.key)!.id;
  for (const [k, id] of assignIds(newcomers, new Set(local.items.map((i) => i.id)))) keyToId.set(k, id);
  const known = new Set([...local.items.map((i) => i.id), ...newcomers.map((r) => r.id)]);
  const plan: SyncPlan = { source, added: [], updated: [], gone: [], workstreams: [], history: [], unchanged: 0 };
  const entries: ItemEntry[] = [];
  for (const r of fresh) {
    const entry = itemEntry(r, m, known, keyToId);
    entries.push(entry);
    const item = byKey.get(r.key);
    if (!item) {
      plan.added.push(entry);
      continue;
    }
    const changes: FieldChange[] = [];
    for (const field of COMPARED) {
      const to = entry[field as keyof ItemEntry];
      const from = item[field];
      if (to === undefined && (field === 'estimate' || isEmpty(from))) continue;
      if (same(from, to)) continue;
      if (to === undefined && isEmpty(from)) continue;
      changes.push({ field, from: from ?? null, to: to ?? (field === 'after' || field === 'tags' || field === 'x-status-history' ? [] : null) });
    }
    if (changes.length > 0) plan.updated.push({ id: item.id, key: r.key, changes });
    else plan.unchanged++;
  }
  if (m.workstreams === 'group') {
    const have = new Set(local.workstreams);
    for (const r of fresh) {
      if (!r.group) continue;
      const id = idFromKey(r.group.key);
      if (have.has(id)) continue;
      have.add(id);
      plan.workstreams.push({ id, title: r.group.title });
    }
  }
  if (m.history && local.historyInline) plan.history = historyRows(fresh, entries);
  if (currentKeys) {
    const freshKeys = new Set(fresh.map((r) => r.key));
    for (const [key, item] of byKey) if (!currentKeys.has(key) && !freshKeys.has(key)) plan.gone.push({ id: item.id, key });
  }
  return plan;
}

/** True when the plan changes nothing but the sync time. */
export const planIsEmpty = (p: SyncPlan, prune: boolean) => p.added.length === 0 && p.updated.length === 0 && p.workstreams.length === 0 && (!prune || p.gone.length === 0);

type Splice = { at: number; end: number; text: string; seq: number };

const lineStartOf = (text: string, i: number) => text.lastIndexOf('\n', i - 1) + 1;
const col = (text: string, at: number) => at - lineStartOf(text, at);

/** The entries of a top-level block list by id, and the list node; undefined when the section is absent or flow. */
function blockSection(root: YAMLMap, name: string): { seq: YAMLSeq; byId: Map<string, YAMLMap> } | undefined {
  const seq = root.get(name, true);
  if (!isSeq(seq) || seq.flow || seq.items.length === 0) return undefined;
  const byId = new Map<string, YAMLMap>();
  for (const it of seq.items) if (isMap(it)) byId.set(String((it as YAMLMap).get('id')), it as YAMLMap);
  return { seq: seq as YAMLSeq, byId };
}

/** Indentation of a block-list entry's dash. */
function dashIndent(text: string, node: Node): number {
  const dash = text.lastIndexOf('-', node.range![0]);
  return dash - lineStartOf(text, dash);
}

/**
 * Applies a plan to the file text and records the new sync state. Pure. The file is parsed once and every edit is a
 * splice at the positions of that parse (so 500 changes cost one parse, not 500); the rare shapes the splices do
 * not cover (flow-style entries, absent sections) go through src/io/yaml/edit.ts one by one. Throws EditError when
 * the file cannot be edited (it does not parse, or `items` is not a list).
 */
export function applySync(text: string, plan: SyncPlan, o: { prune: boolean; state: SyncState }): string {
  const fast = applyByLines(text, plan, o);
  if (fast !== undefined) return fast;
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return applySlowly(text, plan, o);
  const root = doc.contents as YAMLMap;
  const splices: Splice[] = [];
  const later: ((t: string) => string)[] = [];
  const add = (at: number, end: number, t: string) => splices.push({ at, end, text: t, seq: splices.length });
  const appendTo = (name: string, entries: Record<string, unknown>[]) => {
    if (entries.length === 0) return;
    const sec = blockSection(root, name);
    if (!sec) {
      for (const e of entries) later.push((t) => appendEntry(t, name, e));
      return;
    }
    const indent = dashIndent(text, sec.seq.items[0] as Node);
    add(lineEnd(text, exactEnd(sec.seq)), lineEnd(text, exactEnd(sec.seq)), entries.map((e) => blockEntry(e, indent)).join(''));
  };
  const remove = (name: string, ids: string[]) => {
    const sec = blockSection(root, name);
    for (const id of ids) {
      const node = sec?.byId.get(id);
      if (!sec || !node || node.flow || sec.byId.size === ids.length) {
        later.push((t) => removeEntry(t, name, id));
        continue;
      }
      const dash = text.lastIndexOf('-', node.range![0]);
      add(lineStartOf(text, dash), lineEnd(text, exactEnd(node)), '');
    }
  };

  appendTo('workstreams', plan.workstreams);
  const items = blockSection(root, 'items');
  for (const u of plan.updated) {
    const entry = items?.byId.get(u.id);
    if (!entry || entry.flow) {
      for (const c of u.changes) later.push((t) => setItemField(t, u.id, c.field, c.to as FieldValue));
      continue;
    }
    const firstKey = entry.items[0].key as Node;
    const keyIndent = firstKey.range![0] - lineStartOf(text, firstKey.range![0]);
    const last = entry.items[entry.items.length - 1];
    const entryEnd = lineEnd(text, exactEnd((last.value ?? last.key) as Node));
    for (const c of u.changes) {
      const pair = entry.items.find((p) => isScalar(p.key) && p.key.value === c.field);
      const v = pair?.value as Node | null | undefined;
      if (!pair) add(entryEnd, entryEnd, `${' '.repeat(keyIndent)}${c.field}: ${inlineText(c.to)}\n`);
      else if (v && isCollection(v) && !v.flow && v.items.length > 0) add(text.indexOf(':', (pair.key as Node).range![1]) + 1, exactEnd(v), ` ${inlineText(c.to)}`);
      else if (v && v.range && !(isScalar(v) && v.source === '' && v.range[0] === v.range[1])) add(v.range[0], v.range[1], inlineText(c.to));
      else later.push((t) => setItemField(t, u.id, c.field, c.to as FieldValue));
    }
  }
  appendTo('items', plan.added as unknown as Record<string, unknown>[]);
  const gone = o.prune ? plan.gone.map((g) => g.id) : [];
  remove('items', gone);
  const history = blockSection(root, 'history');
  const fresh: Record<string, unknown>[] = [];
  for (const h of plan.history) {
    const node = history?.byId.get(h.id);
    if (node && !node.flow) {
      const dash = text.lastIndexOf('-', node.range![0]);
      add(lineStartOf(text, dash), lineEnd(text, exactEnd(node)), blockEntry(h, dash - lineStartOf(text, dash)));
    } else if (node) later.push((t) => replaceEntry(t, 'history', h.id, h));
    else fresh.push(h);
  }
  appendTo('history', fresh);
  if (history) remove('history', gone.filter((id) => history.byId.has(id)));

  const syncAt = later.length === 0 ? syncStateRange(text, root, plan.source) : undefined;
  if (syncAt) add(syncAt.at, syncAt.end, syncAt.render(syncEntry(o.state)));

  splices.sort((a, b) => b.at - a.at || b.seq - a.seq);
  // Built from pieces in order (one pass), not by repeated slicing of the whole text.
  const parts: string[] = [];
  let cursor = text.length;
  for (const s of splices) {
    parts.push(text.slice(s.end, cursor), s.text);
    cursor = s.at;
  }
  parts.push(text.slice(0, cursor));
  let out = parts.reverse().join('');
  for (const f of later) out = f(out);
  return syncAt ? out : setSyncState(out, plan.source, syncEntry(o.state));
}

/** The one-edit-at-a-time path, for files the batch cannot read (it reports their parse error through edit.ts). */
function applySlowly(text: string, plan: SyncPlan, o: { prune: boolean; state: SyncState }): string {
  let out = text;
  for (const w of plan.workstreams) out = appendEntry(out, 'workstreams', w);
  for (const u of plan.updated) for (const c of u.changes) out = setItemField(out, u.id, c.field, c.to as FieldValue);
  for (const a of plan.added) out = appendEntry(out, 'items', a as unknown as Record<string, unknown>);
  if (o.prune) for (const g of plan.gone) out = removeEntry(out, 'items', g.id);
  return setSyncState(out, plan.source, syncEntry(o.state));
}

/** Sets `x-sync.<source>` to `state` (a flow mapping on one line), adding `x-sync:` at the end when absent. */
export function setSyncState(text: string, source: TrackerSource, state: Record<string, string>): string {
  const root = parseDocument(text).contents;
  const range = isMap(root) ? syncStateRange(text, root as YAMLMap, source) : undefined;
  if (range) return `${text.slice(0, range.at)}${range.render(state)}${text.slice(range.end)}`;
  return `${text.length === 0 || text.endsWith('\n') ? text : `${text}\n`}x-sync:\n${blockMapping(source, state, 2)}`;
}

/** Where `x-sync.<source>` is in the text and how to write its new value there; undefined when absent. */
function syncStateRange(text: string, root: YAMLMap, source: TrackerSource): { at: number; end: number; render: (state: Record<string, string>) => string } | undefined {
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'x-sync');
  if (!pair) return undefined;
  if (!isMap(pair.value)) throw new EditError('x-sync is not a mapping of sources; fix it by hand or remove it');
  const inner = pair.value as YAMLMap;
  const sourcePair = inner.items.find((p) => isScalar(p.key) && p.key.value === source);
  const value = sourcePair?.value as Node | null | undefined;
  if (!sourcePair || !value || !value.range) return undefined;
  if (inner.flow || (isCollection(value) && value.flow) || !isMap(value)) return { at: value.range[0], end: value.range[1], render: flowText };
  // A block mapping stays one: rewritten from its key to the end of its last value.
  const at = (sourcePair.key as Node).range![0];
  return { at, end: exactEnd(value), render: (state) => blockMapping(source, state, col(text, at)).trimStart().replace(/\n$/, '') };
}

/** A value on one line, as the importer writes it (emit.ts): in flow context, and after a block key. */
const flowText = (value: unknown): string => flow(value);
const inlineText = (value: unknown): string => (value !== null && typeof value === 'object' ? flow(value) : scalar(value));

/** The offset just past a node's last character (a block collection's range runs on into the next line). */
function exactEnd(node: Node): number {
  if (isCollection(node) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    const inner = (isPair(last) ? (last.value ?? last.key) : last) as Node;
    return exactEnd(inner);
  }
  return node.range![1];
}

const lineEnd = (text: string, i: number) => {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
};

/**
 * setEntryField for `items`, also right where a block list is involved (`after:` or `x-status-history:` written one
 * value per line): such a value is replaced by a flow list on the key's line, and a key added after an entry that
 * ends in a block list goes after the list's last line. Everything else goes to setEntryField.
 */
export function setItemField(text: string, id: string, key: string, value: FieldValue): string {
  const doc = parseDocument(text);
  const items = doc.contents && isMap(doc.contents) ? (doc.contents as YAMLMap).get('items', true) : undefined;
  const entry = isSeq(items) ? ((items as YAMLSeq).items.find((it) => isMap(it) && String((it as YAMLMap).get('id')) === id) as YAMLMap | undefined) : undefined;
  if (!entry || entry.flow) return setEntryField(text, 'items', id, key, value);
  const pair = entry.items.find((p) => isScalar(p.key) && p.key.value === key);
  const block = (n: unknown): n is Node => isCollection(n) && !n.flow && n.items.length > 0;
  if (pair && block(pair.value)) {
    const colon = text.indexOf(':', (pair.key as Node).range![1]);
    return `${text.slice(0, colon + 1)} ${flowText(value)}${text.slice(exactEnd(pair.value))}`;
  }
  const last = entry.items[entry.items.length - 1];
  if (!pair && last && block(last.value)) {
    const firstKey = entry.items[0].key as Node;
    const indent = firstKey.range![0] - (text.lastIndexOf('\n', firstKey.range![0] - 1) + 1);
    const at = lineEnd(text, exactEnd(last.value));
    const head = text.slice(0, at);
    return `${head}${head.endsWith('\n') ? '' : '\n'}${' '.repeat(indent)}${key}: ${flowText(value)}\n${text.slice(at)}`;
  }
  return setEntryField(text, 'items', id, key, value);
}

type Extent = { start: number; end: number };
type EntrySpan = Extent & { flow: boolean; keys: { key: string; at: number }[] };

const isBlankOrComment = (line: string) => {
  const t = line.trim();
  return t === '' || t.startsWith('#');
};

/** Moves `pos` (a line start) back over blank and comment-only lines: they belong to what follows. */
function trimBack(text: string, pos: number, floor: number): number {
  let p = pos;
  while (p > floor) {
    const prev = lineStartOf(text, p - 1);
    if (!isBlankOrComment(text.slice(prev, p))) break;
    p = prev;
  }
  return p;
}

/**
 * applySync's fast path for files the project's fast parser reads (program files as Vantage and TPMs write them):
 * entries and fields are found from the parser's start offsets and the block layout (an entry runs to the next
 * entry's dash, a field to the next key, less trailing blank and comment lines), so a 50,000-item file is not
 * handed to the `yaml` library. A changed field is rewritten as one `key: value` line (a comment at the end of that
 * line goes with the old value). Returns undefined when the file is outside what this path handles.
 */
function applyByLines(text: string, plan: SyncPlan, o: { prune: boolean; state: SyncState }): string | undefined {
  const fp = fastParse(text, 'all');
  if (!fp || typeof fp.value !== 'object' || fp.value === null || Array.isArray(fp.value)) return undefined;
  const root = fp.value as Record<string, unknown>;
  const rootPos = fp.positions.get(root);
  if (!rootPos?.keys) return undefined;
  const rootKeys = [...rootPos.keys.entries()].map(([key, [at]]) => ({ key, at })).sort((a, b) => a.at - b.at);
  const col = (at: number) => at - lineStartOf(text, at);
  /** The end of a top-level section: the next top-level key's line, less trailing blank and comment lines. */
  const sectionEnd = (name: string) => {
    const i = rootKeys.findIndex((k) => k.key === name);
    const next = rootKeys[i + 1];
    const raw = next ? lineStartOf(text, next.at) : text.length;
    return trimBack(text, raw === text.length && !text.endsWith('\n') ? text.length : raw, rootKeys[i].at);
  };
  const section = (name: string): { byId: Map<string, EntrySpan>; end: number; dash: number } | undefined => {
    const list = root[name];
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const pos = fp.positions.get(list);
    if (!pos?.elements || text[pos.start] !== '-') return undefined;
    const end = sectionEnd(name);
    const byId = new Map<string, EntrySpan>();
    list.forEach((e, i) => {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) return;
      const epos = fp.positions.get(e);
      const id = (e as { id?: unknown }).id;
      if (!epos?.keys || id === undefined) return;
      const start = lineStartOf(text, pos.elements![i]);
      const next = pos.elements![i + 1];
      const stop = next === undefined ? end : trimBack(text, lineStartOf(text, next), start);
      const keys = [...epos.keys.entries()].map(([key, [at]]) => ({ key, at })).sort((a, b) => a.at - b.at);
      byId.set(String(id), { start, end: Math.max(stop, lineEnd(text, start)), flow: text[epos.start] === '{', keys });
    });
    return { byId, end, dash: col(text.lastIndexOf('-', pos.elements[0])) };
  };
  const fieldExtent = (entry: EntrySpan, key: string): Extent | undefined => {
    const i = entry.keys.findIndex((k) => k.key === key);
    if (i < 0) return undefined;
    const start = lineStartOf(text, entry.keys[i].at);
    const next = entry.keys[i + 1];
    return { start, end: next ? trimBack(text, lineStartOf(text, next.at), start + 1) : entry.end };
  };

  const splices: Splice[] = [];
  const later: ((t: string) => string)[] = [];
  const add = (at: number, end: number, t: string) => splices.push({ at, end, text: t, seq: splices.length });
  const appendTo = (name: string, entries: Record<string, unknown>[]) => {
    if (entries.length === 0) return;
    const sec = section(name);
    if (!sec) for (const e of entries) later.push((t) => appendEntry(t, name, e));
    else add(sec.end, sec.end, entries.map((e) => blockEntry(e, sec.dash)).join(''));
  };

  appendTo('workstreams', plan.workstreams);
  const items = section('items');
  for (const u of plan.updated) {
    const entry = items?.byId.get(u.id);
    for (const c of u.changes) {
      const extent = entry && !entry.flow ? fieldExtent(entry, c.field) : undefined;
      const firstKey = entry?.keys[0];
      if (!entry || entry.flow || !firstKey || firstKey.key === c.field) {
        later.push((t) => setItemField(t, u.id, c.field, c.to as FieldValue));
      } else if (extent) {
        add(extent.start, extent.end, `${' '.repeat(col(entry.keys.find((k) => k.key === c.field)!.at))}${c.field}: ${inlineText(c.to)}\n`);
      } else {
        add(entry.end, entry.end, `${' '.repeat(col(firstKey.at))}${c.field}: ${inlineText(c.to)}\n`);
      }
    }
  }
  appendTo('items', plan.added as unknown as Record<string, unknown>[]);
  const gone = o.prune ? plan.gone.map((g) => g.id) : [];
  const remove = (name: string, ids: string[]) => {
    const sec = section(name);
    for (const id of ids) {
      const e = sec?.byId.get(id);
      if (!sec || !e || e.flow || sec.byId.size === ids.length) later.push((t) => removeEntry(t, name, id));
      else add(e.start, e.end, '');
    }
  };
  remove('items', gone);
  const history = section('history');
  const fresh: Record<string, unknown>[] = [];
  for (const h of plan.history) {
    const e = history?.byId.get(h.id);
    if (e && !e.flow) add(e.start, e.end, blockEntry(h, history!.dash));
    else if (e) later.push((t) => replaceEntry(t, 'history', h.id, h));
    else fresh.push(h);
  }
  appendTo('history', fresh);
  if (history) remove('history', gone.filter((id) => history.byId.has(id)));

  // x-sync.<source>: rewritten as one flow line when x-sync is a block mapping.
  const xs = root['x-sync'];
  const xpos = typeof xs === 'object' && xs !== null ? fp.positions.get(xs) : undefined;
  let syncDone = false;
  if (xpos?.keys && text[xpos.start] !== '{' && xpos.keys.has(plan.source)) {
    const keys = [...xpos.keys.entries()].map(([key, [at]]) => ({ key, at })).sort((a, b) => a.at - b.at);
    const i = keys.findIndex((k) => k.key === plan.source);
    const start = lineStartOf(text, keys[i].at);
    const end = keys[i + 1] ? trimBack(text, lineStartOf(text, keys[i + 1].at), start + 1) : sectionEnd('x-sync');
    const flowValue = text[xpos.keys.get(plan.source)![1]] === '{';
    const entry = syncEntry(o.state);
    add(start, Math.max(end, lineEnd(text, start)), flowValue ? `${' '.repeat(col(keys[i].at))}${plan.source}: ${flowText(entry)}\n` : blockMapping(plan.source, entry, col(keys[i].at)));
    syncDone = true;
  }

  splices.sort((a, b) => b.at - a.at || b.seq - a.seq);
  const parts: string[] = [];
  let cursor = text.length;
  for (const sp of splices) {
    if (sp.end > cursor) return undefined; // overlapping edits: leave it to the complete path
    parts.push(text.slice(sp.end, cursor), sp.text);
    cursor = sp.at;
  }
  parts.push(text.slice(0, cursor));
  let out = parts.reverse().join('');
  if (!out.endsWith('\n') && text.endsWith('\n')) out += '\n';
  for (const f of later) out = f(out);
  return syncDone ? out : setSyncState(out, plan.source, syncEntry(o.state));
}
