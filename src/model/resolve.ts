/**
 * ProgramDoc -> Program: applies units and defaults and checks everything the shape cannot: duplicate ids,
 * references (with "did you mean"), dependency and objective cycles, resource needs against capacity, date order,
 * estimate order; and, for portfolios, cross-program references and cycles.
 *
 * Input is plain data as parsed (JSON or YAML), possibly invalid: the shape is validated first (validate.ts) and
 * this pass reads defensively, so one run reports every problem of a file. Values that failed the shape check are
 * treated as absent here, so they are not reported twice.
 *
 * Defaults (format doc): confidence 0.85, workdays mon-fri, prioritize wsjf, status todo, kind risk, risk status
 * open, weight 1, person and team capacity 1, dist pert, and needs = {owner: min(1, owner capacity)} when an item has
 * an owner and no `needs` (needsExplicit false). Names and titles default to the id.
 */
import { hasErrors, type Diagnostic } from './diagnostic.js';
import { csr, findCycles } from './graph.js';
import { SECTION_NOUNS, type ReferenceKind } from './messages.js';
import type {
  CalendarSpec,
  DateRange,
  Decision,
  Dependency,
  Estimate,
  HistoryEntry,
  Item,
  ItemStatus,
  Lesson,
  MetricSpec,
  Milestone,
  Objective,
  Person,
  Program,
  ProgramInfo,
  Raci,
  Risk,
  SourceLoc,
  Stakeholder,
  Team,
  TimeSpec,
  Weekday,
  Workstream,
} from './program.js';
import { isExtensionKey, ProgramDocSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { checkRules } from './risk-rules.js';
import { estimateOrderProblem, isId, parseDate, parseDepRef, parseDuration, parseEstimate } from './units.js';
import { DiagnosticSink, validateShape, type Locate, type Path } from './validate.js';

export type { Locate, Path, Position } from './validate.js';

export type ResolveOptions = {
  /** The file name diagnostics and locations carry. */
  file: string;
  /** Positions of places in the source (from the parser). */
  locate: Locate;
  /** History entries read from the CSV file that `history` names (by the file loader). */
  historyFromFile?: HistoryEntry[];
  /** Part of a portfolio: cross-program dependencies are checked by `linkPortfolio`, not warned about here. */
  inPortfolio?: boolean;
};

export type ResolveResult = {
  /** Set only when there is no error (warnings allowed). */
  program?: Program;
  diagnostics: Diagnostic[];
};

/** Validates and resolves one program document. */
export function resolveProgram(raw: unknown, options: ResolveOptions): ResolveResult {
  const r = resolveProgramPartial(raw, options);
  return hasErrors(r.diagnostics) ? { diagnostics: r.diagnostics } : { program: r.program, diagnostics: r.diagnostics };
}

/**
 * Like `resolveProgram`, but also returns the program built despite errors (for a portfolio, whose cross-program
 * checks need every program's ids even when one has a typo). `program` is undefined only when the document is not
 * a mapping at all.
 */
export function resolveProgramPartial(raw: unknown, options: ResolveOptions): { program?: Program; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(options.file, options.locate);
  if (raw === null || raw === undefined) {
    sink.add('empty-file', [], {});
    return { diagnostics: sink.list };
  }
  if (!isObj(raw)) {
    sink.add('wrong-type', [], { where: '', field: 'the file', expected: "a mapping with 'vantage: 1' and 'program:'", actual: 'a list or a single value' });
    return { diagnostics: sink.list };
  }
  validateShape(ProgramDocSchema, raw, sink);
  const program = new Resolver(raw, options, sink).run();
  return { program, diagnostics: sortDiagnostics(sink.list) };
}

/**
 * Diagnostics in reading order: by file (in `files` order, then as first seen), then line and column; unpositioned
 * ones last in their file.
 */
export function sortDiagnostics(list: Diagnostic[], files: readonly string[] = []): Diagnostic[] {
  const fileOrder = new Map<string | undefined, number>();
  for (const f of files) if (!fileOrder.has(f)) fileOrder.set(f, fileOrder.size);
  for (const d of list) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
  return list
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        fileOrder.get(a.d.file)! - fileOrder.get(b.d.file)! ||
        (a.d.line ?? Infinity) - (b.d.line ?? Infinity) ||
        (a.d.col ?? Infinity) - (b.d.col ?? Infinity) ||
        a.i - b.i,
    )
    .map((x) => x.d);
}

