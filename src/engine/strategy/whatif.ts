/**
 * What-if: apply changes (slip, remove, cut, capacity) to a copy of a program or portfolio, reschedule, and report
 * how every milestone, objective and program moves, and the dependency chains the impact travels through.
 *
 * Semantics:
 * - slip ID=DAYS adds DAYS working days to the item's remaining work: an open item's estimate (all three points), a
 *   doing item's `remaining` (else its estimate). Done and cut items cannot slip (a diagnostic, the change is skipped).
 * - remove ID drops the item and every dependency edge to it; cut ID sets its status to `cut` (the scheduler drops
 *   edges through it, with a warning).
 * - capacity RES=+N / RES=-N changes a team's or person's capacity by N; RES=N sets it.
 * - Deltas are in the program's own working days (offset differences); dates are ISO.
 * - An objective's finish is the latest finish of the work serving it: items (not cut) whose own or workstream
 *   objectives include it, and milestones that list it. atRisk: after > due.
 * - Chains: from each affected milestone or objective, back through the predecessor that drives its date (the moved
 *   predecessor with the latest finish + lag) until a changed item, or an item that moved with no moved predecessor
 *   (a resource effect when levelled).
 * - Anomalies: with levelling, list scheduling can move items either way; people's days off can also stretch a
 *   slip (work pushed across a day off moves its successors by more working days than the slip). An item that finishes or starts earlier when
 *   no change could make anything earlier (no remove, cut or capacity increase), or later by more than the largest
 *   slip when the changes are slips only, is listed in `anomalies`: nothing is hidden.
 *
 * Interactive use: `prepareWhatIf` compiles and schedules the baseline once; `whatIf(prepared, changes)` schedules the
 * changed plan only: for slips alone it reuses the compiled network with a new duration array (no recompilation);
 * other changes recompile the changed copy. Pure: no clock, no I/O.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IsoDate, Item, Portfolio, Program } from '../../model/program.js';
import { forecastPortfolio, forecastProgram } from '../forecast/forecast.js';
import { compilePortfolio, compileProgram, NODE_DOING, NODE_OPEN, type Network } from '../network.js';
import { scheduleNetwork, type ScheduleOptions, type ScheduleResult } from '../schedule.js';

export type WhatIfChange =
  | { kind: 'slip'; id: string; days: number }
  | { kind: 'remove'; id: string }
  | { kind: 'cut'; id: string }
  /** `delta` adds to the capacity; `value` sets it. */
  | { kind: 'capacity'; resource: string; delta?: number; value?: number };

export type WhatIfOptions = ScheduleOptions & {
  /** Also forecast before and after (Monte Carlo) with this many trials (0 or absent: no forecast). */
  forecastTrials?: number;
  /** Forecast seed (default 1). */
  forecastSeed?: number;
};

export type WhatIfSubject = { kind: 'program'; program: Program } | { kind: 'portfolio'; portfolio: Portfolio };

export type PreparedWhatIf = {
  subject: WhatIfSubject;
  options: WhatIfOptions;
  net: Network;
  before: ScheduleResult;
};

export type MilestoneImpact = { id: string; program?: string; before: IsoDate; after: IsoDate; deltaDays: number };
export type ObjectiveImpact = {
  id: string;
  program?: string;
  due?: IsoDate;
  before: IsoDate;
  after: IsoDate;
  deltaDays: number;
  atRisk: boolean;
  /** Already at risk before the change. */
  wasAtRisk: boolean;
};
export type ProgramImpact = { id: string; before: IsoDate; after: IsoDate; deltaDays: number };
export type Anomaly = { id: string; deltaDays: number; reason: 'earlier' | 'more-than-slip' };
export type ForecastImpact = {
  confidence: number;
  trials: number;
  seed: number;
  before: IsoDate;
  after: IsoDate;
  probabilityBefore?: number;
  probabilityAfter?: number;
  target?: IsoDate;
};

