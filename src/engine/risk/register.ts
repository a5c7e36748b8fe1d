/**
 * The risk register: every risk of the RAID log with its exposure, heat-map cell and the flags a TPM acts on
 * (overdue review, fired trigger, no owner, no mitigation).
 *
 * Exposure:
 * - with a schedule impact: the expected working days it adds to the program finish. When the forecast sampled the
 *   risk (`forecastProgram`), that is its `meanDays`: the mean delay over all trials, which already weighs the
 *   probability and lets slack absorb what it can; else probability × `impact.days` from the file. (Probability ×
 *   the tornado bar would count the probability twice: the bar is measured with the risk sampled at its probability.)
 * - without one: probability × severity (1..5), a score (exposureUnit 'severity').
 * An issue (kind issue) or an occurred risk has probability 1; a closed risk has exposure 0 and no flags.
 *
 * Heat map (5×5): probability band × impact band of the active (not closed) risks that have a probability.
 * Probability bands: 1 ≤ 0.1 < 2 ≤ 0.3 < 3 ≤ 0.5 < 4 ≤ 0.7 < 5. Impact bands by `impact.days` (if it happens):
 * 1 ≤ 2 < 2 ≤ 5 < 3 ≤ 10 < 4 ≤ 20 < 5 working days; a risk without impact days uses its severity as the band.
 *
 * Order: active risks first; those with exposure in days before those scored by severity; then exposure, highest
 * first; then file order.
 */
import type { IsoDate, Program, Risk, RiskKind, RiskStatus } from '../../model/program.js';
import type { ForecastResult } from '../forecast/forecast.js';
import { round2 } from './finding.js';

export type Band = 1 | 2 | 3 | 4 | 5;

export type RegisterEntry = {
  id: string;
  title: string;
  kind: RiskKind;
  status: RiskStatus;
  owner?: string;
  mitigation?: string;
  /** 0..1 as used for exposure (1 for issues and occurred risks); absent when the file gives none. */
  probability?: number;
  /** `impact.days` from the file (working days, if it happens). */
  impactDays?: number;
  /** The forecast's tornado bar: working days added to the finish at the program's confidence. */
  scheduleDays?: number;
  severity?: number;
  /** Working days (exposureUnit 'days') or a severity score (exposureUnit 'severity'); 0 for closed or unrated risks. */
  exposure: number;
  exposureUnit: 'days' | 'severity';
  /** The heat-map cell; absent when the risk is closed or has no probability or impact. */
  heat?: { probability: Band; impact: Band };
  review?: IsoDate;
  /** Review date before the status date (active risks only). */
  reviewOverdue: boolean;
  trigger?: string;
  /** The first date written in the trigger text. */
  triggerDate?: IsoDate;
  /** The trigger's date is on or before the status date (open and mitigated risks only). */
  triggerFired: boolean;
  missingOwner: boolean;
  missingMitigation: boolean;
  /** Not closed. */
  active: boolean;
};

export type RiskRegister = {
  today: IsoDate;
  risks: RegisterEntry[];
  /** cells[p - 1][i - 1]: ids of the active risks in probability band p and impact band i (register order). */
  heatMap: string[][][];
  overdueReviews: string[];
  firedTriggers: string[];
  missingOwner: string[];
  missingMitigation: string[];
};

const DATE = /\b(\d{4}-\d{2}-\d{2})\b/;

/** Probability band 1..5 (see the module comment). Example: probabilityBand(0.3) = 2. */
export function probabilityBand(p: number): Band {
  return p <= 0.1 ? 1 : p <= 0.3 ? 2 : p <= 0.5 ? 3 : p <= 0.7 ? 4 : 5;
}

/** Impact band 1..5 of a schedule impact in working days. Example: impactBand(10) = 3. */
export function impactBand(days: number): Band {
  return days <= 2 ? 1 : days <= 5 ? 2 : days <= 10 ? 3 : days <= 20 ? 4 : 5;
}

function clampBand(x: number): Band {
  return Math.min(5, Math.max(1, Math.round(x))) as Band; // severity is validated 1..5; rounded and clamped to a band
}