type Obj = Record<string, unknown>;
type Entry = { index: number; kind: string; section: string };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback; // checked just before
}
function optOneOf<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined; // checked just before
}

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DEFAULT_WORKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const ITEM_STATUSES: readonly ItemStatus[] = ['todo', 'doing', 'done', 'blocked', 'cut'];
const EPSILON = 1e-9;

/** Ids of one list, with "did you mean" candidates. */
type IdTable = Map<string, Entry>;

class Resolver {
  private readonly objectives: IdTable = new Map();
  private readonly people: IdTable = new Map();
  private readonly teams: IdTable = new Map();
  private readonly work: IdTable = new Map(); // items and milestones: one namespace, as milestones wait for either
  private readonly workstreams: IdTable = new Map();
  private readonly risks: IdTable = new Map();
  private readonly decisions: IdTable = new Map();
  private readonly lessons: IdTable = new Map();
  private readonly stakeholders: IdTable = new Map();
  private readonly capacity = new Map<string, { kind: 'person' | 'team'; capacity: number }>();
  private programId = '';
  private readonly rawIndex = new Map<string, number[]>();
  /** Local dependency edges by file position (index in the section's list), for the cycle search. */
  private readonly itemEdges = { from: [] as number[], to: [] as number[] };
  private readonly milestoneEdges = { from: [] as number[], to: [] as number[] };

  constructor(
    private readonly doc: Obj,
    private readonly options: ResolveOptions,
    private readonly sink: DiagnosticSink,
  ) {}