export type WhatIfResult = {
  milestones: MilestoneImpact[];
  objectives: ObjectiveImpact[];
  program: ProgramImpact;
  /** Portfolio only: each program. */
  programs?: ProgramImpact[];
  /** Node keys from the change to the affected milestone, then the objective id when one is affected. */
  chains: string[][];
  /** One readable line per chain ("PAY-1 +10d -> PAY-4 -> beta milestone +6d -> objective conv at risk"). */
  chainText: string[];
  /** Items whose start or finish moved, and the teams and workstreams they belong to. */
  moved: { items: string[]; teams: string[]; workstreams: string[] };
  anomalies: Anomaly[];
  levelled: { before: boolean; after: boolean };
  forecast?: ForecastImpact;
  /** Changes that could not be applied (unknown id, done item...), and scheduler warnings new after the change. */
  diagnostics: Diagnostic[];
};

const EPS = 1e-6;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6 + 0;

/** Schedules the baseline once, for repeated `whatIf` calls. */
export function prepareWhatIf(subject: WhatIfSubject, options: WhatIfOptions): PreparedWhatIf {
  const net = compileSubject(subject, options);
  const before = scheduleNetwork(net, options, subject.kind === 'portfolio' ? subject.portfolio : undefined);
  return { subject, options, net, before };
}

/**
 * Applies `changes` to a copy of the prepared subject and reports the difference (see the module comment). Example:
 * a -> b -> milestone m (objective o due day 3), each 1 day; slip a=2 gives m and o +2 working days and the chain
 * [a, b, m, o].
 */
export function whatIf(prepared: PreparedWhatIf, changes: readonly WhatIfChange[]): WhatIfResult {
  return whatIfWithSchedule(prepared, changes).result;
}

