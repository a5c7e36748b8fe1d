/**
 * What-if across programs, pure (no DOM, no worker globals; tested in Node by test/web/whatif-portfolio.test.ts
 * against `vantage whatif examples/commerce.portfolio.yaml --format json`): the programs the portfolio page has read
 * become one `Portfolio` (linkPortfolio, so cross-program `after:` links hold as `schedulePortfolio` makes them),
 * prepared once; a change list on qualified ids (`checkout-revamp/PAY-7`) then gives, per program, the milestones
 * that move, the objectives they serve and the finish delta, and the chains that cross from one program to another.
 *
 * A link to a program the user cannot read, or to an item its program no longer has, is left out with a note in
 * words: the rest of the portfolio still answers.
 */
import { prepareWhatIf, whatIfWithSchedule, type PreparedWhatIf, type WhatIfChange, type WhatIfResult } from '../../../src/engine/strategy/whatif.js';
import { linkPortfolio } from '../../../src/model/portfolio.js';
import type { Dependency, Portfolio, Program } from '../../../src/model/program.js';
import { whatIfOptions } from './options.js';

/** A program as the page read it: its model, or why it could not be read. */
export type PortfolioMemberInput = { id: string; program?: Program; error?: string };

export type PortfolioLink = { portfolio?: Portfolio; problems: string[] };

/** The portfolio id the web uses (the CLI's comes from the portfolio file). */
export const WEB_PORTFOLIO_ID = 'portfolio';

/**
 * One portfolio of the readable programs, in the given order. Example: checkout-revamp and loyalty read give a
 * portfolio of both and no problems; loyalty alone gives a portfolio of loyalty and "loyalty/LOY-4 waits on
 * checkout-revamp/PAY-4, a program you cannot read here: that link is left out".
 */
export function buildPortfolio(inputs: readonly PortfolioMemberInput[]): PortfolioLink {
  const problems: string[] = [];
  const readable = new Map<string, Program>();
  for (const m of inputs) {
    if (m.program) readable.set(m.program.program.id, m.program);
    else problems.push(`${m.id} could not be read${m.error ? ` (${m.error})` : ''}: it is left out`);
  }
  const has = (d: Dependency, nodes: 'item' | 'any'): boolean => {
    const p = readable.get(d.program!);
    return !!p && (p.items.some((i) => i.id === d.id) || (nodes === 'any' && p.milestones.some((x) => x.id === d.id)));
  };
  const keep = (pid: string, where: string, nodes: 'item' | 'any') => (d: Dependency): boolean => {
    if (d.program === undefined || d.program === pid) return true;
    if (!readable.has(d.program)) problems.push(`${pid}/${where} waits on ${d.program}/${d.id}, a program you cannot read here: that link is left out`);
    else if (!has(d, nodes)) problems.push(`${pid}/${where} waits on ${d.program}/${d.id}, which ${d.program} does not have: that link is left out`);
    else return true;
    return false;
  };
  // Copies with the dangling links dropped, so linking never fails on what the page could not read.
  const programs = [...readable.values()].map((p): Program => {
    const pid = p.program.id;
    return {
      ...p,
      items: p.items.map((it) => ({ ...it, after: it.after.filter(keep(pid, it.id, 'item')) })),
      milestones: p.milestones.map((m) => ({ ...m, after: m.after.filter(keep(pid, m.id, 'any')) })),
    };
  });
  if (programs.length === 0) return { problems: [...problems, 'no program could be read'] };
  const linked = linkPortfolio(
    { id: WEB_PORTFOLIO_ID, name: 'Portfolio', programs: programs.map((p, index) => ({ path: p.file, index })) },
    programs.map((program, index) => ({ index, file: program.file, program })),
    { file: 'portfolio', locate: () => undefined, ok: true },
  );
  for (const d of linked.diagnostics) if (d.severity === 'error') problems.push(d.message);
  return linked.portfolio ? { portfolio: linked.portfolio, problems } : { problems };
}

/** The prepared portfolio and what linking it left out. */
export type PreparedPortfolio = { prepared?: PreparedWhatIf; problems: string[]; programs: string[]; items: number };

