/**
 * The detection rules, one function each: (input, setting) → findings. Catalogue, thresholds and defaults live in
 * src/model/risk-rules.ts; docs/risk-rules.md describes each rule with an example finding.
 *
 * Conventions: "open" items are todo, doing and blocked ones; the critical path is the schedule's critical items that
 * are open (done items are never critical). Durations are working days; ages and cadences calendar days.
 */
import type { IsoDate, Item, Program } from '../../model/program.js';
import type { RuleId, RuleSetting } from '../../model/risk-rules.js';
import type { Snapshot } from '../../model/snapshot.js';
import { createCalendar } from '../calendar.js';
import { dayNumber, isoDate } from '../dates.js';
import { ageDays, cycleTimeDays, percentileNearestRank } from '../flow/cycle-time.js';
import type { ForecastResult } from '../forecast/forecast.js';
import type { DateQuantile } from '../forecast/summary.js';
import type { ScheduledItem, ScheduleResult } from '../schedule.js';
import { estimateMean } from '../strategy/priorities.js';
import { finding, percent, round2, type Finding, type FindingSeverity } from './finding.js';

/** What the rules read. `forecast` is optional: without it, commitment-at-risk stays silent. */
export type DetectInput = {
  program: Program;
  /** `scheduleProgram(program, {today})`. */
  schedule: ScheduleResult;
  /** `forecastProgram(program, {today, trials, seed})`: findings are deterministic for its seed. */
  forecast?: ForecastResult;
  /** Earlier snapshots of the program, oldest first (scope growth, stalled metrics). */
  snapshots: readonly Snapshot[];
  /** The status date. */
  today: IsoDate;
};

export type Rule = (input: DetectInput, setting: RuleSetting) => Finding[];

const OPEN = new Set(['todo', 'doing', 'blocked']);

function criticalOpen(input: DetectInput): ScheduledItem[] {
  return input.schedule.items.filter((i) => i.critical && OPEN.has(i.status));
}

function itemMap(program: Program): Map<string, Item> {
  return new Map(program.items.map((i) => [i.id, i]));
}

/** The people an item needs: its owner and every person in `needs` (teams left out), owner first. */
function peopleOf(item: Item | undefined, program: Program): string[] {
  if (!item) return [];
  const persons = new Set(program.people.map((p) => p.id));
  const out = new Set<string>();
  if (item.owner !== undefined && persons.has(item.owner)) out.add(item.owner);
  for (const id of Object.keys(item.needs)) if (persons.has(id)) out.add(id);
  return [...out];
}

const tpmOf = (program: Program): string[] => (program.program.tpm === undefined ? [] : [program.program.tpm]);

const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from);

/** The date at `level` (exact match, else the first level above it, else the last). */
function dateAtLevel(levels: readonly DateQuantile[], level: number): IsoDate | undefined {
  return (levels.find((l) => Math.abs(l.level - level) < 1e-6) ?? levels.find((l) => l.level >= level) ?? levels[levels.length - 1])?.date;
}

