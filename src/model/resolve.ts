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
  Portfolio,
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
import { isExtensionKey, PortfolioDocSchema, ProgramDocSchema } from './schema.js';
import { didYouMean } from './suggest.js';
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
    this.ref(this.people, info.tpm, { base: ['program'], where: 'program' }, 'tpm', 'tpm');

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
    if (isObj(d.rules)) extensions.rules = d.rules;
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
    this.ref(this.teams, e.team, ent, 'team', 'team');
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
      if (slash < 0) {
        if (!isId(refText)) continue; // reported by the shape check
      } else {
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
        const kind = forItem ? 'depends-on' : 'waits-for';
        const candidates = forItem ? this.itemIds() : this.work.keys();
        this.sink.add('unknown-ref', depPath(ent, single, j, obj), { where: ent.where, kind, target: id, suggestion: didYouMean(id, candidates, ent.id) });
        continue;
      }
      if (forItem && target.kind === 'milestone') {
        this.sink.add('milestone-dependency', depPath(ent, single, j, obj), { where: ent.where, target: id });
        continue;
      }
      out.push({ id, lag });
    }
    return out;
  }

  private *itemIds(): Iterable<string> {
    for (const [id, e] of this.work) if (e.kind === 'item') yield id;
  }

  private item(e: Obj, i: number): Item {
    const id = e.id as string;
    const ent = entity('items', i, id);
    this.ref(this.workstreams, e.workstream, ent, 'workstream', 'workstream');
    const owner = str(e.owner);
    this.ref(this.people, owner, ent, 'owner', 'owner');

    let needs: Record<string, number> = {};
    let needsExplicit = false;
    if (isObj(e.needs)) {
      needsExplicit = true;
      for (const resource in e.needs) {
        if (isExtensionKey(resource)) continue;
        const u = num(e.needs[resource]);
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
    } else if (owner !== undefined) {
      const res = this.capacity.get(owner);
      needs = { [owner]: Math.min(1, res?.capacity ?? 1) };
    }

    const status = oneOf(e.status, ITEM_STATUSES, 'todo');
    const started = parseDate(e.started);
    const finished = parseDate(e.finished);
    if (started !== undefined && finished !== undefined && started > finished) {
      this.sink.add('date-order', at(ent, 'finished'), { where: ent.where, first: 'started', firstDate: started, second: 'finished', secondDate: finished });
    }
    const remaining = this.estimate(e.remaining, ent, 'remaining');
    if (e.remaining !== undefined && e.remaining !== null && status !== 'doing' && status !== 'done' && started === undefined) {
      this.sink.add('remaining-not-started', at(ent, 'remaining'), { where: ent.where });
    }
    const links: Record<string, string> = {};
    if (isObj(e.links)) for (const [k, v] of Object.entries(e.links)) if (typeof v === 'string' || typeof v === 'number') links[k] = String(v);

    return {
      id,
      title: str(e.title) ?? id,
      workstream: str(e.workstream),
      owner,
      needs,
      needsExplicit,
      estimate: this.estimate(e.estimate, ent, 'estimate'),
      after: this.dependencies(e.after, ent, true),
      objectives: this.refs(this.objectives, e.objectives, ent, 'objective', 'objectives'),
      must: e.must === true,
      value: num(e.value),
      timeCriticality: num(e.time_criticality),
      riskReduction: num(e.risk_reduction),
      reach: num(e.reach),
      impact: num(e.impact),
      confidence: num(e.confidence),
      status,
      started,
      finished,
      remaining,
      raci: this.raci(e.raci, ent),
      tags: Array.isArray(e.tags) ? e.tags.filter((s): s is string => typeof s === 'string') : [],
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

  /** Cycles among the local dependencies of one section (items depend on items; milestones wait for milestones). */
  private afterCycles(section: 'items' | 'milestones', entities: (Item | Milestone)[]): void {
    // Ids are shared by items and milestones: an edge counts only if its id names an entity of this section (the
    // first with that id; a duplicate is reported already).
    const kind = section === 'items' ? 'item' : 'milestone';
    const index = new Map<string, number>();
    entities.forEach((x, k) => {
      if (!index.has(x.id) && this.work.get(x.id)?.kind === kind) index.set(x.id, k);
    });
    const from: number[] = [];
    const to: number[] = [];
    entities.forEach((x, k) => {
      for (const d of x.after) {
        const t = d.program === undefined ? index.get(d.id) : undefined;
        if (t === undefined) continue;
        from.push(k);
        to.push(t);
      }
    });
    const g = csr(entities.length, from, to);
    const raw = this.rawIndex.get(section)!;
    for (const c of findCycles(g)) {
      const e = g.edgeOf[c.closingSlot];
      const text = [...c.nodes.map((k) => entities[k].id), entities[c.nodes[0]].id].join(' -> ');
      this.sink.add('dependency-cycle', this.afterPath(section, raw[from[e]], entities[to[e]].id), { cycle: text });
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

/** An entity being resolved: where it is in the document and how messages name it ("item PAY-1"). */
type Ent = { base: Path; where: string; id?: string };

function entity(section: string, index: number, id: string): Ent {
  return { base: [section, index], where: `${SECTION_NOUNS[section]} ${id}`, id };
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

// --- portfolios --------------------------------------------------------------------------------------------------

export type PortfolioHeader = { id: string; name: string; programs: { path: string; index: number }[] };

/** Validates a portfolio file's own shape; the listed program files are read by the caller. */
export function readPortfolioDoc(raw: unknown, options: { file: string; locate: Locate }): { header?: PortfolioHeader; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(options.file, options.locate);
  if (!isObj(raw)) {
    sink.add('empty-file', [], {});
    return { diagnostics: sink.list };
  }
  validateShape(PortfolioDocSchema, raw, sink);
  const p = isObj(raw.portfolio) ? raw.portfolio : {};
  const id = str(p.id) ?? '';
  const programs = list(raw.programs).flatMap((v, index) => (typeof v === 'string' ? [{ path: v, index }] : []));
  return { header: { id, name: str(p.name) ?? id, programs }, diagnostics: sortDiagnostics(sink.list) };
}

/** A program of a portfolio, as loaded: `program` may be partial (built despite errors) or absent (unreadable). */
export type PortfolioMember = { index: number; file: string; program?: Program };

/**
 * Links the programs of a portfolio: program ids must be unique; cross-program dependencies `<program>/<item>` must
 * name a program of the portfolio and an item in it; cycles that cross programs are reported, printed with
 * qualified ids (`web/UI-2 -> checkout/PAY-1 -> web/UI-2`) at the cross-program dependency that closes them.
 * Returns the portfolio only when `ok` (the caller's own diagnostics had no error) and linking found none.
 */
export function linkPortfolio(
  header: PortfolioHeader,
  members: PortfolioMember[],
  options: { file: string; locate: Locate; ok: boolean },
): { portfolio?: Portfolio; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(options.file, options.locate);
  const byId = new Map<string, { member: PortfolioMember; program: Program }>();
  for (const m of members) {
    const p = m.program;
    if (!p || p.program.id === '') continue;
    const first = byId.get(p.program.id);
    if (first) {
      sink.add('duplicate-id', ['programs', m.index], { kind: 'program', id: p.program.id, firstKind: 'program', line: sink.line(['programs', first.member.index]) });
      continue;
    }
    byId.set(p.program.id, { member: m, program: p });
  }

  // One graph over every item of every program; node = offset of its program + index in it.
  const programs = [...byId.values()].map((x) => x.program);
  const offset = new Map<string, number>();
  const itemIndex: Map<string, number>[] = [];
  let n = 0;
  for (const p of programs) {
    offset.set(p.program.id, n);
    const idx = new Map<string, number>();
    p.items.forEach((it, k) => idx.set(it.id, k));
    itemIndex.push(idx);
    n += p.items.length;
  }
  const from: number[] = [];
  const to: number[] = [];
  const crossDep: (Dependency | undefined)[] = [];
  const nodeName: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const report = (dep: Dependency, code: 'unknown-program' | 'unknown-ref', message: Diagnostic['message']): void => {
    diagnostics.push({ code, severity: 'error', message, file: dep.loc?.file, line: dep.loc?.line, col: dep.loc?.col });
  };
  programs.forEach((p, pi) => {
    const base = offset.get(p.program.id)!;
    p.items.forEach((it, k) => {
      nodeName.push(`${p.program.id}/${it.id}`);
      for (const d of it.after) {
        if (d.program === undefined) {
          const t = itemIndex[pi].get(d.id);
          if (t !== undefined) {
            from.push(base + k);
            to.push(base + t);
            crossDep.push(undefined);
          }
          continue;
        }
        const target = byId.get(d.program);
        const where = `item ${it.id}`;
        if (!target) {
          const tmp = new DiagnosticSink(d.loc?.file ?? p.file, () => undefined);
          tmp.add('unknown-program', [], { where, target: `${d.program}/${d.id}`, program: d.program, suggestion: didYouMean(d.program, byId.keys()) });
          report(d, 'unknown-program', tmp.list[0].message);
          continue;
        }
        const t = itemIndex[programs.indexOf(target.program)].get(d.id);
        if (t === undefined) {
          const tmp = new DiagnosticSink(d.loc?.file ?? p.file, () => undefined);
          const suggestion = didYouMean(d.id, itemIndex[programs.indexOf(target.program)].keys());
          tmp.add('unknown-ref', [], { where, kind: 'depends-on', target: `${d.program}/${d.id}`, suggestion: suggestion && `${d.program}/${suggestion}` });
          report(d, 'unknown-ref', tmp.list[0].message);
          continue;
        }
        from.push(base + k);
        to.push(offset.get(d.program)! + t);
        crossDep.push(d);
      }
    });
    for (const m of p.milestones) {
      for (const d of m.after) {
        if (d.program === undefined) continue;
        const target = byId.get(d.program);
        const where = `milestone ${m.id}`;
        const tmp = new DiagnosticSink(d.loc?.file ?? p.file, () => undefined);
        if (!target) {
          tmp.add('unknown-program', [], { where, target: `${d.program}/${d.id}`, program: d.program, suggestion: didYouMean(d.program, byId.keys()) });
          report(d, 'unknown-program', tmp.list[0].message);
        } else if (!target.program.items.some((x) => x.id === d.id) && !target.program.milestones.some((x) => x.id === d.id)) {
          tmp.add('unknown-ref', [], { where, kind: 'waits-for', target: `${d.program}/${d.id}` });
          report(d, 'unknown-ref', tmp.list[0].message);
        }
      }
    }
  });

  const g = csr(n, from, to);
  for (const c of findCycles(g)) {
    // Cycles inside one program are reported by that program; here only those that cross programs.
    const ring = [...c.nodes];
    const edges: number[] = [];
    for (let k = 0; k < ring.length; k++) edges.push(edgeBetween(g, ring[k], ring[(k + 1) % ring.length], crossDep));
    const crossing = edges.map((e) => (e >= 0 ? crossDep[g.edgeOf[e]] : undefined));
    let last = -1;
    for (let k = 0; k < crossing.length; k++) if (crossing[k]) last = k;
    if (last < 0) continue;
    // Rotate so that the reported cross-program edge closes the cycle.
    const startAt = (last + 1) % ring.length;
    const rotated = [...ring.slice(startAt), ...ring.slice(0, startAt)];
    const text = [...rotated.map((k) => nodeName[k]), nodeName[rotated[0]]].join(' -> ');
    const dep = crossing[last]!;
    const tmp = new DiagnosticSink(dep.loc?.file ?? '', () => undefined);
    tmp.add('dependency-cycle', [], { cycle: text });
    diagnostics.push({ code: 'dependency-cycle', severity: 'error', message: tmp.list[0].message, file: dep.loc?.file, line: dep.loc?.line, col: dep.loc?.col });
  }

  const all = sortDiagnostics([...sink.list, ...diagnostics.map(stripUndefined)]);
  if (!options.ok || hasErrors(all)) return { diagnostics: all };
  return {
    portfolio: { id: header.id, name: header.name, file: options.file, programs: members.map((m) => m.program!) },
    diagnostics: all,
  };
}

/** The CSR slot of an edge u -> v, preferring a cross-program one (-1 when absent). */
function edgeBetween(g: ReturnType<typeof csr>, u: number, v: number, crossDep: (Dependency | undefined)[]): number {
  let found = -1;
  for (let e = g.start[u]; e < g.start[u + 1]; e++) {
    if (g.target[e] !== v) continue;
    if (crossDep[g.edgeOf[e]]) return e;
    if (found < 0) found = e;
  }
  return found;
}

function stripUndefined(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { code: d.code, severity: d.severity, message: d.message };
  if (d.file !== undefined) out.file = d.file;
  if (d.line !== undefined) out.line = d.line;
  if (d.col !== undefined) out.col = d.col;
  return out;
}