  run(): Program {
    const d = this.doc;
    const info = this.programInfo();
    this.programId = info.id;
    this.register('objectives', this.objectives);
    this.register('people', this.people);
    this.register('teams', this.teams);
    this.register('items', this.work);
    this.register('milestones', this.work);
    this.register('workstreams', this.workstreams);
    this.register('risks', this.risks);
    this.register('decisions', this.decisions);
    this.register('lessons', this.lessons);
    this.register('stakeholders', this.stakeholders);
    this.checkResourceClash();
    this.ref(this.people, info.tpm, new Ent('program', -1), 'tpm', 'tpm');

    const people = this.mapSection('people', (e, i) => this.person(e, i));
    const teams = this.mapSection('teams', (e, i) => this.team(e, i));
    for (const p of people) if (!this.capacity.has(p.id)) this.capacity.set(p.id, { kind: 'person', capacity: p.capacity });
    for (const t of teams) if (!this.capacity.has(t.id)) this.capacity.set(t.id, { kind: 'team', capacity: t.capacity });
    const objectives = this.mapSection('objectives', (e, i) => this.objective(e, i));
    this.objectiveCycles(objectives);
    const workstreams = this.mapSection('workstreams', (e, i) => this.workstream(e, i));
    const items = this.mapSection('items', (e, i) => this.item(e, i));
    this.afterCycles('items', items);
    const milestones = this.mapSection('milestones', (e, i) => this.milestone(e, i));
    this.afterCycles('milestones', milestones);
    const risks = this.mapSection('risks', (e, i) => this.risk(e, i));
    const decisions = this.mapSection('decisions', (e, i) => this.decision(e, i));
    this.supersedeCycles(decisions);
    const lessons = this.mapSection('lessons', (e, i) => this.lesson(e, i));
    const stakeholders = this.mapSection('stakeholders', (e, i) => this.stakeholder(e, i));

    const extensions: Record<string, unknown> = {};
    if (isObj(d.rules)) {
      checkRules(d.rules, this.sink);
      extensions.rules = d.rules;
    }
    for (const key of Object.keys(d)) if (isExtensionKey(key)) extensions[key] = d[key];

    return {
      version: 1,
      file: this.options.file,
      program: info,
      objectives,
      people,
      teams,
      workstreams,
      items,
      milestones,
      risks,
      decisions,
      lessons,
      stakeholders,
      time: this.time(),
      history: this.history(),
      extensions,
    };
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  private loc(path: Path): SourceLoc {
    const pos = this.sink.position(path);
    return { file: this.options.file, line: pos.line, col: pos.col };
  }

  private register(section: string, table: IdTable): void {
    const kind = SECTION_NOUNS[section];
    list(this.doc[section]).forEach((e, index) => {
      if (!isObj(e) || typeof e.id !== 'string') return;
      const first = table.get(e.id);
      if (first) {
        this.sink.add('duplicate-id', [section, index, 'id'], {
          kind,
          id: e.id,
          firstKind: first.kind,
          line: this.sink.line([first.section, first.index, 'id']),
        });
        return;
      }
      table.set(e.id, { index, kind, section });
    });
  }

  private checkResourceClash(): void {
    for (const [id, team] of this.teams) {
      const person = this.people.get(id);
      if (person) this.sink.add('resource-id-clash', ['teams', team.index, 'id'], { id, line: this.sink.line(['people', person.index, 'id']) });
    }
  }

  /** Builds the entities of a list section; `rawIndex[section][k]` is the file position of the k-th one built. */
  private mapSection<T>(section: string, build: (e: Obj, index: number) => T): T[] {
    const out: T[] = [];
    const indices: number[] = [];
    list(this.doc[section]).forEach((e, i) => {
      if (isObj(e) && typeof e.id === 'string') {
        out.push(build(e, i));
        indices.push(i);
      }
    });
    this.rawIndex.set(section, indices);
    return out;
  }

  /**
   * Checks a reference `id` made by the entity `ent` at `ent.base + [f1, f2, f3]`; true when it resolves. The path is
   * built only for a diagnostic: this runs for every reference of every item.
   */
  private ref(table: IdTable, id: unknown, ent: Ent, kind: ReferenceKind, f1: string | number, f2?: string | number, f3?: string | number): boolean {
    if (typeof id !== 'string') return false;
    if (table.has(id)) return true;
    // An entity is never the suggested parent or predecessor of itself.
    const suggestion = didYouMean(id, table.keys(), ent.id);
    this.sink.add('unknown-ref', at(ent, f1, f2, f3), { where: ent.where, kind, target: id, suggestion });
    return false;
  }

  /** A list of ids (or a single id) at `ent.base + [field]`, checked against `table`; returns the strings. */
  private refs(table: IdTable, v: unknown, ent: Ent, kind: ReferenceKind, field: string, sub?: string): string[] {
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') {
      if (sub === undefined) this.ref(table, v, ent, kind, field);
      else this.ref(table, v, ent, kind, field, sub);
      return [v];
    }
    const out: string[] = [];
    if (!Array.isArray(v)) return out;
    for (let j = 0; j < v.length; j++) {
      const id: unknown = v[j];
      if (typeof id !== 'string') continue;
      if (sub === undefined) this.ref(table, id, ent, kind, field, j);
      else this.ref(table, id, ent, kind, field, sub, j);
      out.push(id);
    }
    return out;
  }

  private member(id: string, ent: Ent, role: string, j?: number): void {
    if (this.people.has(id) || this.stakeholders.has(id)) return;
    this.sink.add('unknown-ref', at(ent, 'raci', role, j), {
      where: ent.where,
      kind: 'raci',
      target: id,
      suggestion: didYouMean(id, [...this.people.keys(), ...this.stakeholders.keys()]),
    });
  }

  private raci(v: unknown, ent: Ent): Partial<Raci> | undefined {
    if (!isObj(v)) return undefined;
    const out: Partial<Raci> = {};
    for (const role of ['r', 'c', 'i'] as const) {
      const x = v[role];
      if (x === undefined || x === null) continue;
      if (typeof x === 'string') {
        this.member(x, ent, role);
        out[role] = [x];
        continue;
      }
      const ids: string[] = [];
      list(x).forEach((id, j) => {
        if (typeof id !== 'string') return;
        this.member(id, ent, role, j);
        ids.push(id);
      });
      out[role] = ids;
    }
    if (typeof v.a === 'string') {
      this.member(v.a, ent, 'a');
      out.a = v.a;
    }
    return out;
  }

  private estimate(v: unknown, ent: Ent, field: string): Estimate | undefined {
    if (v === undefined || v === null) return undefined;
    const e = parseEstimate(v);
    if (e && e.dist !== 'fixed' && isObj(v)) {
      const problem = estimateOrderProblem(e);
      if (problem) {
        this.sink.add('estimate-order', at(ent, field), { where: ent.where, field, low: show(v.low), likely: show(v.likely), high: show(v.high), problem });
      }
    }
    return e;
  }

