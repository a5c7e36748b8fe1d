/**
 * The brief: a program's state in business language, built from its schedule, its forecast and what changed since
 * the previous snapshot. Renderers (src/cli/render/brief-*.ts) turn it into md, html, Slack Block Kit or text; this
 * module decides what is said. Pure and deterministic: no clock, no network, no model calls.
 *
 * - headline: the worst health rule that fired over the target, committed milestones, objectives and open risks
 *   (health.ts), with every reason in words;
 * - objectives: objectiveStatuses (objectives.ts);
 * - risks: open and occurred risks, largest forecast delay first;
 * - asks: who must do what by when: proposed decisions, risk reviews due within a week (or overdue), risk triggers
 *   dated within two weeks, blocked items (by their latest start that keeps the finish);
 * - changes: the snapshot diff as given (null: no earlier snapshot, the first brief);
 * - eng: eng.ts; burnup: done vs scope item counts, weekly from the start (flowMetrics).
 */
import type { IsoDate, Program } from '../../model/program.js';
import type { ForecastResult } from '../forecast/summary.js';
import type { ScheduleResult } from '../schedule.js';
import type { LoadReport } from '../strategy/load.js';
import { dayNumber, isoDate } from '../dates.js';
import { flowMetrics } from '../flow/metrics.js';
import { engSection, type BlockedItem, type EngSection } from './eng.js';
import {
  dateAtLevel,
  DEFAULT_THRESHOLDS,
  isLive,
  milestoneReached,
  milestoneRules,
  riskRules,
  sortReasons,
  statusWords,
  targetRules,
  worstStatus,
  type HealthReason,
  type HealthStatus,
  type HealthThresholds,
} from './health.js';
import { OBJECTIVE_MILESTONE_PREFIX, objectiveStatuses, type ObjectiveStatus } from './objectives.js';
import { longDate } from './words.js';

/** One change since the previous snapshot (the shape of src/engine/snapshot's Change). */
export type BriefChange = {
  kind: string;
  subject: { type: string; id: string; title: string };
  before?: unknown;
  after?: unknown;
  days?: number;
  text: string;
};

export type BriefInput = {
  program: Program;
  /** Deterministic schedule of `program` for `today`. */
  schedule: ScheduleResult;
  /** Forecast of `withObjectiveMilestones(program)` for `today`, with the program's confidence among its percentiles. */
  forecast: ForecastResult;
  /** Load of `program` for `today` by week (loadReport). */
  load: LoadReport;
  today: IsoDate;
  /** Changes since `since`; null when there is no earlier snapshot. */
  changes: BriefChange[] | null;
  since?: { id: string; statusDate: IsoDate; label?: string };
  thresholds?: HealthThresholds;
};

export type Ask = {
  kind: 'decision' | 'risk-review' | 'risk-trigger' | 'unblock';
  /** A person's or stakeholder's name (the id when it names no one). */
  who: string;
  what: string;
  by: IsoDate;
  subject: { type: 'decision' | 'risk' | 'item'; id: string };
};

export type BriefRisk = {
  id: string;
  title: string;
  kind: string;
  status: string;
  probability?: number;
  impactDays?: number;
  /** Working days it adds to the finish at the program's confidence (the forecast's tornado bar). */
  days?: number;
  severity?: number;
  owner?: string;
  ownerName?: string;
  mitigation?: string;
  trigger?: string;
  review?: IsoDate;
};

export type BriefMilestone = {
  id: string;
  title: string;
  date?: IsoDate;
  p50?: IsoDate;
  atConfidence?: IsoDate;
  probabilityOnDate?: number;
  reached: boolean;
};

export type Brief = {
  program: { id: string; name: string; start: IsoDate; target?: IsoDate; confidence: number; tpm?: string; today: IsoDate };
  headline: { status: HealthStatus; text: string; reasons: HealthReason[] };
  forecast: {
    p50: IsoDate;
    p85?: IsoDate;
    p95?: IsoDate;
    atConfidence: IsoDate;
    probabilityOnTarget?: number;
    planned: IsoDate;
    trials: number;
    seed: number;
    histogram: { date: IsoDate; count: number }[];
  };
  objectives: ObjectiveStatus[];
  milestones: BriefMilestone[];
  risks: BriefRisk[];
  asks: Ask[];
  changes: BriefChange[];
  /** The snapshot the changes are measured from; null for a first brief. */
  since: { id: string; statusDate: IsoDate; label?: string } | null;
  eng: EngSection;
  burnup: { date: IsoDate; scope: number; done: number }[];
};

