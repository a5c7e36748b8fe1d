/**
 * MSPDI (Microsoft Project XML, "Save As > XML") → a program document (the plain object of the program file format).
 *
 * Mapping:
 * - top-level summary tasks → workstreams; deeper summaries are noted on their leaf items as `x-outline` ("A / B");
 * - leaf tasks → items (Duration → estimate in working days of the project's MinutesPerDay; Duration1..3 custom
 *   fields, when all three are set and ordered, → a three-point estimate); `Milestone=1` leaves → milestones with
 *   `after` = their predecessors and `Deadline` → the committed `date`; null tasks and the project summary (UID 0)
 *   are skipped (its Deadline becomes `program.target`);
 * - PredecessorLink → `after` with lags in working days (LinkLag is tenths of minutes). Only finish-to-start exists in
 *   the format: FF/SS/SF become FS with a warning naming the task. A link from or to a summary task applies to every
 *   leaf under it; an item after a milestone waits for the milestone's own predecessors (items cannot wait for
 *   milestones in the format);
 * - work resources → people (MaxUnits → capacity), or teams when MaxUnits > 1 or IsGeneric; assignments → `needs`,
 *   the task's Contact or first assigned person → `owner`; resource calendar exceptions → the person's `off`;
 * - the project calendar's working weekdays and non-working exceptions → `program.calendar`;
 * - ActualStart/ActualFinish/PercentComplete → status doing/done with `started`/`finished` (RemainingDuration →
 *   `remaining` when it differs from the duration); Active=0 → cut; Vantage's own Text2 ("Vantage extras") gives
 *   `blocked` and a non-pert estimate distribution back;
 * - every imported entity keeps its MS Project UID (`links: {mspdi: UID}` on items, `x-mspdi` elsewhere).
 *
 * Ids: the Text1 custom field when it holds a valid unused id (Vantage writes it), else the WBS code, else `T<UID>`
 * (resources: Initials, else the name as a slug, else `R<UID>`). Imports are all-or-nothing: the caller writes
 * nothing when any diagnostic is an error.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import { isId } from '../../model/units.js';
import { durationMinutes, FIELD, lineCol, offsetOf, parseXml, type XmlNode } from './xml.js';

/** Counts of what was read, for the CLI summary and tests. */
export type MspdiStats = {
  /** `<Task>` elements in the file (the project summary task and null tasks included). */
  tasks: number;
  workstreams: number;
  items: number;
  milestones: number;
  /** Null tasks, the project summary task and deeper summary tasks (which become `x-outline`). */
  skipped: number;
  /** `<PredecessorLink>` elements in the file. */
  links: number;
  /** Dependencies written (after expanding links to summaries and through milestones). */
  dependencies: number;
  /** Links dropped (to a null, unknown or external task). */
  droppedLinks: number;
  people: number;
  teams: number;
  assignments: number;
};

export type MspdiReadResult = {
  /** The program document; absent when the file has errors. */
  doc?: Record<string, unknown>;
  diagnostics: Diagnostic[];
  stats: MspdiStats;
};

const MESSAGES = {
  'mspdi-syntax': (a: { detail: string }) => `the XML is malformed: ${a.detail}; fix the file or export it again from MS Project (File > Save As > XML)`,
  'mspdi-not-project': (a: { root: string }) =>
    `the root element is <${a.root}>, not <Project>: this is not an MS Project XML file; in MS Project use File > Save As > XML`,
  'mspdi-no-start': (_: object) => 'the project has no StartDate and no task has a Start; set the project start date in MS Project and save again',
  'mspdi-link-type': (a: { task: string; type: string }) =>
    `task '${a.task}' has a ${a.type} link; only finish-to-start exists in the program format, so it was imported as finish-to-start`,
  'mspdi-link-dropped': (a: { task: string; pred: string }) => `task '${a.task}' depends on task UID ${a.pred}, which is not in this file; the link was dropped`,
  'mspdi-lead': (a: { task: string }) => `task '${a.task}' has a negative lag (a lead); leads are not supported, so it was set to 0`,
  'mspdi-lag-format': (a: { task: string }) => `task '${a.task}' has an elapsed or percentage lag; it was converted to working days approximately`,
  'mspdi-recurring-exception': (a: { calendar: string; name: string }) =>
    `calendar '${a.calendar}' has a recurring exception '${a.name}' that is not imported; add its dates to program.calendar.holidays`,
  'mspdi-working-exception': (a: { calendar: string; name: string }) =>
    `calendar '${a.calendar}' has a working-time exception '${a.name}' (extra working days); the program calendar cannot add working days, so it was ignored`,
  'mspdi-over-allocated': (a: { task: string; resource: string; units: number; capacity: number }) =>
    `task '${a.task}' assigns ${a.resource} at ${a.units * 100}% but their capacity is ${a.capacity * 100}%; the assignment was capped`,
  'mspdi-bad-duration': (a: { task: string; value: string }) => `task '${a.task}' has duration '${a.value}', which is not a duration like PT8H0M0S; it was left without an estimate`,
} as const;