  // --- sections --------------------------------------------------------------------------------------------------

  private programInfo(): ProgramInfo {
    const p = isObj(this.doc.program) ? this.doc.program : {};
    const cal = isObj(p.calendar) ? p.calendar : {};
    let workdays = [...DEFAULT_WORKDAYS];
    if (Array.isArray(cal.workdays)) {
      workdays = cal.workdays.filter((w): w is Weekday => (WEEKDAYS as readonly unknown[]).includes(w));
      if (cal.workdays.length === 0) this.sink.add('no-workdays', ['program', 'calendar', 'workdays'], {});
    }
    const calendar: CalendarSpec = {
      workdays,
      holidays: list(cal.holidays).flatMap((h) => parseDate(h) ?? []),
    };
    const id = str(p.id) ?? '';
    return {
      id,
      name: str(p.name) ?? id,
      start: parseDate(p.start) ?? '',
      target: parseDate(p.target),
      confidence: num(p.confidence) ?? 0.85,
      tpm: str(p.tpm),
      calendar,
      prioritize: oneOf(p.prioritize, ['wsjf', 'rice', 'value'] as const, 'wsjf'),
    };
  }

  private objective(e: Obj, i: number): Objective {
    const id = e.id as string; // mapSection passes only entries with a string id
    const ent = entity('objectives', i, id);
    this.ref(this.objectives, e.parent, ent, 'parent', 'parent');
    let metric: MetricSpec | undefined;
    if (isObj(e.metric) && typeof e.metric.name === 'string') {
      const m = e.metric;
      metric = { name: m.name as string, unit: str(m.unit), baseline: num(m.baseline), target: num(m.target), current: num(m.current) };
    }
    return {
      id,
      title: str(e.title) ?? id,
      parent: str(e.parent),
      weight: num(e.weight) ?? 1,
      due: parseDate(e.due),
      metric,
      loc: this.loc(ent.base),
    };
  }

  private person(e: Obj, i: number): Person {
    const id = e.id as string;
    const ent = entity('people', i, id);
    // A person's team is a resource pool (teams) or the delegated area they work in (workstreams).
    if (typeof e.team === 'string' && !this.teams.has(e.team) && !this.workstreams.has(e.team)) {
      const suggestion = didYouMean(e.team, [...this.teams.keys(), ...this.workstreams.keys()]);
      this.sink.add('unknown-ref', at(ent, 'team'), { where: ent.where, kind: 'team', target: e.team, suggestion });
    }
    const off: DateRange[] = [];
    list(e.off).forEach((r, j) => {
      if (typeof r === 'string') {
        const d = parseDate(r);
        if (d) off.push({ from: d, to: d });
        return;
      }
      const [from, to] = [parseDate(list(r)[0]), parseDate(list(r)[1])];
      if (from === undefined || to === undefined) return;
      if (from > to) this.sink.add('bad-range', at(ent, 'off', j), { where: ent.where, field: `off[${j}]`, from, to });
      else off.push({ from, to });
    });
    return {
      id,
      name: str(e.name) ?? id,
      role: str(e.role),
      team: str(e.team),
      capacity: num(e.capacity) ?? 1,
      skills: list(e.skills).filter((s): s is string => typeof s === 'string'),
      off,
      email: str(e.email),
      loc: this.loc(ent.base),
    };
  }

  private team(e: Obj, i: number): Team {
    const id = e.id as string;
    return { id, name: str(e.name) ?? id, capacity: num(e.capacity) ?? 1, loc: this.loc(['teams', i]) };
  }

  private workstream(e: Obj, i: number): Workstream {
    const id = e.id as string;
    const ent = entity('workstreams', i, id);
    this.ref(this.people, e.lead, ent, 'lead', 'lead');
    return {
      id,
      title: str(e.title) ?? id,
      lead: str(e.lead),
      objectives: this.refs(this.objectives, e.objectives, ent, 'objective', 'objectives'),
      raci: this.raci(e.raci, ent),
      loc: this.loc(ent.base),
    };
  }