function entryOf(risk: Risk, forecast: ForecastResult | undefined, today: IsoDate): RegisterEntry {
  const active = risk.status !== 'closed';
  const probability = risk.kind === 'issue' || risk.status === 'occurred' ? 1 : risk.probability;
  const sampled = forecast?.risks.find((r) => r.id === risk.id && r.program === undefined);
  const scheduleDays = sampled?.days;
  const days = scheduleDays ?? risk.impact?.days;
  let exposure = 0;
  let exposureUnit: RegisterEntry['exposureUnit'] = 'days';
  if (days === undefined && risk.severity !== undefined) exposureUnit = 'severity';
  if (active && probability !== undefined) {
    exposure =
      exposureUnit === 'severity'
        ? round2(probability * risk.severity!)
        : sampled !== undefined && sampled.probability === probability
          ? round2(sampled.meanDays)
          : round2(probability * (risk.impact?.days ?? 0));
  }
  const impact = risk.impact?.days !== undefined ? impactBand(risk.impact.days) : risk.severity !== undefined ? clampBand(risk.severity) : undefined;
  const triggerDate = risk.trigger === undefined ? undefined : DATE.exec(risk.trigger)?.[1];
  const watching = risk.status === 'open' || risk.status === 'mitigated';
  const entry: RegisterEntry = {
    id: risk.id,
    title: risk.title,
    kind: risk.kind,
    status: risk.status,
    exposure,
    exposureUnit,
    reviewOverdue: active && risk.review !== undefined && risk.review < today,
    triggerFired: watching && triggerDate !== undefined && triggerDate <= today,
    missingOwner: active && risk.owner === undefined,
    missingMitigation: active && risk.mitigation === undefined,
    active,
  };
  if (risk.owner !== undefined) entry.owner = risk.owner;
  if (risk.mitigation !== undefined) entry.mitigation = risk.mitigation;
  if (probability !== undefined) entry.probability = probability;
  if (risk.impact !== undefined) entry.impactDays = risk.impact.days;
  if (scheduleDays !== undefined) entry.scheduleDays = scheduleDays;
  if (risk.severity !== undefined) entry.severity = risk.severity;
  if (active && probability !== undefined && impact !== undefined) entry.heat = { probability: probabilityBand(probability), impact };
  if (risk.review !== undefined) entry.review = risk.review;
  if (risk.trigger !== undefined) entry.trigger = risk.trigger;
  if (triggerDate !== undefined) entry.triggerDate = triggerDate;
  return entry;
}

/**
 * The register of a program's risks on `today`, with exposure from `forecast` (optional; without it, impact.days).
 * Example: a risk {probability: 0.3, impact: {days: 10}} on the critical path, without slack to absorb it, has exposure
 * about 3 working days (the forecast's mean delay; 0.3 × 10 without a forecast),
 * heat cell probability 2 × impact 3.
 */
export function riskRegister(program: Program, forecast: ForecastResult | undefined, today: IsoDate): RiskRegister {
  const entries = program.risks.map((r, order) => ({ e: entryOf(r, forecast, today), order }));
  entries.sort(
    (a, b) =>
      Number(b.e.active) - Number(a.e.active) ||
      Number(a.e.exposureUnit === 'severity') - Number(b.e.exposureUnit === 'severity') ||
      b.e.exposure - a.e.exposure ||
      a.order - b.order,
  );
  const risks = entries.map((x) => x.e);
  const heatMap = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => [] as string[]));
  for (const r of risks) if (r.heat) heatMap[r.heat.probability - 1][r.heat.impact - 1].push(r.id);
  return {
    today,
    risks,
    heatMap,
    overdueReviews: risks.filter((r) => r.reviewOverdue).map((r) => r.id),
    firedTriggers: risks.filter((r) => r.triggerFired).map((r) => r.id),
    missingOwner: risks.filter((r) => r.missingOwner).map((r) => r.id),
    missingMitigation: risks.filter((r) => r.missingMitigation).map((r) => r.id),
  };
}