/** Links and schedules the baseline once, with the options `vantage whatif` uses. Example: `preparePortfolio(inputs, '2026-11-25')`. */
export function preparePortfolio(inputs: readonly PortfolioMemberInput[], today: string): PreparedPortfolio {
  const { portfolio, problems } = buildPortfolio(inputs);
  if (!portfolio) return { problems, programs: [], items: 0 };
  const prepared = prepareWhatIf({ kind: 'portfolio', portfolio }, whatIfOptions(today));
  const items = portfolio.programs.reduce((n, p) => n + p.items.length, 0);
  return { prepared, problems, programs: portfolio.programs.map((p) => p.program.id), items };
}

export type MovedMilestone = { id: string; title: string; before: string; after: string; deltaDays: number; objectives: string[] };
export type MovedObjective = { id: string; title: string; due?: string; before: string; after: string; deltaDays: number; atRisk: boolean; wasAtRisk: boolean };
export type MovedItem = { id: string; title: string; deltaDays: number };

/** One program under the scenario. */
export type ProgramMoves = {
  id: string;
  name: string;
  finish: { before: string; after: string; deltaDays: number };
  /** Milestones that move (delta ≠ 0), latest delta first. */
  milestones: MovedMilestone[];
  /** Objectives that move or change risk. */
  objectives: MovedObjective[];
  /** Items whose finish moves (the changed ones included). */
  items: MovedItem[];
  /**
   * The scenario to open on this program's own timeline: its own changes with bare ids, then, where the impact
   * enters from another program, the entry items slipped by how much they move (a program alone is scheduled without
   * its cross-program links, so that is how its timeline can show the knock-on). Empty when nothing applies.
   */
  localChanges: WhatIfChange[];
};

export type PortfolioAnswer = {
  /** The engine's result (what `vantage whatif --format json` prints for the portfolio). */
  result: WhatIfResult;
  /** Every program of the portfolio, in portfolio order. */
  programs: ProgramMoves[];
  /** Moved milestones and the programs they are in. */
  moves: { milestones: number; programs: number };
  /** Chains that cross programs, in words: "checkout-revamp/PAY-7 +10 d → checkout-revamp/REL-3 +10 d → loyalty/LOY-7 +10 d". */
  crossChains: string[];
  /** Changes the engine could not apply, in words. */
  errors: string[];
  computeMs: number;
};

const round1 = (x: number): number => Math.round(x * 10) / 10 + 0;
const signed = (d: number): string => (round1(d) === 0 ? '0 d' : `${d > 0 ? '+' : '−'}${Math.abs(round1(d))} d`);
const programOf = (key: string): string => key.slice(0, key.indexOf('/'));

/**
 * The impacts of `changes` (qualified ids: `checkout-revamp/PAY-7`) on a prepared portfolio. `now` is the clock for
 * `computeMs`. Example: slip checkout-revamp/PAY-7 by 10 moves ga +10 d in checkout-revamp and loyalty-launch +10 d in
 * loyalty, with the cross chain "checkout-revamp/PAY-7 +10 d → checkout-revamp/REL-3 +10 d → loyalty/LOY-7 +10 d → loyalty/loyalty-launch +10 d".
 */