/** commitment-at-risk: committed milestone dates and the target with a forecast probability below the confidence. */
export const commitmentAtRisk: Rule = ({ program, forecast }, setting) => {
  if (!forecast) return [];
  const need = setting.thresholds.confidence ?? program.program.confidence;
  const out: Finding[] = [];
  const severity = (p: number): FindingSeverity => (p < 0.5 ? 'high' : 'medium');
  const action = (date: IsoDate | undefined) =>
    `Re-plan now: cut or defer scope, add capacity on the critical path, or re-commit to ${date ?? 'a later date'} and tell the stakeholders`;
  const items = itemMap(program);
  const reached = (id: string): boolean => {
    const spec = program.milestones.find((x) => x.id === id);
    return spec !== undefined && spec.after.every((d) => d.program === undefined && ['done', 'cut'].includes(items.get(d.id)?.status ?? ''));
  };
  for (const m of forecast.milestones) {
    if (m.date === undefined || m.probabilityOnDate === undefined || m.probabilityOnDate >= need) continue;
    if (m.program === undefined && reached(m.id)) continue; // history now, late or not: not a risk
    const at = dateAtLevel(m.levels, need);
    out.push(
      finding({
        rule: 'commitment-at-risk',
        severity: severity(m.probabilityOnDate),
        message: `Milestone ${m.id} (${m.title}) is committed for ${m.date} but has a ${percent(m.probabilityOnDate)} chance of being met; commitments need ${percent(need)} (that date is ${at})`,
        evidence: { committed: m.date, probability: m.probabilityOnDate, confidence: need, ...(at ? { dateAtConfidence: at } : {}) },
        items: [m.id],
        people: tpmOf(program),
        action: action(at),
        subject: m.id,
      }),
    );
  }
  const p = forecast.program;
  if (p.target !== undefined && p.probabilityOnTarget !== undefined && p.probabilityOnTarget < need) {
    const at = dateAtLevel(p.levels, need);
    out.push(
      finding({
        rule: 'commitment-at-risk',
        severity: severity(p.probabilityOnTarget),
        message: `The program target ${p.target} has a ${percent(p.probabilityOnTarget)} chance of being met; commitments need ${percent(need)} (that date is ${at})`,
        evidence: { committed: p.target, probability: p.probabilityOnTarget, confidence: need, ...(at ? { dateAtConfidence: at } : {}) },
        items: [],
        people: tpmOf(program),
        action: action(at),
        subject: 'program',
      }),
    );
  }
  return out;
};

/** single-person-critical-path: one person on more than `share` of the open critical path's working days. */
export const singlePersonCriticalPath: Rule = (input, setting) => {
  const share = setting.thresholds.share ?? 0.5;
  const items = itemMap(input.program);
  const critical = criticalOpen(input);
  const total = critical.reduce((s, i) => s + i.duration, 0);
  if (total <= 0) return [];
  const byPerson = new Map<string, { days: number; items: string[] }>();
  for (const c of critical) {
    for (const person of peopleOf(items.get(c.id), input.program)) {
      const e = byPerson.get(person) ?? { days: 0, items: [] };
      e.days += c.duration;
      e.items.push(c.id);
      byPerson.set(person, e);
    }
  }
  const out: Finding[] = [];
  for (const [person, e] of [...byPerson].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const s = e.days / total;
    if (s <= share) continue;
    out.push(
      finding({
        rule: 'single-person-critical-path',
        severity: s >= 0.75 ? 'high' : 'medium',
        message: `${person} is on ${percent(s)} of the critical path (${round2(e.days)} of ${round2(total)} working days, ${e.items.length} item${e.items.length === 1 ? '' : 's'}); one absence moves the finish`,
        evidence: { share: round2(s), personDays: round2(e.days), criticalDays: round2(total), threshold: share },
        items: e.items,
        people: [person],
        action: `Pair someone with ${person} on ${e.items[0]}, or move one of their critical items to another person`,
        subject: person,
      }),
    );
  }
  return out;
};

/** critical-owner-away: a person needed by an open critical item has working days off while it is scheduled. */
export const criticalOwnerAway: Rule = (input, setting) => {
  const minDays = setting.thresholds.minDays ?? 1;
  const { program, today } = input;
  const cal = createCalendar(program.program.calendar, program.program.start);
  const items = itemMap(program);
  const people = new Map(program.people.map((p) => [p.id, p]));
  const out: Finding[] = [];
  for (const c of criticalOpen(input)) {
    const from = Math.max(dayNumber(c.start), dayNumber(today));
    const to = dayNumber(c.finish);
    for (const id of peopleOf(items.get(c.id), program)) {
      let days = 0;
      let first: number | undefined;
      let last: number | undefined;
      for (const r of people.get(id)?.off ?? []) {
        for (let d = Math.max(from, dayNumber(r.from)); d <= Math.min(to, dayNumber(r.to)); d++) {
          if (!cal.isWorkingDay(d)) continue;
          days++;
          first = first === undefined ? d : Math.min(first, d);
          last = last === undefined ? d : Math.max(last, d);
        }
      }
      if (days < minDays || first === undefined || last === undefined) continue;
      const away = `${isoDate(first)}..${isoDate(last)}`;
      out.push(
        finding({
          rule: 'critical-owner-away',
          severity: days >= 5 ? 'high' : 'medium',
          message: `${id} is off ${days} working day${days === 1 ? '' : 's'} (${away}) while critical item ${c.id} is scheduled (${c.start}..${c.finish})`,
          evidence: { daysOff: days, awayFrom: isoDate(first), awayTo: isoDate(last), itemStart: c.start, itemFinish: c.finish },
          items: [c.id],
          people: [id],
          action: `Agree cover for ${id} on ${c.id} for ${away}, or hand the work over before they leave`,
          subject: `${c.id}/${id}`,
        }),
      );
    }
  }
  return out;
};