/** `whatIf`, also returning the changed plan's schedule (the web cockpit draws the moved bars from it). */
export function whatIfWithSchedule(prepared: PreparedWhatIf, changes: readonly WhatIfChange[]): { result: WhatIfResult; after: ScheduleResult } {
  const { subject, options, before } = prepared;
  const diagnostics: Diagnostic[] = [];
  const changed = applyChanges(subject, changes, diagnostics);
  const net = slipsOnly(prepared, changes, diagnostics) ?? compileSubject(changed, options);
  const portfolio = changed.kind === 'portfolio' ? changed.portfolio : undefined;
  const after = scheduleNetwork(net, options, portfolio);

  const keyOf = (program: string | undefined, id: string): string => (program !== undefined ? `${program}/${id}` : id);
  const beforeItems = new Map(before.items.map((it) => [keyOf(it.program, it.id), it]));
  const afterItems = new Map(after.items.map((it) => [keyOf(it.program, it.id), it]));
  const beforeMs = new Map(before.milestones.map((m) => [keyOf(m.program, m.id), m]));

  // Sources: the changed items (by key) and a label for each.
  const sourceLabel = new Map<string, string>();
  const removedOrCut = new Set<string>();
  let maxSlip = 0;
  let onlySlips = true;
  let canMoveEarlier = false;
  for (const c of changes) {
    if (c.kind === 'capacity') {
      onlySlips = false;
      const r = prepared.net.resources.find((x) => x.id === c.resource);
      const now = c.value ?? (r?.capacity ?? 0) + (c.delta ?? 0);
      if (r && now > r.capacity) canMoveEarlier = true;
      continue;
    }
    const key = resolveKey(prepared.net, c.id);
    if (key === undefined) continue;
    if (c.kind === 'slip') {
      maxSlip = Math.max(maxSlip, c.days);
      if (c.days < 0) canMoveEarlier = true;
      sourceLabel.set(key, `${key} ${c.days >= 0 ? '+' : ''}${c.days}d`);
    } else {
      onlySlips = false;
      canMoveEarlier = true;
      removedOrCut.add(key);
      sourceLabel.set(key, `${key} ${c.kind === 'remove' ? 'removed' : 'cut'}`);
    }
  }

  // Moved items, anomalies, teams and workstreams.
  const movedKeys = new Set<string>();
  const anomalies: Anomaly[] = [];
  const teams = new Set<string>();
  const workstreams = new Set<string>();
  const teamOf = teamLookup(changed);
  for (const [key, a] of afterItems) {
    const b = beforeItems.get(key);
    if (!b) continue;
    const dStart = a.es - b.es;
    const dFinish = a.ef - b.ef;
    if (Math.abs(dStart) <= EPS && Math.abs(dFinish) <= EPS) continue;
    movedKeys.add(key);
    if (a.workstream) workstreams.add(a.workstream);
    for (const t of teamOf(a.program, a.id)) teams.add(t);
    if (sourceLabel.has(key)) continue;
    if (!canMoveEarlier && (dStart < -EPS || dFinish < -EPS)) {
      anomalies.push({ id: key, deltaDays: round6(Math.min(dStart, dFinish)), reason: 'earlier' });
    } else if (onlySlips && (dStart > maxSlip + EPS || dFinish > maxSlip + EPS)) {
      anomalies.push({ id: key, deltaDays: round6(Math.max(dStart, dFinish)), reason: 'more-than-slip' });
    }
  }

  // Milestones.
  const milestones: MilestoneImpact[] = [];
  const msDelta = new Map<string, number>();
  for (const m of after.milestones) {
    const key = keyOf(m.program, m.id);
    const b = beforeMs.get(key);
    if (!b) continue;
    const deltaDays = round6(m.offset - b.offset);
    msDelta.set(key, deltaDays);
    milestones.push({ id: m.id, ...(m.program !== undefined ? { program: m.program } : {}), before: b.date, after: m.date, deltaDays });
  }

  // Objectives: latest finish of the serving work, before and after.
  const programs = changed.kind === 'portfolio' ? changed.portfolio.programs : [changed.program];
  const originalPrograms = subject.kind === 'portfolio' ? subject.portfolio.programs : [subject.program];
  const inPortfolio = changed.kind === 'portfolio';
  const objectives: ObjectiveImpact[] = [];
  const objectiveDriver = new Map<string, string>();
  for (let pi = 0; pi < programs.length; pi++) {
    const p = programs[pi];
    const pid = inPortfolio ? p.program.id : undefined;
    const serving = servingWork(originalPrograms[pi]);
    for (const o of p.objectives) {
      const keys = serving.get(o.id) ?? [];
      const fb = latest(keys.map((k) => keyOf(pid, k)), beforeItems, beforeMs);
      const fa = latest(keys.map((k) => keyOf(pid, k)), afterItems, new Map(after.milestones.map((m) => [keyOf(m.program, m.id), m])));
      if (!fb || !fa) continue;
      const impact: ObjectiveImpact = {
        id: o.id,
        ...(pid !== undefined ? { program: pid } : {}),
        ...(o.due !== undefined ? { due: o.due } : {}),
        before: fb.date,
        after: fa.date,
        deltaDays: round6(fa.offset - fb.offset),
        atRisk: o.due !== undefined && fa.date > o.due,
        wasAtRisk: o.due !== undefined && fb.date > o.due,
      };
      objectives.push(impact);
      objectiveDriver.set(keyOf(pid, o.id), fa.key);
    }
  }

  // Chains: trace back from each moved milestone, then from each moved objective not explained by a milestone chain.
  const chains: string[][] = [];
  const chainText: string[] = [];
  const trace = traceBack(net, after, before, sourceLabel, removedOrCut, originalPrograms, inPortfolio);
  const objByDriver = new Map<string, ObjectiveImpact[]>();
  for (const o of objectives) {
    if (Math.abs(o.deltaDays) <= EPS && o.atRisk === o.wasAtRisk) continue;
    const driver = objectiveDriver.get(keyOf(o.program, o.id))!;
    const list = objByDriver.get(driver);
    if (list) list.push(o);
    else objByDriver.set(driver, [o]);
  }
  const used = new Set<string>();
  const emit = (target: string, isMilestone: boolean): void => {
    const { path, via } = trace(target);
    if (path.length === 0) return;
    const objs = objByDriver.get(target) ?? [];
    used.add(target);
    const ids = [...path];
    const text = path.map((k, i) => {
      if (i === 0 && sourceLabel.has(k)) return sourceLabel.get(k)!;
      if (k === target && isMilestone) return `${k} milestone ${signed(msDelta.get(k) ?? 0)}`;
      if (k === target) return `${k} ${signed(round6(afterItems.get(k)!.ef - (beforeItems.get(k)?.ef ?? 0)))}`;
      const r = via.get(k);
      return r !== undefined ? `[${r}] ${k}` : k;
    });
    for (const o of objs) {
      ids.push(o.id);
      text.push(`objective ${o.id} ${signed(o.deltaDays)}${o.atRisk ? (o.wasAtRisk ? ' (still at risk)' : ' at risk') : ''}`);
    }
    const onChain = new Set<string>();
    for (const k of path) {
      const it = afterItems.get(k);
      if (it) for (const t of teamOf(it.program, it.id)) onChain.add(t);
    }
    // Other teams whose moved work feeds the target (its moved ancestors), beside those on the chain.
    const upstream = new Set<string>();
    const start = net.index.get(target);
    if (start !== undefined) {
      const stack = [start];
      const visited = new Set(stack);
      while (stack.length > 0) {
        const j = stack.pop()!;
        const k = net.keys[j];
        const it = afterItems.get(k);
        if (it && movedKeys.has(k)) for (const t of teamOf(it.program, it.id)) upstream.add(t);
        for (let e = net.predStart[j]; e < net.predStart[j + 1]; e++) {
          const q = net.predIdx[e];
          if (!visited.has(q)) {
            visited.add(q);
            stack.push(q);
          }
        }
      }
    }
    const others = [...upstream].filter((t) => !onChain.has(t)).sort();
    chains.push(ids);
    chainText.push(text.join(' -> ') + (others.length > 0 ? `; ${others.length > 1 ? 'teams' : 'team'} ${others.join(', ')} also delayed` : ''));
  };
  for (const m of after.milestones) {
    const key = keyOf(m.program, m.id);
    if (Math.abs(msDelta.get(key) ?? 0) > EPS) emit(key, true);
  }
  for (const driver of objByDriver.keys()) if (!used.has(driver)) emit(driver, beforeMs.has(driver));

  // Programs.
  const impactOf = (id: string, b: { finish: IsoDate; finishOffset: number }, a: { finish: IsoDate; finishOffset: number }): ProgramImpact => ({
    id,
    before: b.finish,
    after: a.finish,
    deltaDays: round6(a.finishOffset - b.finishOffset),
  });
  const result: WhatIfResult = {
    milestones,
    objectives,
    program: impactOf(after.program.id, before.program, after.program),
    chains,
    chainText,
    moved: { items: [...movedKeys], teams: [...teams].sort(), workstreams: [...workstreams].sort() },
    anomalies,
    levelled: { before: before.levelled, after: after.levelled },
    diagnostics: [...diagnostics, ...newWarnings(before.warnings, after.warnings)],
  };
  if (after.programs && before.programs) {
    result.programs = after.programs.map((a, i) => impactOf(a.id, before.programs![i], a));
  }
  const trials = options.forecastTrials ?? 0;
  if (trials > 0) result.forecast = forecastImpact(subject, changed, options, trials);
  return { result, after };
}