const addDays = (date: IsoDate, days: number): IsoDate => isoDate(dayNumber(date) + days);

/**
 * Build the brief (see the module comment). Example: a program 62% likely by its target with confidence 0.85 gets
 * headline status 'at-risk' with a `target-below-confidence` reason.
 */
export function buildBrief(input: BriefInput): Brief {
  const { program, schedule, forecast, today } = input;
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const info = program.program;
  const objectives = objectiveStatuses(program, forecast, today, t);
  const reasons = sortReasons(unique([
    ...targetRules(program, forecast, t),
    ...milestoneRules(program, forecast, t),
    ...objectives.flatMap((o) => o.reasons),
    ...riskRules(program, forecast, t),
  ]));
  const fired = reasons.filter((r) => r.status !== 'on-track');
  const status = worstStatus(reasons);
  const shown = fired.length > 0 ? fired : reasons;
  const more = shown.length - 1;
  const word = statusWords(status);
  const headlineText = `${word[0]!.toUpperCase()}${word.slice(1)}: ${shown[0]?.text ?? ''}${more > 0 ? ` (and ${more} more reason${more === 1 ? '' : 's'})` : ''}`;

  const names = nameLookup(program);
  const eng = engSection(program, schedule, input.load, { today });
  const f = forecast.program;
  const level = (p: number) => f.levels.find((l) => Math.abs(l.level - p) < 1e-6)?.date;
  const milestones: BriefMilestone[] = forecast.milestones
    .filter((m) => !m.id.startsWith(OBJECTIVE_MILESTONE_PREFIX) && m.program === undefined)
    .map((m) => {
      const decl = program.milestones.find((x) => x.id === m.id);
      const p50 = dateAtLevel(m, 0.5);
      const atConfidence = dateAtLevel(m, info.confidence);
      return {
        id: m.id,
        title: m.title,
        ...(m.date !== undefined ? { date: m.date } : {}),
        ...(p50 !== undefined ? { p50 } : {}),
        ...(atConfidence !== undefined ? { atConfidence } : {}),
        ...(m.probabilityOnDate !== undefined ? { probabilityOnDate: m.probabilityOnDate } : {}),
        reached: decl ? milestoneReached(program, decl) : false,
      };
    });

  return {
    program: {
      id: info.id,
      name: info.name,
      start: info.start,
      ...(info.target !== undefined ? { target: info.target } : {}),
      confidence: info.confidence,
      ...(info.tpm !== undefined ? { tpm: names(info.tpm) } : {}),
      today,
    },
    headline: { status, text: headlineText, reasons },
    forecast: {
      p50: level(0.5) ?? f.atConfidence,
      ...(level(0.85) !== undefined ? { p85: level(0.85) } : {}),
      ...(level(0.95) !== undefined ? { p95: level(0.95) } : {}),
      atConfidence: f.atConfidence,
      ...(f.probabilityOnTarget !== undefined ? { probabilityOnTarget: f.probabilityOnTarget } : {}),
      planned: schedule.program.finish,
      trials: forecast.trials,
      seed: forecast.seed,
      histogram: f.histogram,
    },
    objectives,
    milestones,
    risks: briefRisks(program, forecast, names),
    asks: briefAsks(program, eng.blocked, today, names),
    changes: input.changes ?? [],
    since: input.changes === null || !input.since ? null : input.since,
    eng,
    burnup: burnup(program, today),
  };
}

