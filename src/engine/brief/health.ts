/**
 * Health rules: how a brief decides on track / at risk / off track, and why.
 *
 * Every rule has a stable id (docs/health-rules.md lists them; tests and readers cite them) and yields reasons
 * `{rule, status, text}` in plain words. A status is the worst rule that fired; when none fired, the
 * `target-at-confidence` reason says why the program is on track. Thresholds are parameters with defaults here.
 * Pure: the forecast and today are inputs.
 */
import type { Milestone, Objective, Program, Risk } from '../../model/program.js';
import type { ForecastResult, MilestoneForecast, RiskForecast } from '../forecast/summary.js';
import { longDate, percent, plural } from './words.js';

export type HealthStatus = 'on-track' | 'at-risk' | 'off-track';

export type HealthRuleId =
  | 'target-unlikely'
  | 'target-below-confidence'
  | 'target-at-confidence'
  | 'no-target'
  | 'milestone-unlikely'
  | 'milestone-below-confidence'
  | 'objective-late'
  | 'objective-metric-missed'
  | 'objective-metric-off-track'
  | 'risk-high-exposure';

/** One rule that fired: its id, the colour it gives, and the reason in words (no item ids). */
export type HealthReason = {
  rule: HealthRuleId;
  status: HealthStatus;
  text: string;
  /** What the rule looked at, for links: the program, a milestone, an objective or a risk. */
  subject: { type: 'program' | 'milestone' | 'objective' | 'risk'; id: string };
};

export type HealthThresholds = {
  /** Below this probability a date is "unlikely" (off track). Default 0.5. */
  unlikely: number;
  /** An open risk adding more than this many working days at the program's confidence is a high exposure. Default 5. */
  riskExposureDays: number;
};

export const DEFAULT_THRESHOLDS: HealthThresholds = { unlikely: 0.5, riskExposureDays: 5 };

/** Each rule's colour and what it checks, in the order rules are evaluated (docs/health-rules.md mirrors this). */
export const HEALTH_RULES: readonly { id: HealthRuleId; status: HealthStatus; when: string }[] = [
  { id: 'target-unlikely', status: 'off-track', when: 'the probability of finishing by program.target is below 50%' },
  { id: 'target-below-confidence', status: 'at-risk', when: 'the probability of finishing by program.target is at least 50% but below program.confidence' },
  { id: 'target-at-confidence', status: 'on-track', when: 'the probability of finishing by program.target is at least program.confidence' },
  { id: 'no-target', status: 'at-risk', when: 'the program has no target date: there is no promise to measure against' },
  { id: 'milestone-unlikely', status: 'off-track', when: 'a milestone with a committed date, not yet reached, is below 50% likely by that date' },
  { id: 'milestone-below-confidence', status: 'at-risk', when: 'a committed milestone, not yet reached, is at least 50% but below program.confidence likely by its date' },
  { id: 'objective-late', status: 'at-risk', when: "an objective's open work finishes after its due date at program.confidence (off track when below 50% likely by the due date)" },
  { id: 'objective-metric-missed', status: 'off-track', when: "an objective's due date has passed and its metric has not reached its target" },
  { id: 'objective-metric-off-track', status: 'at-risk', when: "an objective's metric has moved away from its target since the baseline" },
  { id: 'risk-high-exposure', status: 'at-risk', when: 'an open risk or issue adds more than 5 working days to the finish at program.confidence' },
];

const RANK: Record<HealthStatus, number> = { 'on-track': 0, 'at-risk': 1, 'off-track': 2 };

/** The worst status of some reasons ('on-track' when there are none). */
export function worstStatus(reasons: readonly { status: HealthStatus }[]): HealthStatus {
  let worst: HealthStatus = 'on-track';
  for (const r of reasons) if (RANK[r.status] > RANK[worst]) worst = r.status;
  return worst;
}

/** Reasons worst first; equal colours keep their order. */
export function sortReasons(reasons: readonly HealthReason[]): HealthReason[] {
  return reasons.map((r, i) => ({ r, i })).sort((a, b) => RANK[b.r.status] - RANK[a.r.status] || a.i - b.i).map((x) => x.r);
}

/** "on track", "at risk", "off track". */
export function statusWords(status: HealthStatus): string {
  return status.replace('-', ' ');
}

/** The program-target rules: target-unlikely, target-below-confidence, target-at-confidence, no-target. */
export function targetRules(program: Program, forecast: ForecastResult, t: HealthThresholds = DEFAULT_THRESHOLDS): HealthReason[] {
  const info = program.program;
  const subject = { type: 'program' as const, id: info.id };
  const f = forecast.program;
  const promise = `we promise at ${percent(info.confidence)}`;
  if (info.target === undefined || f.probabilityOnTarget === undefined) {
    return [{ rule: 'no-target', status: 'at-risk', subject, text: `${info.name} has no target date, so there is no promise to measure against; at ${percent(info.confidence)} confidence it finishes by ${longDate(f.atConfidence)}.` }];
  }
  const p = f.probabilityOnTarget;
  const odds = `${info.name} is ${percent(p)} likely to finish by its target of ${longDate(info.target)}; ${promise}`;
  if (p < t.unlikely) {
    return [{ rule: 'target-unlikely', status: 'off-track', subject, text: `${odds}. At ${percent(info.confidence)} confidence it finishes by ${longDate(f.atConfidence)}.` }];
  }
  if (p < info.confidence) {
    return [{ rule: 'target-below-confidence', status: 'at-risk', subject, text: `${odds}. At ${percent(info.confidence)} confidence it finishes by ${longDate(f.atConfidence)}.` }];
  }
  return [{ rule: 'target-at-confidence', status: 'on-track', subject, text: `${odds}.` }];
}