export function computePortfolioScenario(prepared: PreparedWhatIf, changes: readonly WhatIfChange[], now: () => number = () => 0): PortfolioAnswer {
  const started = now();
  if (prepared.subject.kind !== 'portfolio') throw new Error('computePortfolioScenario needs a prepared portfolio');
  const portfolio = prepared.subject.portfolio;
  const { result, after } = whatIfWithSchedule(prepared, changes);
  const key = (program: string | undefined, id: string): string => `${program ?? ''}/${id}`;
  const beforeItems = new Map(prepared.before.items.map((it) => [key(it.program, it.id), it]));
  const itemDelta = new Map<string, number>();
  for (const it of after.items) {
    const b = beforeItems.get(key(it.program, it.id));
    if (b && Math.abs(it.ef - b.ef) > 1e-6) itemDelta.set(key(it.program, it.id), round1(it.ef - b.ef));
  }
  const msDelta = new Map(result.milestones.map((m) => [key(m.program, m.id), m.deltaDays]));
  const finishOf = new Map((result.programs ?? []).map((p) => [p.id, p]));
  const changedKeys = new Set(changes.flatMap((c) => (c.kind === 'capacity' ? [] : [c.id])));

  // Entries: where a chain crosses into another program at an item, that item and how far it moves.
  const entries = new Map<string, Map<string, number>>();
  const crossChains: string[] = [];
  for (const chain of result.chains) {
    const nodes = chain.filter((k) => k.includes('/'));
    const programs = new Set(nodes.map(programOf));
    if (programs.size < 2) continue;
    const shown: string[] = [];
    const label = (k: string): string => {
      const d = itemDelta.get(k) ?? msDelta.get(k);
      const change = changes.find((c) => c.kind !== 'capacity' && c.id === k);
      if (change && change.kind !== 'slip') return `${k} ${change.kind}`;
      return d === undefined ? k : `${k} ${signed(d)}`;
    };
    nodes.forEach((k, i) => {
      const prev = nodes[i - 1];
      const next = nodes[i + 1];
      const crossesIn = prev !== undefined && programOf(prev) !== programOf(k);
      const crossesOut = next !== undefined && programOf(next) !== programOf(k);
      if (i === 0 || i === nodes.length - 1 || crossesIn || crossesOut) shown.push(label(k));
      if (crossesIn && itemDelta.has(k) && !changedKeys.has(k)) {
        const pid = programOf(k);
        const map = entries.get(pid) ?? new Map<string, number>();
        map.set(k.slice(pid.length + 1), itemDelta.get(k)!);
        entries.set(pid, map);
      }
    });
    const objectives = chain.filter((k) => !k.includes('/'));
    const text = shown.join(' → ') + objectives.map((o) => ` → objective ${o}`).join('');
    if (!crossChains.includes(text)) crossChains.push(text);
  }

  const programs = portfolio.programs.map((p): ProgramMoves => {
    const pid = p.program.id;
    const titleOfObjective = new Map(p.objectives.map((o) => [o.id, o.title]));
    const milestones = result.milestones
      .filter((m) => m.program === pid && m.deltaDays !== 0)
      .map((m) => {
        const ms = p.milestones.find((x) => x.id === m.id);
        return { id: m.id, title: ms?.title ?? m.id, before: m.before, after: m.after, deltaDays: m.deltaDays, objectives: ms?.objectives ?? [] };
      })
      .sort((a, b) => b.deltaDays - a.deltaDays || a.after.localeCompare(b.after));
    const objectives = result.objectives
      .filter((o) => o.program === pid && (o.deltaDays !== 0 || o.atRisk !== o.wasAtRisk))
      .map((o) => ({ id: o.id, title: titleOfObjective.get(o.id) ?? o.id, ...(o.due !== undefined ? { due: o.due } : {}), before: o.before, after: o.after, deltaDays: o.deltaDays, atRisk: o.atRisk, wasAtRisk: o.wasAtRisk }));
    const items = p.items.flatMap((it) => {
      const d = itemDelta.get(key(pid, it.id));
      return d === undefined ? [] : [{ id: it.id, title: it.title, deltaDays: d }];
    });
    const own = changes.flatMap((c): WhatIfChange[] => (c.kind !== 'capacity' && c.id.startsWith(`${pid}/`) ? [{ ...c, id: c.id.slice(pid.length + 1) }] : []));
    const entered = [...(entries.get(pid) ?? [])].filter(([id]) => !own.some((c) => c.kind !== 'capacity' && c.id === id)).map(([id, days]): WhatIfChange => ({ kind: 'slip', id, days }));
    const f = finishOf.get(pid);
    return {
      id: pid,
      name: p.program.name,
      finish: f ? { before: f.before, after: f.after, deltaDays: f.deltaDays } : { before: '', after: '', deltaDays: 0 },
      milestones,
      objectives,
      items,
      localChanges: [...own, ...entered],
    };
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  const milestones = programs.reduce((n, p) => n + p.milestones.length, 0);
  return {
    result,
    programs,
    moves: { milestones, programs: programs.filter((p) => p.milestones.length > 0).length },
    crossChains,
    errors,
    computeMs: now() - started,
  };
}