/** ageing-wip: doing or blocked items open longer than the history's P85 cycle time (calendar days). */
export const ageingWip: Rule = ({ program, today }, setting) => {
  const level = setting.thresholds.percentile ?? 0.85;
  const minHistory = setting.thresholds.minHistory ?? 5;
  const cycles = program.history
    .filter((h) => h.finished !== undefined && h.finished <= today) // what was known on the status date
    .map((h) => cycleTimeDays(h))
    .filter((d): d is number => d !== undefined);
  if (cycles.length < minHistory) return [];
  const limit = percentileNearestRank(cycles, level);
  if (limit === undefined) return [];
  const p = `P${Math.round(level * 100)}`;
  const out: Finding[] = [];
  for (const item of program.items) {
    if ((item.status !== 'doing' && item.status !== 'blocked') || item.started === undefined) continue;
    const age = ageDays(item.started, today);
    if (age <= limit) continue;
    const blocked = item.status === 'blocked';
    out.push(
      finding({
        rule: 'ageing-wip',
        severity: blocked || age > 2 * limit ? 'high' : 'medium',
        message: `${item.id} has been ${blocked ? 'blocked' : 'in progress'} ${age} days since ${item.started}, longer than the ${p} cycle time of ${limit} days (${cycles.length} finished items)`,
        evidence: { ageDays: age, cycleTimeDays: limit, percentile: level, historySize: cycles.length, status: item.status },
        items: [item.id],
        people: peopleOf(item, program),
        action: blocked
          ? `Escalate what blocks ${item.id} today, or take it out of the plan`
          : `Swarm on ${item.id} or split it: it is older than ${Math.round(level * 100)}% of past items took`,
        subject: item.id,
      }),
    );
  }
  return out;
};

/** external-on-critical-path: open critical items tagged `external` or depending on another program's item. */
export const externalOnCriticalPath: Rule = (input) => {
  const items = itemMap(input.program);
  const out: Finding[] = [];
  for (const c of criticalOpen(input)) {
    const item = items.get(c.id);
    if (!item) continue;
    const cross = item.after.filter((d) => d.program !== undefined).map((d) => `${d.program}/${d.id}`);
    const tagged = item.tags.includes('external');
    if (!tagged && cross.length === 0) continue;
    const what = [tagged ? 'is tagged external' : '', cross.length > 0 ? `depends on ${cross.join(', ')} in another program` : '']
      .filter(Boolean)
      .join(' and ');
    out.push(
      finding({
        rule: 'external-on-critical-path',
        severity: cross.length > 0 ? 'high' : 'medium',
        message: `Critical item ${c.id} (${c.title}) ${what}: a date you do not control drives the finish`,
        evidence: { external: tagged, crossProgram: cross, start: c.start, finish: c.finish },
        items: [c.id],
        people: peopleOf(item, input.program),
        action: `Get a committed date for ${c.id}'s outside work in writing, check it weekly, and plan a fallback (stub, mock or a parallel path)`,
        subject: c.id,
      }),
    );
  }
  return out;
};