  /** Dependencies of an item or a milestone. Local ones are checked; cross-program ones kept with their location. */
  private dependencies(v: unknown, ent: Ent, forItem: boolean): Dependency[] {
    if (v === undefined || v === null) return [];
    const single = typeof v === 'string';
    const entries: unknown[] = single ? [v] : Array.isArray(v) ? v : [];
    const out: Dependency[] = [];
    for (let j = 0; j < entries.length; j++) {
      const entry = entries[j];
      let refText: unknown = entry;
      let lag = 0;
      const obj = isObj(entry);
      if (obj) {
        refText = entry.id;
        if (entry.lag !== undefined && entry.lag !== null) lag = parseDuration(entry.lag) ?? 0;
      }
      if (typeof refText !== 'string') continue;
      const slash = refText.indexOf('/');
      let id = refText;
      if (slash >= 0) {
        const ref = parseDepRef(refText);
        if (!ref) continue;
        if (ref.program !== this.programId) {
          const path = depPath(ent, single, j, obj);
          const dep: Dependency = { id: ref.id, program: ref.program, lag, loc: this.loc(path) };
          if (!this.options.inPortfolio) this.sink.add('cross-program-ref', path, { where: ent.where, target: refText, program: ref.program! });
          out.push(dep);
          continue;
        }
        id = ref.id;
      }
      const target = this.work.get(id);
      if (!target) {
        if (!isId(id)) continue; // a malformed id: reported by the shape check
        const kind = forItem ? 'depends-on' : 'waits-for';
        const candidates = forItem ? this.itemIds() : this.work.keys();
        this.sink.add('unknown-ref', depPath(ent, single, j, obj), { where: ent.where, kind, target: id, suggestion: didYouMean(id, candidates, ent.id) });
        continue;
      }
      if (forItem && target.kind === 'milestone') {
        this.sink.add('milestone-dependency', depPath(ent, single, j, obj), { where: ent.where, target: id });
        continue;
      }
      // An edge for the cycle search, between file positions of the same section (milestone -> milestone only).
      if (forItem || target.kind === 'milestone') {
        const edges = forItem ? this.itemEdges : this.milestoneEdges;
        edges.from.push(ent.index);
        edges.to.push(target.index);
      }
      out.push({ id, lag });
    }
    return out;
  }

  private *itemIds(): Iterable<string> {
    for (const [id, e] of this.work) if (e.kind === 'item') yield id;
  }