/** One-shot convenience: prepare and apply. */
export function whatIfOnce(subject: WhatIfSubject, changes: readonly WhatIfChange[], options: WhatIfOptions): WhatIfResult {
  return whatIf(prepareWhatIf(subject, options), changes);
}

/**
 * Incremental path: when every change is an applicable slip, the baseline network with a new duration array is the
 * changed network (the same nodes, edges, pauses and resources), so nothing is recompiled.
 */
function slipsOnly(prepared: PreparedWhatIf, changes: readonly WhatIfChange[], diagnostics: Diagnostic[]): Network | undefined {
  if (diagnostics.length > 0) return undefined;
  const { net } = prepared;
  const duration = Float64Array.from(net.duration);
  for (const c of changes) {
    if (c.kind !== 'slip') return undefined;
    const key = resolveKey(net, c.id);
    const j = key === undefined ? undefined : net.index.get(key);
    if (j === undefined || (net.status[j] !== NODE_OPEN && net.status[j] !== NODE_DOING)) return undefined;
    duration[j] = Math.max(0, duration[j] + c.days);
  }
  return { ...net, duration };
}

function compileSubject(subject: WhatIfSubject, options: ScheduleOptions): Network {
  return subject.kind === 'portfolio' ? compilePortfolio(subject.portfolio, options) : compileProgram(subject.program, options);
}