/** wide-estimate-on-critical-path: open critical items whose estimate (remaining work when doing) has high/low > ratio. */
export const wideEstimateOnCriticalPath: Rule = (input, setting) => {
  const limit = setting.thresholds.ratio ?? 4;
  const items = itemMap(input.program);
  const out: Finding[] = [];
  for (const c of criticalOpen(input)) {
    const item = items.get(c.id);
    const e = item?.status === 'doing' && item.remaining ? item.remaining : item?.estimate;
    if (!item || !e || e.high <= 0) continue;
    const ratio = e.low > 0 ? e.high / e.low : Infinity;
    if (ratio <= limit) continue;
    const shown = Number.isFinite(ratio) ? `${round2(ratio)}x` : 'unbounded';
    out.push(
      finding({
        rule: 'wide-estimate-on-critical-path',
        severity: ratio > 2 * limit ? 'high' : 'medium',
        message: `Critical item ${c.id} (${c.title}) is estimated ${e.low}..${e.high} working days (high/low ${shown}, above ${limit}): nobody knows how long it takes`,
        evidence: { low: e.low, likely: e.likely, high: e.high, ratio: Number.isFinite(ratio) ? round2(ratio) : 'unbounded', threshold: limit },
        items: [c.id],
        people: peopleOf(item, input.program),
        action: `Spike the unknowns in ${c.id} or split it so the estimate narrows, before the date depends on it`,
        subject: c.id,
      }),
    );
  }
  return out;
};

const round3 = (x: number): number => Math.round(x * 1000) / 1000 + 0;

/** scope-growth: estimated working days of the (not cut) plan grew by more than `share` since the last snapshot. */
export const scopeGrowth: Rule = ({ program, snapshots, today }, setting) => {
  const share = setting.thresholds.share ?? 0.1;
  const before = snapshots.filter((s) => s.statusDate < today);
  const snap = before[before.length - 1];
  if (!snap) return [];
  const was = new Map(snap.items.filter((i) => i.status !== 'cut').map((i) => [i.id, i.estimateDays]));
  const previous = [...was.values()].reduce((s, d) => s + d, 0);
  if (previous <= 0) return [];
  let current = 0;
  const changed: string[] = [];
  let added = 0;
  for (const item of program.items) {
    if (item.status === 'cut') continue;
    const days = item.estimate ? round3(estimateMean(item.estimate)) : 0;
    current += days;
    const old = was.get(item.id);
    if (old === undefined) added++;
    if (old === undefined || days > old + 1e-6) changed.push(item.id);
  }
  const growth = (current - previous) / previous;
  if (growth <= share) return [];
  return [
    finding({
      rule: 'scope-growth',
      severity: growth >= 2 * share ? 'high' : 'medium',
      message: `Scope grew ${percent(growth)} since the snapshot of ${snap.statusDate} (${round2(previous)} → ${round2(current)} estimated working days; ${added} item${added === 1 ? '' : 's'} added, ${changed.length - added} re-estimated up)`,
      evidence: { snapshot: snap.id, since: snap.statusDate, previousDays: round2(previous), currentDays: round2(current), growth: round2(growth), added, threshold: share },
      items: changed,
      people: tpmOf(program),
      action: 'Review the new work with the sponsor: trade it for scope of equal size, or re-baseline the dates and say so in the next update',
      subject: 'program',
    }),
  ];
};

/** Calendar days of each update cadence. */
export const CADENCE_DAYS = { weekly: 7, biweekly: 14, monthly: 30 } as const;

/** stakeholder-overdue: stakeholders whose last update is older than their cadence (plus `graceDays`). */
export const stakeholderOverdue: Rule = ({ program, today }, setting) => {
  const grace = setting.thresholds.graceDays ?? 0;
  const out: Finding[] = [];
  for (const s of program.stakeholders) {
    if (s.cadence === undefined) continue;
    const cadence = CADENCE_DAYS[s.cadence];
    const since = s.lastUpdate === undefined ? undefined : daysBetween(s.lastUpdate, today);
    if (since !== undefined && since <= cadence + grace) continue;
    const via = s.channel === undefined ? '' : ` by ${s.channel}`;
    out.push(
      finding({
        rule: 'stakeholder-overdue',
        severity: s.influence === 'high' ? 'high' : s.influence === 'low' ? 'low' : 'medium',
        message:
          since === undefined
            ? `${s.name} expects a ${s.cadence} update and none is recorded (last_update is not set)`
            : `${s.name} expects a ${s.cadence} update; the last was ${since} days ago (${s.lastUpdate})`,
        evidence: { cadence: s.cadence, cadenceDays: cadence, ...(since === undefined ? {} : { daysSince: since, lastUpdate: s.lastUpdate! }), graceDays: grace },
        items: [],
        people: [s.id],
        action: `Send ${s.name} the ${s.cadence} update${via} (vantage brief) and record last_update`,
        subject: s.id,
      }),
    );
  }
  return out;
};