  private item(e: Obj, i: number): Item {
    // One pass over the keys present (items have a few of their ~20 fields; reading every field of 100,000
    // differently shaped objects is the slowest part of loading).
    let title: unknown, workstream: unknown, owner: unknown, needsRaw: unknown, estimateRaw: unknown, afterRaw: unknown;
    let objectivesRaw: unknown, must: unknown, value: unknown, timeCriticality: unknown, riskReduction: unknown;
    let reach: unknown, impact: unknown, confidence: unknown, statusRaw: unknown, startedRaw: unknown, finishedRaw: unknown;
    let remainingRaw: unknown, raciRaw: unknown, tagsRaw: unknown, linksRaw: unknown;
    for (const k in e) {
      const v = e[k];
      switch (k) {
        case 'title': title = v; break;
        case 'workstream': workstream = v; break;
        case 'owner': owner = v; break;
        case 'needs': needsRaw = v; break;
        case 'estimate': estimateRaw = v; break;
        case 'after': afterRaw = v; break;
        case 'objectives': objectivesRaw = v; break;
        case 'must': must = v; break;
        case 'value': value = v; break;
        case 'time_criticality': timeCriticality = v; break;
        case 'risk_reduction': riskReduction = v; break;
        case 'reach': reach = v; break;
        case 'impact': impact = v; break;
        case 'confidence': confidence = v; break;
        case 'status': statusRaw = v; break;
        case 'started': startedRaw = v; break;
        case 'finished': finishedRaw = v; break;
        case 'remaining': remainingRaw = v; break;
        case 'raci': raciRaw = v; break;
        case 'tags': tagsRaw = v; break;
        case 'links': linksRaw = v; break;
      }
    }
    const id = e.id as string; // mapSection passes only entries with a string id
    const ent = new Ent('items', i, id);
    this.ref(this.workstreams, workstream, ent, 'workstream', 'workstream');
    const ownerId = str(owner);
    this.ref(this.people, ownerId, ent, 'owner', 'owner');

    let needs: Record<string, number> = {};
    let needsExplicit = false;
    if (isObj(needsRaw)) {
      needsExplicit = true;
      for (const resource in needsRaw) {
        if (isExtensionKey(resource)) continue;
        const u = num(needsRaw[resource]);
        const res = this.capacity.get(resource);
        if (!res) {
          this.sink.add('unknown-resource', at(ent, 'needs', resource), { where: ent.where, target: resource, suggestion: didYouMean(resource, this.capacity.keys()) }, 'key');
          continue;
        }
        if (u === undefined || u <= 0) continue;
        if (u > res.capacity + EPSILON) {
          this.sink.add('needs-over-capacity', at(ent, 'needs', resource), { where: ent.where, units: u, kind: res.kind, target: resource, capacity: res.capacity });
        }
        needs[resource] = u;
      }
    } else if (ownerId !== undefined) {
      const res = this.capacity.get(ownerId);
      needs = { [ownerId]: Math.min(1, res?.capacity ?? 1) };
    }

    const status = statusRaw === undefined ? 'todo' : oneOf(statusRaw, ITEM_STATUSES, 'todo');
    const started = startedRaw === undefined ? undefined : parseDate(startedRaw);
    const finished = finishedRaw === undefined ? undefined : parseDate(finishedRaw);
    if (started !== undefined && finished !== undefined && started > finished) {
      this.sink.add('date-order', at(ent, 'finished'), { where: ent.where, first: 'started', firstDate: started, second: 'finished', secondDate: finished });
    }
    const remaining = this.estimate(remainingRaw, ent, 'remaining');
    if (remainingRaw !== undefined && remainingRaw !== null && status !== 'doing' && status !== 'done' && started === undefined) {
      this.sink.add('remaining-not-started', at(ent, 'remaining'), { where: ent.where });
    }
    const links: Record<string, string> = {};
    if (isObj(linksRaw)) for (const k in linksRaw) {
      const v = linksRaw[k];
      if (typeof v === 'string' || typeof v === 'number') links[k] = String(v);
    }

    return {
      id,
      title: str(title) ?? id,
      workstream: str(workstream),
      owner: ownerId,
      needs,
      needsExplicit,
      estimate: this.estimate(estimateRaw, ent, 'estimate'),
      after: this.dependencies(afterRaw, ent, true),
      objectives: this.refs(this.objectives, objectivesRaw, ent, 'objective', 'objectives'),
      must: must === true,
      value: num(value),
      timeCriticality: num(timeCriticality),
      riskReduction: num(riskReduction),
      reach: num(reach),
      impact: num(impact),
      confidence: num(confidence),
      status,
      started,
      finished,
      remaining,
      raci: raciRaw === undefined ? undefined : this.raci(raciRaw, ent),
      tags: Array.isArray(tagsRaw) ? tagsRaw.filter((s): s is string => typeof s === 'string') : [],
      links,
      loc: this.loc(ent.base),
    };
  }

  private milestone(e: Obj, i: number): Milestone {
    const id = e.id as string;
    const ent = entity('milestones', i, id);
    return {
      id,
      title: str(e.title) ?? id,
      after: this.dependencies(e.after, ent, false),
      date: parseDate(e.date),
      objectives: this.refs(this.objectives, e.objectives, ent, 'objective', 'objectives'),
      loc: this.loc(ent.base),
    };
  }

  private risk(e: Obj, i: number): Risk {
    const id = e.id as string;
    const ent = entity('risks', i, id);
    this.ref(this.people, e.owner, ent, 'owner', 'owner');
    let impact: Risk['impact'];
    if (isObj(e.impact)) {
      impact = {
        days: parseDuration(e.impact.days) ?? 0,
        items: this.refs(this.itemTable(), e.impact.items, ent, 'impacts', 'impact', 'items'),
      };
    }
    return {
      id,
      kind: oneOf(e.kind, ['risk', 'assumption', 'issue'] as const, 'risk'),
      title: str(e.title) ?? id,
      probability: num(e.probability),
      impact,
      severity: num(e.severity),
      owner: str(e.owner),
      mitigation: str(e.mitigation),
      trigger: str(e.trigger),
      status: oneOf(e.status, ['open', 'mitigated', 'occurred', 'closed'] as const, 'open'),
      review: parseDate(e.review),
      loc: this.loc(ent.base),
    };
  }