const signed = (d: number): string => `${d >= 0 ? '+' : ''}${d}d`;

/** The network key of an item id: the key itself, or in a portfolio a bare id that is unique across programs. */
function resolveKey(net: Network, id: string): string | undefined {
  const j = net.index.get(id);
  if (j !== undefined && j < net.nItems) return net.keys[j];
  if (!net.portfolio) return undefined;
  const hits: string[] = [];
  for (let k = 0; k < net.nItems; k++) if (net.ids[k] === id) hits.push(net.keys[k]);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Finds the program and item of an id (`prog/id` or a bare id unique across programs). */
function findItem(programs: Program[], id: string, portfolio: boolean): { pi: number; item: Item } | undefined {
  const hits: { pi: number; item: Item }[] = [];
  for (let pi = 0; pi < programs.length; pi++) {
    const p = programs[pi];
    for (const item of p.items) {
      if (item.id === id || (portfolio && `${p.program.id}/${item.id}` === id)) hits.push({ pi, item });
    }
  }
  return hits.length === 1 ? hits[0] : undefined;
}

function applyChanges(subject: WhatIfSubject, changes: readonly WhatIfChange[], diagnostics: Diagnostic[]): WhatIfSubject {
  const portfolio = subject.kind === 'portfolio';
  const originals = portfolio ? subject.portfolio.programs : [subject.program];
  // Copy-on-write: programs, their item lists and the touched items are new objects; the rest is shared.
  const programs = originals.map((p) => ({ ...p, items: p.items.map((it) => ({ ...it })), people: p.people.map((x) => ({ ...x })), teams: p.teams.map((x) => ({ ...x })) }));
  const removed: { pi: number; id: string }[] = [];
  const problem = (code: string, message: string): void => void diagnostics.push({ code, severity: 'error', message });
  for (const c of changes) {
    if (c.kind === 'capacity') {
      let found = false;
      for (const p of programs) {
        for (const r of [...p.teams, ...p.people]) {
          if (r.id !== c.resource) continue;
          found = true;
          r.capacity = Math.max(0, c.value ?? r.capacity + (c.delta ?? 0));
        }
      }
      if (!found) problem('whatif-unknown-resource', `--capacity: no team or person '${c.resource}'`);
      continue;
    }
    const hit = findItem(programs, c.id, portfolio);
    if (!hit) {
      problem('whatif-unknown-item', `no item '${c.id}'${portfolio ? ' (in a portfolio, write <program>/<id> when ids repeat)' : ''}`);
      continue;
    }
    const { item, pi } = hit;
    if (c.kind === 'slip') {
      if (item.status === 'done' || item.status === 'cut') {
        problem('whatif-slip-closed', `cannot slip ${c.id}: it is ${item.status}`);
        continue;
      }
      if (item.status === 'doing') {
        item.remaining = addDays(item.remaining ?? item.estimate, c.days);
      } else {
        item.estimate = addDays(item.estimate, c.days);
      }
    } else if (c.kind === 'cut') {
      item.status = 'cut';
    } else {
      removed.push({ pi, id: item.id });
    }
  }
  for (const { pi, id } of removed) {
    const p = programs[pi];
    const pid = p.program.id;
    const keep = (d: { id: string; program?: string }, from: number): boolean =>
      !(d.id === id && ((d.program === undefined && from === pi) || d.program === pid));
    p.items = p.items.filter((it) => it.id !== id);
    for (let k = 0; k < programs.length; k++) {
      const q = programs[k];
      q.items = q.items.map((it) => (it.after.some((d) => !keep(d, k)) ? { ...it, after: it.after.filter((d) => keep(d, k)) } : it));
      q.milestones = q.milestones.map((m) => (m.after.some((d) => !keep(d, k)) ? { ...m, after: m.after.filter((d) => keep(d, k)) } : m));
    }
  }
  return portfolio ? { kind: 'portfolio', portfolio: { ...subject.portfolio, programs } } : { kind: 'program', program: programs[0] };
}

function addDays(e: Item['estimate'], days: number): Item['estimate'] {
  if (!e) return { low: Math.max(0, days), likely: Math.max(0, days), high: Math.max(0, days), dist: 'fixed' };
  const f = (x: number): number => Math.max(0, x + days);
  return { ...e, low: f(e.low), likely: f(e.likely), high: f(e.high) };
}

/** Objective id -> ids of the items (not cut) and milestones serving it. */
function servingWork(p: Program): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (o: string, id: string): void => {
    const list = out.get(o);
    if (list) {
      if (!list.includes(id)) list.push(id);
    } else out.set(o, [id]);
  };
  const wsObjectives = new Map(p.workstreams.map((w) => [w.id, w.objectives]));
  for (const it of p.items) {
    if (it.status === 'cut') continue;
    for (const o of it.objectives) add(o, it.id);
    if (it.workstream) for (const o of wsObjectives.get(it.workstream) ?? []) add(o, it.id);
  }
  for (const m of p.milestones) for (const o of m.objectives) add(o, m.id);
  return out;
}