/** Reasons without repeats (a milestone's reason also appears under each objective it serves). */
function unique(reasons: readonly HealthReason[]): HealthReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.rule}\u0000${r.subject.type}\u0000${r.subject.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Person or stakeholder id → name (the id itself when it names no one). */
function nameLookup(program: Program): (id: string) => string {
  const names = new Map<string, string>();
  for (const s of program.stakeholders) names.set(s.id, s.name);
  for (const p of program.people) names.set(p.id, p.name);
  return (id) => names.get(id) ?? id;
}

function briefRisks(program: Program, forecast: ForecastResult, names: (id: string) => string): BriefRisk[] {
  const sampled = new Map(forecast.risks.filter((r) => r.program === undefined).map((r) => [r.id, r]));
  const exposure = (r: BriefRisk) => (r.probability ?? 0) * (r.impactDays ?? 0);
  return program.risks
    .filter((r) => isLive(r))
    .map((r): BriefRisk => {
      const f = sampled.get(r.id);
      return {
        id: r.id,
        title: r.title,
        kind: r.kind,
        status: r.status,
        ...(r.probability !== undefined ? { probability: r.probability } : {}),
        ...(r.impact ? { impactDays: r.impact.days } : {}),
        ...(f ? { days: f.days } : {}),
        ...(r.severity !== undefined ? { severity: r.severity } : {}),
        ...(r.owner !== undefined ? { owner: r.owner, ownerName: names(r.owner) } : {}),
        ...(r.mitigation !== undefined ? { mitigation: r.mitigation } : {}),
        ...(r.trigger !== undefined ? { trigger: r.trigger } : {}),
        ...(r.review !== undefined ? { review: r.review } : {}),
      };
    })
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r.days ?? 0) - (a.r.days ?? 0) || exposure(b.r) - exposure(a.r) || (b.r.severity ?? 0) - (a.r.severity ?? 0) || a.i - b.i)
    .map((x) => x.r);
}

/** Review asks look this many days ahead; trigger asks this many. */
const REVIEW_AHEAD_DAYS = 7;
const TRIGGER_AHEAD_DAYS = 14;

function briefAsks(program: Program, blocked: readonly BlockedItem[], today: IsoDate, names: (id: string) => string): Ask[] {
  const asks: Ask[] = [];
  const tpm = program.program.tpm;
  const who = (id: string | undefined): string => (id !== undefined ? names(id) : tpm !== undefined ? names(tpm) : 'the program TPM');
  for (const d of program.decisions) {
    if (d.status !== 'proposed') continue;
    const options = d.options.length > 0 ? ` (options: ${d.options.join(', ')})` : '';
    asks.push({ kind: 'decision', who: who(d.owner), what: `Decide: ${d.title}${options}`, by: d.date ?? today, subject: { type: 'decision', id: d.id } });
  }
  for (const r of program.risks) {
    if (r.status !== 'open') continue;
    if (r.review !== undefined && r.review <= addDays(today, REVIEW_AHEAD_DAYS)) {
      const overdue = r.review < today ? ` (review overdue since ${longDate(r.review)})` : '';
      asks.push({ kind: 'risk-review', who: who(r.owner), what: `Review the risk "${r.title}"${overdue}${r.mitigation ? `; mitigation: ${r.mitigation}` : ''}`, by: r.review < today ? today : r.review, subject: { type: 'risk', id: r.id } });
    }
    const triggerDate = r.trigger === undefined ? undefined : /\d{4}-\d{2}-\d{2}/.exec(r.trigger)?.[0];
    if (triggerDate !== undefined && triggerDate >= today && triggerDate <= addDays(today, TRIGGER_AHEAD_DAYS)) {
      asks.push({ kind: 'risk-trigger', who: who(r.owner), what: `Act before the trigger "${r.trigger}" (risk "${r.title}")`, by: triggerDate, subject: { type: 'risk', id: r.id } });
    }
  }
  const lead = new Map(program.workstreams.map((w) => [w.id, w.lead]));
  for (const b of blocked) {
    asks.push({
      kind: 'unblock',
      who: who(b.owner ?? (b.workstream !== undefined ? lead.get(b.workstream) : undefined)),
      what: `Unblock "${b.title}" so the finish date holds`,
      by: b.unblockBy,
      subject: { type: 'item', id: b.id },
    });
  }
  const order = { decision: 0, 'risk-trigger': 1, unblock: 2, 'risk-review': 3 };
  return asks.map((a, i) => ({ a, i })).sort((x, y) => x.a.by.localeCompare(y.a.by) || order[x.a.kind] - order[y.a.kind] || x.i - y.i).map((x) => x.a);
}

/**
 * The program's burn-up (items, not cut): weekly points from its start to today, as `vantage metrics` draws it
 * (flowMetrics). The tracker history is left out (work from before the program), and every item counts in scope from
 * the start: the file has no creation dates, and flowMetrics would otherwise date an item's scope by its start, which
 * reads as scope growth whenever work begins.
 */
export function burnup(program: Program, today: IsoDate): { date: IsoDate; scope: number; done: number }[] {
  const from = program.program.start <= today ? program.program.start : today;
  const items = program.items.map(({ started: _started, ...item }) => item);
  return flowMetrics({ ...program, items, history: [] }, { today, from }).burnup;
}