  private itemTableCache: IdTable | undefined;
  /** Items only (risks and logs link items, not milestones). */
  private itemTable(): IdTable {
    if (!this.itemTableCache) {
      this.itemTableCache = new Map([...this.work].filter(([, e]) => e.kind === 'item'));
    }
    return this.itemTableCache;
  }

  private decision(e: Obj, i: number): Decision {
    const id = e.id as string;
    const ent = entity('decisions', i, id);
    this.ref(this.people, e.owner, ent, 'owner', 'owner');
    this.ref(this.decisions, e.supersedes, ent, 'supersedes', 'supersedes');
    return {
      id,
      date: parseDate(e.date),
      title: str(e.title) ?? id,
      owner: str(e.owner),
      status: str(e.status),
      context: str(e.context),
      options: list(e.options).filter((s): s is string => typeof s === 'string'),
      decision: str(e.decision),
      supersedes: str(e.supersedes),
      items: this.refs(this.itemTable(), e.items, ent, 'links-item', 'items'),
      risks: this.refs(this.risks, e.risks, ent, 'links-risk', 'risks'),
      loc: this.loc(ent.base),
    };
  }

  private lesson(e: Obj, i: number): Lesson {
    const id = e.id as string;
    const ent = entity('lessons', i, id);
    return {
      id,
      date: parseDate(e.date),
      title: str(e.title) ?? id,
      change: str(e.change),
      items: this.refs(this.itemTable(), e.items, ent, 'links-item', 'items'),
      risks: this.refs(this.risks, e.risks, ent, 'links-risk', 'risks'),
      loc: this.loc(ent.base),
    };
  }

  private stakeholder(e: Obj, i: number): Stakeholder {
    const id = e.id as string;
    const ent = entity('stakeholders', i, id);
    return {
      id,
      name: str(e.name) ?? id,
      influence: optOneOf(e.influence, ['low', 'medium', 'high'] as const),
      interest: optOneOf(e.interest, ['low', 'medium', 'high'] as const),
      caresAbout: this.refs(this.objectives, e.cares_about, ent, 'cares-about', 'cares_about'),
      channel: optOneOf(e.channel, ['email', 'slack', 'meeting', 'doc'] as const),
      cadence: optOneOf(e.cadence, ['weekly', 'biweekly', 'monthly'] as const),
      lastUpdate: parseDate(e.last_update),
      loc: this.loc(ent.base),
    };
  }

  private time(): TimeSpec | undefined {
    const t = this.doc.time;
    if (!isObj(t)) return undefined;
    return {
      email: str(t.email),
      targetStrategic: num(t.target_strategic),
      calendars: list(t.calendars).filter((s): s is string => typeof s === 'string'),
      rules: list(t.rules).flatMap((r) => {
        if (!isObj(r) || typeof r.match !== 'string') return [];
        const kind = optOneOf(r.kind, ['strategic', 'tactical'] as const);
        return kind ? [{ match: r.match, kind }] : [];
      }),
    };
  }

  private history(): HistoryEntry[] {
    const h = this.doc.history;
    if (typeof h === 'string') {
      if (this.options.historyFromFile) return this.options.historyFromFile;
      this.sink.add('history-needs-loader', ['history'], { value: h });
      return [];
    }
    return list(h).flatMap((e, i) => {
      if (!isObj(e) || (typeof e.id !== 'string' && typeof e.id !== 'number')) return [];
      const started = parseDate(e.started);
      const finished = parseDate(e.finished);
      const id = String(e.id);
      if (started !== undefined && finished !== undefined && started > finished) {
        this.sink.add('date-order', ['history', i, 'finished'], { where: `history entry ${id}`, first: 'started', firstDate: started, second: 'finished', secondDate: finished });
      }
      const estimate = parseEstimate(e.estimate);
      return [{ id, created: parseDate(e.created), started, finished, estimate, type: str(e.type), workstream: str(e.workstream) }];
    });
  }

  // --- cycles ----------------------------------------------------------------------------------------------------

