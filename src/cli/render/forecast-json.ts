/**
 * `vantage forecast FILE --format json`: the Monte Carlo forecast as JSON other tools read.
 *
 * Shape (dates ISO; probabilities and criticality in 0..1; days are working days):
 * {program: {id, name, start, p50, p85, p95, [pNN...], target, probabilityOnTarget, confidence, atConfidence,
 *            deterministic, meanDays},
 *  programs?: [same, per program of a portfolio],
 *  milestones: [{id, program?, title, p50, p85, p95, [pNN...], date, probabilityOnDate, deterministic}],
 *  items: [{id, program?, criticality}], risks: [{id, program?, title, days, meanDays, probability, impactDays}],
 *  histogram: [{date, count}], sCurve: [{date, probability}], percentiles: [50, 85, 95, ...],
 *  trials, seed, levelled, today}
 * `target`/`probabilityOnTarget` and a milestone's `date`/`probabilityOnDate` are null when there is no such date.
 * Extra levels from --percentiles appear as more pNN keys (p70, p97.5). Nothing in it depends on the thread count or
 * on timing, so the same seed gives byte-identical output.
 */
import type { DateQuantile, ForecastResult, MilestoneForecast, ProgramForecast } from '../../engine/forecast/summary.js';

/** "p50", "p97.5" for levels 0.5, 0.975. */
export function levelKey(level: number): string {
  return `p${levelPercent(level)}`;
}

/** 50, 97.5 for levels 0.5, 0.975. */
export function levelPercent(level: number): number {
  return Math.round(level * 1e6) / 1e4;
}

function levelFields(levels: DateQuantile[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of levels) out[levelKey(q.level)] = q.date;
  return out;
}

function programJson(p: ProgramForecast): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    start: p.start,
    ...levelFields(p.levels),
    target: p.target ?? null,
    probabilityOnTarget: p.probabilityOnTarget ?? null,
    confidence: p.confidence,
    atConfidence: p.atConfidence,
    deterministic: p.deterministic,
    meanDays: p.meanOffset,
  };
}

function milestoneJson(m: MilestoneForecast): Record<string, unknown> {
  return {
    id: m.id,
    ...(m.program !== undefined ? { program: m.program } : {}),
    title: m.title,
    ...levelFields(m.levels),
    date: m.date ?? null,
    probabilityOnDate: m.probabilityOnDate ?? null,
    deterministic: m.deterministic,
  };
}

export function forecastJson(result: ForecastResult): Record<string, unknown> {
  return {
    program: programJson(result.program),
    ...(result.programs ? { programs: result.programs.map((p) => ({ ...programJson(p), histogram: p.histogram, sCurve: p.sCurve })) } : {}),
    milestones: result.milestones.map(milestoneJson),
    items: result.items.map((i) => ({ id: i.id, ...(i.program !== undefined ? { program: i.program } : {}), criticality: i.criticality })),
    risks: result.risks.map((r) => ({
      id: r.id,
      ...(r.program !== undefined ? { program: r.program } : {}),
      title: r.title,
      days: r.days,
      meanDays: r.meanDays,
      probability: r.probability,
      impactDays: r.impactDays,
    })),
    histogram: result.program.histogram,
    sCurve: result.program.sCurve,
    percentiles: result.percentiles.map(levelPercent),
    trials: result.trials,
    seed: result.seed,
    levelled: result.levelled,
    today: result.today,
  };
}

export function renderForecastJson(result: ForecastResult): string {
  return `${JSON.stringify(forecastJson(result), null, 2)}\n`;
}