type Dated = { ef?: number; offset?: number; finish?: IsoDate; date?: IsoDate };

function latest(keys: string[], items: Map<string, Dated>, milestones: Map<string, Dated>): { key: string; date: IsoDate; offset: number; milestone: boolean } | undefined {
  let best: { key: string; date: IsoDate; offset: number; milestone: boolean } | undefined;
  for (const key of keys) {
    const it = items.get(key);
    const m = it ? undefined : milestones.get(key);
    const offset = it ? it.ef! : m ? m.offset! : undefined;
    const date = it ? it.finish! : m ? m.date! : undefined;
    if (offset === undefined || date === undefined) continue;
    // Ties go to the later date, then to a milestone (its chain then carries the objective too).
    const tie = best !== undefined && Math.abs(offset - best.offset) <= EPS;
    if (!best || offset > best.offset + EPS || (tie && (date > best.date || (date === best.date && m !== undefined && !best.milestone)))) {
      best = { key, date, offset, milestone: m !== undefined };
    }
  }
  return best;
}

/** Item key -> teams: team resources in its needs, and the teams of the people in its needs or owning it. */
function teamLookup(subject: WhatIfSubject): (program: string | undefined, id: string) => string[] {
  const programs = subject.kind === 'portfolio' ? subject.portfolio.programs : [subject.program];
  const personTeam = new Map<string, string>();
  const teamIds = new Set<string>();
  const items = new Map<string, Item>();
  for (const p of programs) {
    for (const x of p.people) if (x.team) personTeam.set(x.id, x.team);
    for (const t of p.teams) teamIds.add(t.id);
    for (const it of p.items) items.set(subject.kind === 'portfolio' ? `${p.program.id}/${it.id}` : it.id, it);
  }
  return (program, id) => {
    const it = items.get(program !== undefined ? `${program}/${id}` : id);
    if (!it) return [];
    const out = new Set<string>();
    for (const r of [...Object.keys(it.needs), ...(it.owner ? [it.owner] : [])]) {
      if (teamIds.has(r)) out.add(r);
      const t = personTeam.get(r);
      if (t) out.add(t);
    }
    return [...out];
  };
}

/**
 * A function tracing back from a node key to the change that moved it, through the moved predecessor that drives its
 * date. Returns the path from the source to the target, or [] when the target did not move.
 */