type Code = keyof typeof MESSAGES;
type Args<C extends Code> = Parameters<(typeof MESSAGES)[C]>[0];

type TaskNode = {
  uid: string;
  name: string;
  level: number;
  node: XmlNode;
  kind: 'summary' | 'item' | 'milestone' | 'skip';
  id: string;
  /** Leaves under a summary task. */
  leaves: TaskNode[];
  workstream?: string;
  outline: string[];
  after: Map<string, number>;
  cross: string[];
};

/**
 * Reads MSPDI text. Never throws for bad input: a malformed file comes back as an `mspdi-syntax` error with its line
 * and column.
 * @example readMspdi(xml, 'plan.xml').doc?.items // [{id: '1.1', title: 'Design', estimate: 5, ...}]
 */
export function readMspdi(text: string, file: string): MspdiReadResult {
  const diagnostics: Diagnostic[] = [];
  const stats: MspdiStats = { tasks: 0, workstreams: 0, items: 0, milestones: 0, skipped: 0, links: 0, dependencies: 0, droppedLinks: 0, people: 0, teams: 0, assignments: 0 };
  const report = <C extends Code>(code: C, severity: Severity, args: Args<C>, at?: unknown): void => {
    // The message table is typed per code; calling one entry needs that entry's own signature.
    const message = (MESSAGES[code] as (a: Args<C>) => string)(args);
    const offset = typeof at === 'number' ? at : offsetOf(at);
    const pos = offset === undefined ? {} : lineCol(text, offset);
    diagnostics.push({ code, severity, message, file, ...pos });
  };

  const parsed = parseXml(text);
  if (parsed.error) {
    diagnostics.push({ code: 'mspdi-syntax', severity: 'error', message: MESSAGES['mspdi-syntax']({ detail: parsed.error.message.replace(/\.$/, '') }), file, line: parsed.error.line, col: parsed.error.col });
    return { diagnostics, stats };
  }
  const root = parsed.root ?? {};
  const rootName = Object.keys(root).find((k) => !k.startsWith('?'));
  const project = rootName === 'Project' ? asNode(root.Project) : undefined;
  if (!project) {
    report('mspdi-not-project', 'error', { root: rootName ?? '(none)' }, rootOffset(text));
    return { diagnostics, stats };
  }

  const minutesPerDay = num(project.MinutesPerDay) || 480;
  const days = (minutes: number): number => round4(minutes / minutesPerDay);
  const tasks = list(asNode(project.Tasks)?.Task);
  stats.tasks = tasks.length;

  // Project start: StartDate, else the earliest task start.
  const starts = tasks.map((t) => dateOf(str(t.Start))).filter((d): d is string => d !== undefined).sort();
  const start = dateOf(str(project.StartDate)) ?? starts[0];
  if (!start) {
    report('mspdi-no-start', 'error', {}, project);
    return { diagnostics, stats };
  }

  // --- Calendars ---
  const calendars = new Map(list(asNode(project.Calendars)?.Calendar).map((c) => [str(c.UID) ?? '', c]));
  const projectCal = calendars.get(str(project.CalendarUID) ?? '') ?? [...calendars.values()].find((c) => str(c.IsBaseCalendar) === '1');
  const workdays = projectCal ? weekdaysOf(projectCal, calendars) : [...DEFAULT_WORKDAYS];
  const holidays = projectCal ? nonWorkingRanges(projectCal, (code, args, at) => report(code, 'warning', args, at)) : [];
  const holidaySet = new Set<string>();
  for (const r of holidays) for (const d of eachDate(r.from, r.to)) if (workdays.includes(weekdayOf(d))) holidaySet.add(d);

  // --- Tasks: outline, kinds, ids ---
  const nodes: TaskNode[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    const uid = str(t.UID) ?? String(i);
    const level = num(t.OutlineLevel);
    const isNull = str(t.IsNull) === '1';
    const n: TaskNode = { uid, name: str(t.Name) ?? `Task ${uid}`, level, node: t, kind: 'skip', id: '', leaves: [], outline: [], after: new Map(), cross: [] };
    if (isNull || level === 0 || uid === '0') stats.skipped++;
    else {
      let next = i + 1;
      while (next < tasks.length && str(tasks[next].IsNull) === '1') next++;
      const hasChildren = next < tasks.length && num(tasks[next].OutlineLevel) > level;
      n.kind = hasChildren || (str(t.Summary) === '1' && level === 1) ? 'summary' : str(t.Milestone) === '1' ? 'milestone' : 'item';
    }
    nodes.push(n);
  }
  const byUid = new Map(nodes.map((n) => [n.uid, n]));
  const projectTask = nodes.find((n) => n.uid === '0' || n.level === 0);

  const workIds = new Set<string>();
  const streamIds = new Set<string>();
  const pickId = (n: TaskNode, used: Set<string>): string => {
    for (const c of [ext(n.node, FIELD.text1), str(n.node.WBS)]) {
      if (c !== undefined && isId(c) && !used.has(c)) return take(used, c);
    }
    return take(used, uniqueIn(used, `T${n.uid}`));
  };

  // Outline stack: ancestors of the current task.
  const stack: TaskNode[] = [];
  for (const n of nodes) {
    if (n.kind === 'skip') continue;
    while (stack.length > 0 && stack[stack.length - 1].level >= n.level) stack.pop();
    const top = stack[0];
    if (n.kind === 'summary') {
      if (n.level === 1 || stack.length === 0) {
        n.id = pickId(n, streamIds);
        stats.workstreams++;
      } else stats.skipped++;
      stack.push(n);
      continue;
    }
    n.id = pickId(n, workIds);
    if (top && top.kind === 'summary') n.workstream = top.id;
    n.outline = stack.slice(1).map((s) => s.name);
    for (const s of stack) s.leaves.push(n);
  }

  // --- Resources ---
  const people: ({ id: string } & Record<string, unknown>)[] = [];
  const teams: Record<string, unknown>[] = [];
  const resources = new Map<string, { id: string; person: boolean; capacity: number }>();
  const resIds = new Set<string>();
  const rawResources = list(asNode(project.Resources)?.Resource).filter((r) => str(r.Name) !== undefined && (str(r.Type) ?? '1') === '1' && str(r.IsNull) !== '1');
  const initialCounts = new Map<string, number>();
  for (const r of rawResources) {
    const ini = str(r.Initials);
    if (ini) initialCounts.set(ini, (initialCounts.get(ini) ?? 0) + 1);
  }
  for (const r of rawResources) {
    const uid = str(r.UID) ?? '';
    const name = str(r.Name) ?? uid;
    const ini = str(r.Initials);
    let id: string;
    if (ini !== undefined && isId(ini) && initialCounts.get(ini) === 1 && !resIds.has(ini)) id = take(resIds, ini);
    else {
      const s = slug(name);
      id = take(resIds, uniqueIn(resIds, s && isId(s) ? s : `R${uid}`));
    }
    const maxUnits = r.MaxUnits === undefined ? 1 : num(r.MaxUnits);
    const capacity = maxUnits > 0 ? round4(maxUnits) : 1;
    if (capacity > 1 || str(r.IsGeneric) === '1') {
      teams.push({ id, name, capacity, 'x-mspdi': uid });
      resources.set(uid, { id, person: false, capacity });
      stats.teams++;
      continue;
    }
    const person: { id: string } & Record<string, unknown> = { id, name };
    const email = str(r.EmailAddress);
    if (email) person.email = email;
    if (capacity !== 1) person.capacity = capacity;
    const cal = calendars.get(str(r.CalendarUID) ?? '');
    if (cal && cal !== projectCal) {
      const off = nonWorkingRanges(cal, (code, args, at) => report(code, 'warning', args, at)).map((x) => (x.from === x.to ? x.from : [x.from, x.to]));
      if (off.length > 0) person.off = off;
    }
    person['x-mspdi'] = uid;
    people.push(person);
    resources.set(uid, { id, person: true, capacity });
    stats.people++;
  }
  const group = new Map<string, string>();
  for (const r of rawResources) {
    const res = resources.get(str(r.UID) ?? '');
    const g = str(r.Group);
    if (res?.person && g !== undefined) group.set(res.id, g);
  }
  for (const p of people) {
    const g = group.get(p.id);
    if (g !== undefined && (teams.some((t) => t.id === g) || streamIds.has(g))) p.team = g;
  }
  const personIds = new Set(people.map((p) => p.id));

  // --- Assignments ---
  const needs = new Map<string, Map<string, number>>();
  for (const a of list(asNode(project.Assignments)?.Assignment)) {
    const task = byUid.get(str(a.TaskUID) ?? '');
    const res = resources.get(str(a.ResourceUID) ?? '');
    if (!task || task.kind !== 'item' || !res) continue;
    let units = a.Units === undefined ? 1 : round4(num(a.Units));
    if (units <= 0) continue;
    if (units > res.capacity + 1e-9) {
      report('mspdi-over-allocated', 'warning', { task: task.name, resource: res.id, units, capacity: res.capacity }, a);
      units = res.capacity;
    }
    const m = needs.get(task.uid) ?? new Map<string, number>();
    m.set(res.id, Math.min(res.capacity, round4((m.get(res.id) ?? 0) + units)));
    needs.set(task.uid, m);
    stats.assignments++;
  }

  // --- Links ---
  type Target = { node: TaskNode; lag: number };
  /** What a dependency on `n` means for a successor of the given kind. */
  const targetsOf = (n: TaskNode, lag: number, forItem: boolean, seen = new Set<string>()): Target[] => {
    if (seen.has(n.uid)) return [];
    seen.add(n.uid);
    if (n.kind === 'summary') return n.leaves.flatMap((l) => targetsOf(l, lag, forItem, new Set(seen)));
    if (n.kind === 'milestone' && forItem) {
      return [...n.after].flatMap(([uid, l]) => {
        const m = byUid.get(uid);
        return m ? targetsOf(m, lag + l, true, new Set(seen)) : [];
      });
    }
    return [{ node: n, lag }];
  };

  const leafLinks: { succ: TaskNode; pred: TaskNode; lag: number }[] = [];
  for (const n of nodes) {
    for (const link of list(n.node.PredecessorLink)) {
      stats.links++;
      const predUid = str(link.PredecessorUID) ?? '';
      const cross = str(link.CrossProject) === '1' ? str(link.CrossProjectName) : undefined;
      const crossRef = cross !== undefined ? /^([A-Za-z0-9._-]+)[\\/]([A-Za-z0-9._-]+)$/.exec(cross) : null;
      if (cross !== undefined) {
        if (crossRef && n.kind !== 'skip') {
          for (const s of n.kind === 'summary' ? n.leaves : [n]) s.cross.push(`${crossRef[1]}/${crossRef[2]}`);
          continue;
        }
        stats.droppedLinks++;
        report('mspdi-link-dropped', 'warning', { task: n.name, pred: predUid }, link);
        continue;
      }
      const pred = byUid.get(predUid);
      if (n.kind === 'skip') continue;
      if (!pred || pred.kind === 'skip') {
        stats.droppedLinks++;
        report('mspdi-link-dropped', 'warning', { task: n.name, pred: predUid }, link);
        continue;
      }
      const type = str(link.Type) ?? '1';
      if (type !== '1') report('mspdi-link-type', 'warning', { task: n.name, type: LINK_TYPES[type] ?? `type ${type}` }, link);
      const lag = lagDays(link, n, pred);
      for (const s of n.kind === 'summary' ? n.leaves : [n]) leafLinks.push({ succ: s, pred, lag });
    }
  }
  function lagDays(link: XmlNode, n: TaskNode, pred: TaskNode): number {
    const raw = num(link.LinkLag) / 10; // tenths of minutes
    const format = num(link.LagFormat) || 7;
    let lag: number;
    const base = format & ~32; // 35..52 are the estimated ("?") variants
    if (base === 19 || base === 20) {
      report('mspdi-lag-format', 'warning', { task: n.name }, link);
      lag = ((num(link.LinkLag) / 10) / 100) * taskDays(pred);
    } else if ([4, 6, 8, 10, 12].includes(base)) {
      report('mspdi-lag-format', 'warning', { task: n.name }, link);
      lag = raw / 1440;
    } else lag = raw / minutesPerDay;
    if (lag < 0) {
      report('mspdi-lead', 'warning', { task: n.name }, link);
      lag = 0;
    }
    return round4(lag);
  }
  function taskDays(n: TaskNode): number {
    const d = str(n.node.Duration);
    const m = d === undefined ? undefined : durationMinutes(d, minutesPerDay);
    return m === undefined ? 0 : days(Math.max(0, m));
  }
  // Milestones first (their own `after` feeds items after them), then items.
  for (const l of leafLinks) if (l.succ.kind === 'milestone') for (const t of targetsOf(l.pred, l.lag, false)) addDep(l.succ, t);
  for (const l of leafLinks) if (l.succ.kind === 'item') for (const t of targetsOf(l.pred, l.lag, true)) addDep(l.succ, t);
  function addDep(succ: TaskNode, t: Target): void {
    if (t.node === succ) return;
    const prev = succ.after.get(t.node.uid);
    succ.after.set(t.node.uid, prev === undefined ? t.lag : Math.max(prev, t.lag));
  }

  // --- Entities ---
  const workstreams: Record<string, unknown>[] = [];
  const items: { order: number; index: number; item: Record<string, unknown> }[] = [];
  const milestones: Record<string, unknown>[] = [];
  const depsOf = (n: TaskNode): unknown[] => {
    const out: unknown[] = [];
    for (const [uid, lag] of n.after) {
      const p = byUid.get(uid);
      if (!p) continue;
      out.push(lag > 0 ? { id: p.id, lag } : p.id);
    }
    out.push(...n.cross);
    stats.dependencies += out.length;
    return out;
  };
  nodes.forEach((n, index) => {
    if (n.kind === 'summary' && n.id !== '') {
      const lead = str(n.node.Contact);
      workstreams.push({ id: n.id, title: n.name, ...(lead !== undefined && personIds.has(lead) ? { lead } : {}), 'x-mspdi': n.uid });
    } else if (n.kind === 'milestone') {
      const m: Record<string, unknown> = { id: n.id, title: n.name };
      const after = depsOf(n);
      if (after.length > 0) m.after = after;
      const deadline = dateOf(str(n.node.Deadline));
      if (deadline) m.date = deadline;
      m['x-mspdi'] = n.uid;
      milestones.push(m);
      stats.milestones++;
    } else if (n.kind === 'item') {
      items.push({ order: ext(n.node, FIELD.number1) !== undefined ? num(ext(n.node, FIELD.number1)) : Number.NaN, index, item: itemOf(n) });
      stats.items++;
    }
  });
  function itemOf(n: TaskNode): Record<string, unknown> {
    const t = n.node;
    const item: Record<string, unknown> = { id: n.id, title: n.name };
    if (n.workstream) item.workstream = n.workstream;
    const assigned = needs.get(n.uid);
    const contact = str(t.Contact);
    const owner = contact !== undefined && personIds.has(contact) ? contact : assigned ? [...assigned.keys()].find((k) => personIds.has(k)) : undefined;
    if (owner) item.owner = owner;
    const ownerCap = owner ? (resources.get([...resources.entries()].find(([, r]) => r.id === owner)?.[0] ?? '')?.capacity ?? 1) : 1;
    const derived = owner !== undefined && assigned !== undefined && assigned.size === 1 && Math.abs((assigned.get(owner) ?? -1) - Math.min(1, ownerCap)) < 1e-9;
    if (!derived && (assigned !== undefined || owner !== undefined)) item.needs = Object.fromEntries(assigned ?? []);
    const durText = str(t.Duration);
    const durMin = durText === undefined ? undefined : durationMinutes(durText, minutesPerDay);
    if (durText !== undefined && durMin === undefined) report('mspdi-bad-duration', 'warning', { task: n.name, value: durText }, t);
    const extras = Object.fromEntries((ext(t, FIELD.text2) ?? '').split(/\s+/).map((kv) => kv.split('=')).filter((kv) => kv.length === 2));
    if (extras.dist !== undefined && !['pert', 'triangular', 'lognormal'].includes(extras.dist)) delete extras.dist;
    const three = [FIELD.duration1, FIELD.duration2, FIELD.duration3].map((f) => {
      const v = ext(t, f);
      const m = v === undefined ? undefined : durationMinutes(v, minutesPerDay);
      return m === undefined ? undefined : days(m);
    });
    if (three.every((v) => v !== undefined) && three[0]! <= three[1]! && three[1]! <= three[2]! && three[2]! > three[0]!) {
      item.estimate = { low: three[0], likely: three[1], high: three[2], ...(extras.dist ? { dist: extras.dist } : {}) };
    } else if (durMin !== undefined) item.estimate = days(Math.max(0, durMin));
    const after = depsOf(n);
    if (after.length > 0) item.after = after;
    const pct = num(t.PercentComplete);
    const actualStart = dateOf(str(t.ActualStart));
    const actualFinish = dateOf(str(t.ActualFinish));
    if (str(t.Active) === '0') item.status = 'cut';
    else if (extras.status === 'blocked' && pct === 0 && !actualStart) item.status = 'blocked';
    else if (pct >= 100 || actualFinish) {
      item.status = 'done';
      const s = actualStart ?? dateOf(str(t.Start));
      if (s) item.started = s;
      const f = actualFinish ?? dateOf(str(t.Finish));
      if (f) item.finished = f;
    } else if (actualStart || pct > 0) {
      item.status = 'doing';
      const s = actualStart ?? dateOf(str(t.Start));
      if (s) item.started = s;
      const rem = str(t.RemainingDuration);
      const remMin = rem === undefined ? undefined : durationMinutes(rem, minutesPerDay);
      if (remMin !== undefined && durMin !== undefined && Math.abs(remMin - durMin) > 1e-6) item.remaining = days(Math.max(0, remMin));
    }
    if (n.outline.length > 0) item['x-outline'] = n.outline.join(' / ');
    item.links = { mspdi: n.uid };
    return item;
  }
  // Vantage writes each item's file position (Number1): keep that order when every item has one.
  if (items.length > 0 && items.every((x) => Number.isFinite(x.order))) items.sort((a, b) => a.order - b.order || a.index - b.index);

  // The file name is the id when it is one (Vantage writes `<id>.xml`), else its slug, else the title's.
  const base = str(project.Name)?.replace(/\.(xml|mpp)$/i, '') ?? '';
  const programId = isId(base) ? base : slug(base) || slug(str(project.Title) ?? '');
  const info: Record<string, unknown> = {
    id: isId(programId) ? programId : 'imported',
    name: str(project.Title) ?? str(project.Name) ?? 'Imported project',
  };
  info.start = start;
  const target = projectTask ? dateOf(str(projectTask.node.Deadline)) : undefined;
  if (target) info.target = target;
  const manager = str(project.Manager);
  if (manager !== undefined && personIds.has(manager)) info.tpm = manager;
  info.calendar = { workdays, holidays: [...holidaySet].sort() };

  const doc: Record<string, unknown> = { vantage: 1, program: info };
  if (people.length > 0) doc.people = people;
  if (teams.length > 0) doc.teams = teams;
  if (workstreams.length > 0) doc.workstreams = workstreams;
  doc.items = items.map((x) => x.item);
  if (milestones.length > 0) doc.milestones = milestones;
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { doc: diagnostics.some((d) => d.severity === 'error') ? undefined : doc, diagnostics, stats };
}

