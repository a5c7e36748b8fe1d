/**
 * Tiny builders of resolved model values for tests and benchmarks: every field defaulted, any field overridable.
 * They build what the loader would produce (e.g. `needs` defaults to {owner: 1}), without reading a file.
 *
 * Example: makeProgram({ items: [makeItem('a', { estimate: est(3) }), makeItem('b', { after: ['a'] })] }).
 */
import type {
  Dependency,
  DistKind,
  Estimate,
  Item,
  Milestone,
  Person,
  Portfolio,
  Program,
  ProgramInfo,
  Team,
} from './program.js';

/** A fixed estimate of `days` working days. */
export function est(days: number): Estimate {
  return { low: days, likely: days, high: days, dist: 'fixed' };
}

/** A three-point estimate (default distribution pert). */
export function est3(low: number, likely: number, high: number, dist: DistKind = 'pert'): Estimate {
  return { low, likely, high, dist };
}

/** A dependency: `'a'`, or `dep('a', 2)` for a lag of 2 working days, or `dep('a', 0, 'other-program')`. */
export function dep(id: string, lag = 0, program?: string): Dependency {
  return program === undefined ? { id, lag } : { id, lag, program };
}

type DepInput = string | Dependency;

const toDeps = (after: readonly DepInput[] | undefined): Dependency[] =>
  (after ?? []).map((a) => (typeof a === 'string' ? dep(a) : a));

export type ItemOverrides = Omit<Partial<Item>, 'after'> & { after?: DepInput[] };

/** An open item with estimate 1 day; `needs` defaults to {owner: 1} when an owner is given. */
export function makeItem(id: string, overrides: ItemOverrides = {}): Item {
  const { after, ...rest } = overrides;
  const needsExplicit = overrides.needs !== undefined;
  const needs = overrides.needs ?? (overrides.owner !== undefined ? { [overrides.owner]: 1 } : {});
  return {
    id,
    title: `Item ${id}`,
    needs,
    needsExplicit,
    estimate: est(1),
    objectives: [],
    must: false,
    status: 'todo',
    tags: [],
    links: {},
    ...rest,
    after: toDeps(after),
  };
}

export type MilestoneOverrides = Omit<Partial<Milestone>, 'after'> & { after?: DepInput[] };

export function makeMilestone(id: string, overrides: MilestoneOverrides = {}): Milestone {
  const { after, ...rest } = overrides;
  return { id, title: `Milestone ${id}`, objectives: [], ...rest, after: toDeps(after) };
}

export function makePerson(id: string, overrides: Partial<Person> = {}): Person {
  return { id, name: id, capacity: 1, skills: [], off: [], ...overrides };
}

export function makeTeam(id: string, capacity: number, overrides: Partial<Team> = {}): Team {
  return { id, name: id, capacity, ...overrides };
}

export type ProgramOverrides = Omit<Partial<Program>, 'program'> & { program?: Partial<ProgramInfo> };

/** A program starting Monday 2027-01-04 on a Monday-to-Friday calendar without holidays. */
export function makeProgram(overrides: ProgramOverrides = {}): Program {
  const { program, ...rest } = overrides;
  return {
    version: 1,
    file: 'test.vantage.yaml',
    objectives: [],
    people: [],
    teams: [],
    workstreams: [],
    items: [],
    milestones: [],
    risks: [],
    decisions: [],
    lessons: [],
    stakeholders: [],
    history: [],
    extensions: {},
    ...rest,
    program: {
      id: 'test',
      name: 'Test program',
      start: '2027-01-04',
      confidence: 0.85,
      prioritize: 'wsjf',
      ...program,
      calendar: {
        workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
        holidays: [],
        ...program?.calendar,
      },
    },
  };
}

export function makePortfolio(programs: Program[], overrides: Partial<Portfolio> = {}): Portfolio {
  return { id: 'portfolio', name: 'Test portfolio', file: 'test.portfolio.yaml', programs, ...overrides };
}