/**
 * Committed milestones not yet reached (some work in `after` still open): milestone-unlikely below `t.unlikely`,
 * milestone-below-confidence below the program's confidence.
 */
export function milestoneRules(program: Program, forecast: ForecastResult, t: HealthThresholds = DEFAULT_THRESHOLDS): HealthReason[] {
  const out: HealthReason[] = [];
  const byId = new Map(forecast.milestones.map((m) => [m.id, m]));
  const conf = program.program.confidence;
  for (const m of program.milestones) {
    const f = byId.get(m.id);
    if (m.date === undefined || f?.probabilityOnDate === undefined || milestoneReached(program, m)) continue;
    const p = f.probabilityOnDate;
    const at = dateAtLevel(f, conf);
    const text = `${m.title} is now ${percent(p)} likely by its committed date of ${longDate(m.date)}; we promise at ${percent(conf)}${at ? ` (at ${percent(conf)} confidence: ${longDate(at)})` : ''}.`;
    const subject = { type: 'milestone' as const, id: m.id };
    if (p < t.unlikely) out.push({ rule: 'milestone-unlikely', status: 'off-track', subject, text });
    else if (p < conf) out.push({ rule: 'milestone-below-confidence', status: 'at-risk', subject, text });
  }
  return out;
}

/** True when every item a milestone waits for is done (cross-program and unknown references count as not done). */
export function milestoneReached(program: Program, m: Milestone): boolean {
  const status = new Map(program.items.map((i) => [i.id, i.status]));
  return m.after.every((d) => d.program === undefined && (status.get(d.id) === 'done' || status.get(d.id) === 'cut'));
}

/** The date at a level of a forecast's levels (exact match, else the next level above), if any. */
export function dateAtLevel(f: Pick<MilestoneForecast, 'levels'>, level: number): string | undefined {
  const exact = f.levels.find((l) => Math.abs(l.level - level) < 1e-6);
  return (exact ?? f.levels.find((l) => l.level > level))?.date;
}

/** What an objective's rules need: its open work's forecast (absent when nothing is left to do). */
export type ObjectiveEvidence = {
  objective: Objective;
  /** The date the open work serving it finishes at the program's confidence. */
  atConfidence?: string;
  /** Probability that the open work is finished by the objective's due date. */
  probabilityOnDue?: number;
  today: string;
  confidence: number;
};

/** objective-late, objective-metric-missed and objective-metric-off-track for one objective. */
export function objectiveRules(e: ObjectiveEvidence, t: HealthThresholds = DEFAULT_THRESHOLDS): HealthReason[] {
  const o = e.objective;
  const out: HealthReason[] = [];
  const subject = { type: 'objective' as const, id: o.id };
  if (o.due !== undefined && e.atConfidence !== undefined && e.atConfidence > o.due) {
    const p = e.probabilityOnDue;
    const status: HealthStatus = p !== undefined && p < t.unlikely ? 'off-track' : 'at-risk';
    out.push({
      rule: 'objective-late',
      status,
      subject,
      text: `The work for "${o.title}" finishes by ${longDate(e.atConfidence)} at ${percent(e.confidence)} confidence, after its due date of ${longDate(o.due)}${p !== undefined ? ` (${percent(p)} likely by then)` : ''}.`,
    });
  }
  const m = o.metric;
  if (m && m.baseline !== undefined && m.target !== undefined && m.current !== undefined && m.target !== m.baseline) {
    const unit = m.unit ?? '';
    const progress = (m.current - m.baseline) / (m.target - m.baseline);
    if (o.due !== undefined && o.due < e.today && progress < 1) {
      out.push({ rule: 'objective-metric-missed', status: 'off-track', subject, text: `"${o.title}" was due on ${longDate(o.due)}; ${m.name} is at ${m.current}${unit} against a target of ${m.target}${unit}.` });
    } else if (progress < 0) {
      out.push({ rule: 'objective-metric-off-track', status: 'at-risk', subject, text: `"${o.title}": ${m.name} moved away from its target (from ${m.baseline}${unit} to ${m.current}${unit}; target ${m.target}${unit}).` });
    }
  }
  return out;
}

/** risk-high-exposure: open (or occurred) risks adding more than `t.riskExposureDays` working days at the confidence. */
export function riskRules(program: Program, forecast: ForecastResult, t: HealthThresholds = DEFAULT_THRESHOLDS): HealthReason[] {
  const byId = new Map<string, Risk>(program.risks.map((r) => [r.id, r]));
  const conf = program.program.confidence;
  return forecast.risks
    .filter((f: RiskForecast) => f.days > t.riskExposureDays && isLive(byId.get(f.id)))
    .map((f) => ({
      rule: 'risk-high-exposure' as const,
      status: 'at-risk' as const,
      subject: { type: 'risk' as const, id: f.id },
      text: `"${f.title}" (${percent(f.probability)} likely) adds ${plural(f.days, 'working day')} to the finish at ${percent(conf)} confidence.`,
    }));
}

/** An open or occurred risk (one still able to hurt the plan). */
export function isLive(risk: Risk | undefined): boolean {
  return risk !== undefined && (risk.status === 'open' || risk.status === 'occurred');
}