/** Offset of the root element's `<` (after the prolog, comments and doctype), or 0. */
function rootOffset(text: string): number {
  const blanked = text.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g, (m) => ' '.repeat(m.length));
  const i = blanked.search(/<[A-Za-z_]/);
  return i < 0 ? 0 : i;
}

const LINK_TYPES: Record<string, string> = { '0': 'finish-to-finish', '2': 'start-to-finish', '3': 'start-to-start' };

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAY_NAMES)[number];
const DEFAULT_WORKDAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** The working weekdays of a calendar (MSPDI DayType 1 = Sunday .. 7 = Saturday), inheriting from its base. */
function weekdaysOf(cal: XmlNode, calendars: Map<string, XmlNode>, depth = 0): Day[] {
  const base = calendars.get(str(cal.BaseCalendarUID) ?? '');
  const working = new Map<Day, boolean>();
  const inherited = base && base !== cal && depth < 5 ? weekdaysOf(base, calendars, depth + 1) : DEFAULT_WORKDAYS;
  for (const d of DAY_NAMES) working.set(d, inherited.includes(d));
  for (const wd of list(asNode(cal.WeekDays)?.WeekDay)) {
    const type = num(wd.DayType);
    if (type >= 1 && type <= 7) working.set(DAY_NAMES[type - 1], str(wd.DayWorking) === '1');
  }
  const order: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  return order.filter((d) => working.get(d));
}