/** objective-no-metric: objectives without a metric. */
export const objectiveNoMetric: Rule = ({ program }) =>
  program.objectives
    .filter((o) => o.metric === undefined)
    .map((o) =>
      finding({
        rule: 'objective-no-metric',
        severity: o.weight >= 5 ? 'medium' : 'low',
        message: `Objective ${o.id} (${o.title}) has no metric: nobody can tell whether the work moves it`,
        evidence: { weight: o.weight },
        items: [],
        people: tpmOf(program),
        action: `Agree a metric for ${o.id} with its sponsor (name, baseline, target, current) and add it to the file`,
        subject: o.id,
      }),
    );

/**
 * objective-metric-stalled: a metric (not yet at its target) whose `current` equals its value in the latest snapshot
 * taken at least `days` calendar days ago; with no such snapshot, one still at its baseline (or never measured) once
 * the program has run `days` days.
 */
export const objectiveMetricStalled: Rule = ({ program, snapshots, today }, setting) => {
  const days = setting.thresholds.days ?? 28;
  const out: Finding[] = [];
  const old = snapshots.filter((s) => daysBetween(s.statusDate, today) >= days);
  for (const o of program.objectives) {
    const m = o.metric;
    if (!m || m.target === undefined) continue;
    if (m.current !== undefined && m.baseline !== undefined && (m.target - m.current) * (m.target - m.baseline) <= 0) continue;
    let since: IsoDate | undefined;
    const ref = old.findLast((s) => s.objectives.some((x) => x.id === o.id && x.current !== undefined));
    if (ref) {
      if (ref.objectives.find((x) => x.id === o.id)!.current !== m.current) continue; // it moved since
      since = ref.statusDate;
    } else {
      if (daysBetween(program.program.start, today) < days) continue;
      if (m.current !== undefined && m.current !== m.baseline) continue;
      since = program.program.start;
    }
    const value = m.current === undefined ? 'has no current value' : `is still ${m.current}${m.unit ?? ''}`;
    out.push(
      finding({
        rule: 'objective-metric-stalled',
        severity: 'medium',
        message: `Objective ${o.id}: ${m.name} ${value} since ${since} (baseline ${m.baseline ?? '?'}, target ${m.target})`,
        evidence: {
          metric: m.name,
          since,
          daysStalled: daysBetween(since, today),
          target: m.target,
          ...(m.current === undefined ? {} : { current: m.current }),
          ...(m.baseline === undefined ? {} : { baseline: m.baseline }),
        },
        items: [],
        people: tpmOf(program),
        action: `Check that ${m.name} is measured and that shipped work reaches users; if it does and the metric holds still, revisit the bets behind ${o.id}`,
        subject: o.id,
      }),
    );
  }
  return out;
};

/** Every rule by id. */
export const RULE_FUNCTIONS: Record<RuleId, Rule> = {
  'commitment-at-risk': commitmentAtRisk,
  'single-person-critical-path': singlePersonCriticalPath,
  'critical-owner-away': criticalOwnerAway,
  'ageing-wip': ageingWip,
  'external-on-critical-path': externalOnCriticalPath,
  'wide-estimate-on-critical-path': wideEstimateOnCriticalPath,
  'scope-growth': scopeGrowth,
  'stakeholder-overdue': stakeholderOverdue,
  'objective-no-metric': objectiveNoMetric,
  'objective-metric-stalled': objectiveMetricStalled,
};