function traceBack(
  net: Network,
  after: ScheduleResult,
  before: ScheduleResult,
  sourceLabel: Map<string, string>,
  removedOrCut: Set<string>,
  programs: Program[],
  portfolio: boolean,
): (target: string) => { path: string[]; via: Map<string, string> } {
  const finishOf = (res: ScheduleResult): Map<string, number> => {
    const m = new Map<string, number>();
    for (const it of res.items) m.set(portfolio ? `${it.program}/${it.id}` : it.id, it.ef);
    for (const ms of res.milestones) m.set(portfolio ? `${ms.program}/${ms.id}` : ms.id, ms.offset);
    return m;
  };
  const fa = finishOf(after);
  const fb = finishOf(before);
  const moved = (k: string): boolean => {
    const b = fb.get(k);
    const a = fa.get(k);
    return a !== undefined && b !== undefined && Math.abs(a - b) > EPS;
  };  const startAfter = new Map<string, number>();
  for (const it of after.items) startAfter.set(portfolio ? `${it.program}/${it.id}` : it.id, it.es);
  // Moved item nodes per resource, for links through a shared person or team (levelled schedules).
  const movedByRes = new Map<number, number[]>();
  for (let j = 0; j < net.nItems; j++) {
    const k = net.keys[j];
    if (!(moved(k) || sourceLabel.has(k))) continue;
    for (let e = net.demStart[j]; e < net.demStart[j + 1]; e++) {
      const list = movedByRes.get(net.demRes[e]);
      if (list) list.push(j);
      else movedByRes.set(net.demRes[e], [j]);
    }
  }

  // Original `after` lists, to find a removed or cut predecessor that started the chain.
  const originalAfter = new Map<string, string[]>();
  for (const p of programs) {
    const key = (id: string, prog?: string): string => (portfolio ? `${prog ?? p.program.id}/${id}` : id);
    for (const it of p.items) originalAfter.set(key(it.id), it.after.map((d) => key(d.id, d.program)));
    for (const m of p.milestones) originalAfter.set(key(m.id), m.after.map((d) => key(d.id, d.program)));
  }
  return (target) => {
    const via = new Map<string, string>();
    if (!moved(target) && !sourceLabel.has(target)) return { path: [], via };
    const path = [target];
    const seen = new Set(path);
    let cur = target;
    for (;;) {
      if (sourceLabel.has(cur)) break;
      const j = net.index.get(cur);
      if (j === undefined) break;
      let best = -1;
      let bestT = -Infinity;
      for (let e = net.predStart[j]; e < net.predStart[j + 1]; e++) {
        const p = net.predIdx[e];
        const k = net.keys[p];
        if (seen.has(k) || !(moved(k) || sourceLabel.has(k))) continue;
        const t = (fa.get(k) ?? 0) + net.predLag[e];
        if (t > bestT) {
          bestT = t;
          best = p;
        }
      }
      if (best < 0 && j < net.nItems) {
        // No moved predecessor: a moved item on a shared resource that finishes latest before this one starts.
        const es = startAfter.get(cur) ?? 0;
        let bestRes = -1;
        for (let e = net.demStart[j]; e < net.demStart[j + 1]; e++) {
          for (const q of movedByRes.get(net.demRes[e]) ?? []) {
            const k = net.keys[q];
            const t = fa.get(k) ?? 0;
            if (seen.has(k) || t > es + EPS) continue;
            if (t > bestT) {
              bestT = t;
              best = q;
              bestRes = net.demRes[e];
            }
          }
        }
        if (best >= 0) via.set(cur, net.resources[bestRes].id);
      }
      if (best < 0) {
        const gone = (originalAfter.get(cur) ?? []).find((k) => removedOrCut.has(k));
        if (gone !== undefined) path.push(gone);
        break;
      }
      cur = net.keys[best];
      seen.add(cur);
      path.push(cur);
    }
    return { path: path.reverse(), via };
  };
}

function newWarnings(before: Diagnostic[], after: Diagnostic[]): Diagnostic[] {
  const seen = new Set(before.map((d) => `${d.code}\u0000${d.message}`));
  return after.filter((d) => !seen.has(`${d.code}\u0000${d.message}`));
}

function forecastImpact(before: WhatIfSubject, after: WhatIfSubject, options: WhatIfOptions, trials: number): ForecastImpact {
  const seed = options.forecastSeed ?? 1;
  const fo = { today: options.today, trials, seed, level: options.level };
  const run = (s: WhatIfSubject) => (s.kind === 'portfolio' ? forecastPortfolio(s.portfolio, fo) : forecastProgram(s.program, fo));
  const b = run(before).program;
  const a = run(after).program;
  return {
    confidence: b.confidence,
    trials,
    seed,
    before: b.atConfidence,
    after: a.atConfidence,
    ...(b.probabilityOnTarget !== undefined ? { probabilityBefore: b.probabilityOnTarget } : {}),
    ...(a.probabilityOnTarget !== undefined ? { probabilityAfter: a.probabilityOnTarget } : {}),
    ...(b.target !== undefined ? { target: b.target } : {}),
  };
}