type Warn = (code: 'mspdi-recurring-exception' | 'mspdi-working-exception', args: { calendar: string; name: string }, at: unknown) => void;

/** Non-working date ranges of a calendar: its Exceptions (2007+) and legacy DayType 0 WeekDays. */
function nonWorkingRanges(cal: XmlNode, warn: Warn): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  const calendar = str(cal.Name) ?? `UID ${str(cal.UID) ?? '?'}`;
  const seen = new Set<string>();
  const add = (from: string | undefined, to: string | undefined) => {
    if (!from) return;
    const r = { from, to: to && to >= from ? to : from };
    const key = `${r.from}/${r.to}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  };
  for (const e of list(asNode(cal.Exceptions)?.Exception)) {
    const name = str(e.Name) ?? 'unnamed';
    const period = asNode(e.TimePeriod);
    const type = str(e.Type) ?? '1';
    if (str(e.DayWorking) === '1') {
      warn('mspdi-working-exception', { calendar, name }, e);
      continue;
    }
    const from = dateOf(str(period?.FromDate));
    const to = dateOf(str(period?.ToDate));
    if (type === '1' || !from || !to) {
      add(from, to);
      continue;
    }
    const dates = recurrenceDates(e, from, to);
    if (!dates) {
      warn('mspdi-recurring-exception', { calendar, name }, e);
      continue;
    }
    for (const d of dates) add(d, d);
  }
  for (const wd of list(asNode(cal.WeekDays)?.WeekDay)) {
    if (num(wd.DayType) !== 0) continue;
    const period = asNode(wd.TimePeriod);
    if (str(wd.DayWorking) === '1') {
      warn('mspdi-working-exception', { calendar, name: dateOf(str(period?.FromDate)) ?? '?' }, wd);
      continue;
    }
    add(dateOf(str(period?.FromDate)), dateOf(str(period?.ToDate)));
  }
  return out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * The dates of a recurring calendar exception from `from` to `to` (MSPDI Type 7 every Period days, 6 every Period
 * weeks on the DaysOfWeek bits (1 = Sunday .. 64 = Saturday), 4/5 every Period months on MonthDay or on the
 * MonthPosition-th (0 first .. 4 last) MonthItem weekday (3 = Sunday .. 9 = Saturday), 2/3 yearly in Month (0 =
 * January) likewise), or undefined for a pattern it does not know.
 */
function recurrenceDates(e: XmlNode, from: string, to: string): string[] | undefined {
  const type = str(e.Type);
  const period = Math.max(1, num(e.Period) || 1);
  const start = Date.parse(`${from}T00:00:00Z`);
  const all = eachDate(from, to);
  const dayIndex = (d: string) => Math.round((Date.parse(`${d}T00:00:00Z`) - start) / 86_400_000);
  const parts = (d: string) => ({ y: Number(d.slice(0, 4)), m: Number(d.slice(5, 7)) - 1, day: Number(d.slice(8, 10)), wd: new Date(`${d}T00:00:00Z`).getUTCDay() });
  const f = parts(from);
  const monthsSince = (d: string) => (parts(d).y - f.y) * 12 + parts(d).m - f.m;
  /** True when `d` is the position-th (0..3, 4 = last) `weekday` of its month. */
  const nth = (d: string, weekday: number, position: number): boolean => {
    const p = parts(d);
    if (p.wd !== weekday) return false;
    if (position === 4) return p.day + 7 > new Date(Date.UTC(p.y, p.m + 1, 0)).getUTCDate();
    return Math.floor((p.day - 1) / 7) === position;
  };
  const item = num(e.MonthItem) - 3;
  const position = num(e.MonthPosition);
  switch (type) {
    case '7':
      return all.filter((d) => dayIndex(d) % period === 0);
    case '6': {
      const mask = num(e.DaysOfWeek);
      const weekStart = start - f.wd * 86_400_000;
      return all.filter((d) => {
        const week = Math.floor((Date.parse(`${d}T00:00:00Z`) - weekStart) / (7 * 86_400_000));
        return week % period === 0 && (mask & (1 << parts(d).wd)) !== 0;
      });
    }
    case '4':
      return all.filter((d) => monthsSince(d) % period === 0 && parts(d).day === num(e.MonthDay));
    case '5':
      if (item < 0 || item > 6) return undefined;
      return all.filter((d) => monthsSince(d) % period === 0 && nth(d, item, position));
    case '2':
      return all.filter((d) => parts(d).m === num(e.Month) && parts(d).day === num(e.MonthDay));
    case '3':
      if (item < 0 || item > 6) return undefined;
      return all.filter((d) => parts(d).m === num(e.Month) && nth(d, item, position));
    default:
      return undefined;
  }
}

/** Dates from..to inclusive (at most 10 years, so a bad range cannot run away). */
function eachDate(from: string, to: string): string[] {
  const out: string[] = [];
  const t = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let d = t, n = 0; d <= end && n < 3660; d += 86_400_000, n++) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

function weekdayOf(date: string): Day {
  return DAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()];
}

function asNode(v: unknown): XmlNode | undefined {
  // An object from the XML parser is an element node.
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : undefined;
}

function list(v: unknown): XmlNode[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is XmlNode => x !== null && typeof x === 'object');
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function num(v: unknown): number {
  const n = Number(str(v) ?? Number.NaN);
  return Number.isFinite(n) ? n : 0;
}

/** A custom field's value on a task (`ExtendedAttribute` with this FieldID). */
function ext(node: XmlNode, fieldId: string): string | undefined {
  for (const a of list(node.ExtendedAttribute)) if (str(a.FieldID) === fieldId) return str(a.Value);
  return undefined;
}

function dateOf(v: string | undefined): string | undefined {
  const m = v === undefined ? null : /^(\d{4}-\d{2}-\d{2})/.exec(v);
  return m ? m[1] : undefined;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** "Bo Chen" → "bo-chen". */
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function uniqueIn(used: Set<string>, base: string): string {
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

function take(used: Set<string>, id: string): string {
  used.add(id);
  return id;
}
