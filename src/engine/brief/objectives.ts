/**
 * Objectives in a brief: the work serving each one, its forecast date, its metric and its health.
 *
 * An objective is served by the items that list it (their own or their workstream's objectives), by the milestones that
 * list it (and so by the items those wait for), and by everything serving its child objectives. Its forecast is the
 * finish of its open work: the forecast engine is run on a copy of the program with one synthetic milestone per
 * objective (`objective:<id>`, waiting for that open work, dated at the objective's due date), built by
 * `withObjectiveMilestones`; `objectiveStatuses` reads those milestones' levels back. The ':' keeps the synthetic ids
 * apart from any id a file may declare.
 */
import type { IsoDate, Item, MetricSpec, Milestone, Objective, Program } from '../../model/program.js';
import type { ForecastResult } from '../forecast/summary.js';
import { itemObjectives } from '../strategy/priorities.js';
import { dateAtLevel, DEFAULT_THRESHOLDS, milestoneRules, objectiveRules, sortReasons, worstStatus, type HealthReason, type HealthStatus, type HealthThresholds } from './health.js';

export const OBJECTIVE_MILESTONE_PREFIX = 'objective:';

/** The synthetic milestone id of an objective: `objective:conv`. */
export const objectiveMilestoneId = (objectiveId: string): string => `${OBJECTIVE_MILESTONE_PREFIX}${objectiveId}`;

/** An objective and every objective below it (cycles in `parent` are cut). */
export function objectiveFamily(program: Program, objectiveId: string): Set<string> {
  const family = new Set<string>([objectiveId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of program.objectives) {
      if (o.parent !== undefined && family.has(o.parent) && !family.has(o.id)) {
        family.add(o.id);
        grew = true;
      }
    }
  }
  return family;
}

/**
 * The work serving an objective (see the module comment): items that are not cut, in file order, and the milestones
 * listing the objective or one below it. Example: item a in workstream w whose objectives are [conv] serves conv and
 * conv's parent.
 */
export function servingWork(program: Program, objectiveId: string): { items: Item[]; milestones: Milestone[] } {
  const family = objectiveFamily(program, objectiveId);
  const milestones = program.milestones.filter((m) => m.objectives.some((o) => family.has(o)));
  const viaMilestones = new Set(milestones.flatMap((m) => m.after.filter((d) => d.program === undefined).map((d) => d.id)));
  const items = program.items.filter(
    (i) => i.status !== 'cut' && (viaMilestones.has(i.id) || itemObjectives(program, i).some((o) => family.has(o))),
  );
  return { items, milestones };
}

/**
 * A copy of the program with one synthetic milestone per objective that still has open work: `objective:<id>`, after
 * that work, dated at the objective's due date (so the forecast gives the probability of meeting it). The program's
 * own entities are shared, not copied (the engines never mutate them).
 */
export function withObjectiveMilestones(program: Program): Program {
  const extra: Milestone[] = [];
  for (const o of program.objectives) {
    const open = servingWork(program, o.id).items.filter((i) => i.status !== 'done');
    if (open.length === 0) continue;
    extra.push({
      id: objectiveMilestoneId(o.id),
      title: o.title,
      after: open.map((i) => ({ id: i.id, lag: 0 })),
      ...(o.due !== undefined ? { date: o.due } : {}),
      objectives: [],
    });
  }
  return { ...program, milestones: [...program.milestones, ...extra] };
}

export type ObjectiveWorkItem = { id: string; title: string; status: Item['status']; must: boolean };

export type ObjectiveStatus = {
  id: string;
  title: string;
  parent?: string;
  weight: number;
  due?: IsoDate;
  metric?: MetricSpec;
  /** Share of the way from baseline to target (0 at the baseline, 1 at the target), when all three are known. */
  metricProgress?: number;
  /** The work serving it: items that are not cut (file order) and their counts. */
  work: { total: number; done: number; open: number; items: ObjectiveWorkItem[] };
  milestones: { id: string; title: string; date?: IsoDate }[];
  /** Forecast of its open work: P50 and the date at the program's confidence; absent when nothing is open. */
  p50?: IsoDate;
  atConfidence?: IsoDate;
  /** Probability that its open work is done by `due`. */
  probabilityOnDue?: number;
  /** When every serving item is done: the last finish date. */
  finishedOn?: IsoDate;
  status: HealthStatus;
  reasons: HealthReason[];
};

/**
 * Every objective's status, in file order: its own rules (objective-late, the metric rules) and those of the committed
 * milestones serving it (milestone-unlikely, milestone-below-confidence). `forecast` must be the forecast of `withObjectiveMilestones(program)` with
 * the program's confidence among its percentiles (else the next level above is used). Example: an objective due
 * 2027-03-19 whose open work finishes 2027-04-02 at 85% gets `objective-late` (at risk, or off track when it is below
 * 50% likely by its due date).
 */
export function objectiveStatuses(program: Program, forecast: ForecastResult, today: IsoDate, thresholds: HealthThresholds = DEFAULT_THRESHOLDS): ObjectiveStatus[] {
  const confidence = program.program.confidence;
  const synthetic = new Map(forecast.milestones.filter((m) => m.id.startsWith(OBJECTIVE_MILESTONE_PREFIX)).map((m) => [m.id, m]));
  const milestoneReasons = milestoneRules(program, forecast, thresholds);
  return program.objectives.map((o: Objective) => {
    const work = servingWork(program, o.id);
    const done = work.items.filter((i) => i.status === 'done');
    const f = synthetic.get(objectiveMilestoneId(o.id));
    const atConfidence = f ? dateAtLevel(f, confidence) : undefined;
    const p50 = f ? dateAtLevel(f, 0.5) : undefined;
    const served = new Set(work.milestones.map((m) => m.id));
    const reasons = sortReasons([
      ...objectiveRules({ objective: o, atConfidence, probabilityOnDue: f?.probabilityOnDate, today, confidence }, thresholds),
      ...milestoneReasons.filter((r) => served.has(r.subject.id)),
    ]);
    const m = o.metric;
    const progress =
      m && m.baseline !== undefined && m.target !== undefined && m.current !== undefined && m.target !== m.baseline
        ? Math.round(((m.current - m.baseline) / (m.target - m.baseline)) * 1000) / 1000 + 0
        : undefined;
    const finishes = done.map((i) => i.finished).filter((d): d is string => d !== undefined).sort();
    const out: ObjectiveStatus = {
      id: o.id,
      title: o.title,
      ...(o.parent !== undefined ? { parent: o.parent } : {}),
      weight: o.weight,
      ...(o.due !== undefined ? { due: o.due } : {}),
      ...(m ? { metric: m } : {}),
      ...(progress !== undefined ? { metricProgress: progress } : {}),
      work: {
        total: work.items.length,
        done: done.length,
        open: work.items.length - done.length,
        items: work.items.map((i) => ({ id: i.id, title: i.title, status: i.status, must: i.must })),
      },
      milestones: work.milestones.map((ms) => ({ id: ms.id, title: ms.title, ...(ms.date !== undefined ? { date: ms.date } : {}) })),
      ...(p50 !== undefined ? { p50 } : {}),
      ...(atConfidence !== undefined ? { atConfidence } : {}),
      ...(f?.probabilityOnDate !== undefined ? { probabilityOnDue: f.probabilityOnDate } : {}),
      ...(!f && work.items.length > 0 && finishes.length > 0 ? { finishedOn: finishes[finishes.length - 1] } : {}),
      status: worstStatus(reasons),
      reasons,
    };
    return out;
  });
}
