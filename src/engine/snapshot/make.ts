/**
 * Building a snapshot (src/model/snapshot.ts) from a program and the results computed for it. Pure: the caller runs
 * the schedule and the forecast, reads the clock (`takenAt`) and picks the id (src/io/snapshot/store.ts snapshotId).
 */
import type { IsoDate, Program } from '../../model/program.js';
import { SNAPSHOT_VERSION, type Snapshot, type SnapshotMilestone } from '../../model/snapshot.js';
import type { ForecastResult } from '../forecast/forecast.js';
import type { DateQuantile } from '../forecast/summary.js';
import type { ScheduleResult } from '../schedule.js';
import { estimateMean } from '../strategy/priorities.js';

export type MakeSnapshotInput = {
  program: Program;
  /** The program file's text as read. */
  source: string;
  /** The deterministic schedule of `program` for `statusDate`. */
  schedule: ScheduleResult;
  /** The Monte Carlo forecast of `program` for `statusDate`, when one was run. */
  forecast?: ForecastResult;
  statusDate: IsoDate;
  /** ISO timestamp (UTC) of when it was taken. */
  takenAt: string;
  id: string;
  label?: string;
};

/** Rounds a duration to 1/1000 of a working day so a snapshot's JSON is stable across platforms. */
const round3 = (x: number): number => Math.round(x * 1000) / 1000 + 0;

/** The date at one percentile level (0.5, 0.85, 0.95) of a forecast's levels, if reported. */
function at(levels: readonly DateQuantile[], level: number): IsoDate | undefined {
  return levels.find((l) => Math.abs(l.level - level) < 1e-9)?.date;
}

/**
 * A snapshot of one program: every item (file order; cut items have no dates), milestone (committed, planned and
 * forecast dates), risk, objective and decision, the planned finish and the forecast's percentiles. Item
 * `estimateDays` is the mean of the estimate in working days (0 without one). Example: a program with items a (3d) and
 * b (2d, after a) starting Monday 2027-01-04 gives `planned: '2027-01-08'` and items with their scheduled dates.
 */
export function makeSnapshot(input: MakeSnapshotInput): Snapshot {
  const { program: p, schedule, forecast } = input;
  const scheduled = new Map(schedule.items.filter((i) => i.program === undefined || i.program === p.program.id).map((i) => [i.id, i]));
  const plannedMilestones = new Map(schedule.milestones.filter((m) => m.program === undefined || m.program === p.program.id).map((m) => [m.id, m]));
  const forecastMilestones = new Map((forecast?.milestones ?? []).filter((m) => m.program === undefined || m.program === p.program.id).map((m) => [m.id, m]));
  const snapshot: Snapshot = {
    vantageSnapshot: SNAPSHOT_VERSION,
    id: input.id,
    takenAt: input.takenAt,
    statusDate: input.statusDate,
    ...(input.label !== undefined ? { label: input.label } : {}),
    program: {
      id: p.program.id,
      name: p.program.name,
      start: p.program.start,
      ...(p.program.target !== undefined ? { target: p.program.target } : {}),
      confidence: p.program.confidence,
    },
    items: p.items.map((item) => {
      const s = item.status === 'cut' ? undefined : scheduled.get(item.id);
      return {
        id: item.id,
        title: item.title,
        ...(item.workstream !== undefined ? { workstream: item.workstream } : {}),
        status: item.status,
        must: item.must,
        estimateDays: item.estimate ? round3(estimateMean(item.estimate)) : 0,
        objectives: [...item.objectives],
        ...(item.owner !== undefined ? { owner: item.owner } : {}),
        ...(s ? { start: s.start, finish: s.finish } : {}),
      };
    }),
    milestones: p.milestones.map((m) => {
      const planned = plannedMilestones.get(m.id);
      const f = forecastMilestones.get(m.id);
      const out: SnapshotMilestone = { id: m.id, title: m.title };
      if (m.date !== undefined) out.date = m.date;
      if (planned) out.planned = planned.date;
      if (f) {
        const [p50, p85, p95] = [at(f.levels, 0.5), at(f.levels, 0.85), at(f.levels, 0.95)];
        if (p50 !== undefined) out.p50 = p50;
        if (p85 !== undefined) out.p85 = p85;
        if (p95 !== undefined) out.p95 = p95;
        if (f.probabilityOnDate !== undefined) out.probabilityOnDate = f.probabilityOnDate;
      }
      return out;
    }),
    risks: p.risks.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      status: r.status,
      ...(r.probability !== undefined ? { probability: r.probability } : {}),
      ...(r.impact !== undefined ? { impactDays: r.impact.days } : {}),
      ...(r.severity !== undefined ? { severity: r.severity } : {}),
      ...(r.owner !== undefined ? { owner: r.owner } : {}),
    })),
    objectives: p.objectives.map((o) => ({
      id: o.id,
      title: o.title,
      ...(o.metric !== undefined ? { metric: o.metric.name } : {}),
      ...(o.metric?.baseline !== undefined ? { baseline: o.metric.baseline } : {}),
      ...(o.metric?.current !== undefined ? { current: o.metric.current } : {}),
      ...(o.metric?.target !== undefined ? { target: o.metric.target } : {}),
      ...(o.due !== undefined ? { due: o.due } : {}),
    })),
    decisions: p.decisions.map((d) => ({
      id: d.id,
      title: d.title,
      ...(d.status !== undefined ? { status: d.status } : {}),
      ...(d.date !== undefined ? { date: d.date } : {}),
    })),
    planned: programFinish(schedule, p.program.id),
    source: input.source,
  };
  if (forecast) {
    const f = forecast.programs?.find((x) => x.id === p.program.id) ?? forecast.program;
    snapshot.forecast = {
      trials: forecast.trials,
      seed: forecast.seed,
      p50: at(f.levels, 0.5) ?? f.atConfidence,
      p85: at(f.levels, 0.85) ?? f.atConfidence,
      p95: at(f.levels, 0.95) ?? f.atConfidence,
      atConfidence: f.atConfidence,
      ...(f.probabilityOnTarget !== undefined ? { probabilityOnTarget: f.probabilityOnTarget } : {}),
    };
  }
  return snapshot;
}

function programFinish(schedule: ScheduleResult, id: string): IsoDate {
  return schedule.programs?.find((x) => x.id === id)?.finish ?? schedule.program.finish;
}