  /**
   * Cycles among the local dependencies of one section (items depend on items; milestones wait for milestones),
   * on the edges recorded while resolving. Nodes are file positions; ids of duplicates resolve to the first.
   */
  private afterCycles(section: 'items' | 'milestones', entities: (Item | Milestone)[]): void {
    const edges = section === 'items' ? this.itemEdges : this.milestoneEdges;
    const raw = this.rawIndex.get(section)!;
    const n = list(this.doc[section]).length;
    const g = csr(n, edges.from, edges.to);
    const byRaw = new Map<number, Item | Milestone>();
    raw.forEach((r, k) => byRaw.set(r, entities[k]));
    for (const c of findCycles(g)) {
      const e = g.edgeOf[c.closingSlot];
      const ids = c.nodes.map((r) => byRaw.get(r)!.id);
      const text = [...ids, ids[0]].join(' -> ');
      this.sink.add('dependency-cycle', this.afterPath(section, edges.from[e], byRaw.get(edges.to[e])!.id), { cycle: text });
    }
  }

  /** Where the entity at `entry` of `section` names the local dependency `target`. */
  private afterPath(section: 'items' | 'milestones', entry: number, target: string): Path {
    const raw = list(this.doc[section])[entry] as Obj; // an entity built from this entry, so a mapping
    if (typeof raw.after === 'string') return [section, entry, 'after'];
    const entries = list(raw.after);
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      const text = isObj(e) ? e.id : e;
      const ref = typeof text === 'string' ? parseDepRef(text) : undefined;
      if (!ref || ref.id !== target || (ref.program !== undefined && ref.program !== this.programId)) continue;
      return isObj(e) ? [section, entry, 'after', k, 'id'] : [section, entry, 'after', k];
    }
    return [section, entry, 'after'];
  }

  private objectiveCycles(objectives: Objective[]): void {
    this.parentCycles(objectives, (o) => o.parent, 'objectives', 'parent', 'objective-cycle');
  }

  private supersedeCycles(decisions: Decision[]): void {
    this.parentCycles(decisions, (d) => d.supersedes, 'decisions', 'supersedes', 'supersede-cycle');
  }

  private parentCycles<T extends { id: string }>(
    entities: T[],
    parentOf: (e: T) => string | undefined,
    section: string,
    field: string,
    code: 'objective-cycle' | 'supersede-cycle',
  ): void {
    const index = new Map<string, number>();
    entities.forEach((o, k) => {
      if (!index.has(o.id)) index.set(o.id, k);
    });
    const from: number[] = [];
    const to: number[] = [];
    entities.forEach((o, k) => {
      const p = parentOf(o);
      const t = p === undefined ? undefined : index.get(p);
      if (t !== undefined) {
        from.push(k);
        to.push(t);
      }
    });
    const g = csr(entities.length, from, to);
    const raw = this.rawIndex.get(section)!;
    for (const c of findCycles(g)) {
      const e = g.edgeOf[c.closingSlot];
      const text = [...c.nodes.map((k) => entities[k].id), entities[c.nodes[0]].id].join(' -> ');
      this.sink.add(code, [section, raw[from[e]], field], { cycle: text });
    }
  }
}

/** An entity being resolved: where it is in the document and how messages name it ("item PAY-1"), both lazily. */
class Ent {
  constructor(
    readonly section: string,
    /** Position in the section's list; -1 for a section that is a single mapping (program). */
    readonly index: number,
    readonly id?: string,
  ) {}

  get base(): Path {
    return this.index < 0 ? [this.section] : [this.section, this.index];
  }

  get where(): string {
    return this.index < 0 ? this.section : `${SECTION_NOUNS[this.section]} ${this.id}`;
  }
}

function entity(section: string, index: number, id: string): Ent {
  return new Ent(section, index, id);
}

/** `ent.base` followed by the given segments (undefined ones are skipped). */
function at(ent: Ent, ...rest: (string | number | undefined)[]): Path {
  const out = [...ent.base];
  for (const r of rest) if (r !== undefined) out.push(r);
  return out;
}

/** Where a dependency entry is: `after` itself when it is a single string, else the entry (or its `id`). */
function depPath(ent: Ent, single: boolean, j: number, obj: boolean): Path {
  if (single) return at(ent, 'after');
  return obj ? at(ent, 'after', j, 'id') : at(ent, 'after', j);
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}
