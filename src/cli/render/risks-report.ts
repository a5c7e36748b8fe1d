/**
 * What `vantage risks` renders: the register, the findings, and how the forecast behind them was run.
 */
import type { Finding } from '../../engine/risk/finding.js';
import type { RegisterEntry, RiskRegister } from '../../engine/risk/register.js';

export type RisksReport = {
  program: { id: string; name: string };
  today: string;
  register: RiskRegister;
  findings: Finding[];
  /** The Monte Carlo run behind exposure and commitment findings. */
  forecast: { trials: number; seed: number; confidence: number; atConfidence: string };
  /** Ids of the draft risks `--propose` wrote (absent without --propose). */
  proposed?: string[];
};

/** Band labels of the heat map's axes (see src/engine/risk/register.ts). */
export const PROBABILITY_BANDS = ['<=10%', '<=30%', '<=50%', '<=70%', '>70%'] as const;
export const IMPACT_BANDS = ['<=2d', '<=5d', '<=10d', '<=20d', '>20d'] as const;

export const num = (x: number): string => (Math.round(x * 100) / 100).toString();
export const pct = (p: number): string => `${Math.round(p * 100)}%`;

/** "2.4d" or "1.5 sev" */
export function exposureText(r: RegisterEntry): string {
  if (!r.active) return '-';
  if (r.probability === undefined) return '?';
  return r.exposureUnit === 'days' ? `${num(r.exposure)}d` : `${num(r.exposure)} sev`;
}

/** The flags of a register entry in words. */
export function flagsOf(r: RegisterEntry): string[] {
  const out: string[] = [];
  if (r.triggerFired) out.push(`trigger fired (${r.triggerDate})`);
  if (r.reviewOverdue) out.push(`review overdue (${r.review})`);
  if (r.missingOwner) out.push('no owner');
  if (r.missingMitigation) out.push('no mitigation');
  if (r.active && r.probability === undefined) out.push('no probability');
  return out;
}

/** Impact column: the forecast's tornado bar and impact.days ("3d/10d"), else impact.days, else the severity. */
export function impactText(r: RegisterEntry): string {
  if (r.scheduleDays !== undefined) return `${num(r.scheduleDays)}d/${num(r.impactDays ?? 0)}d`;
  if (r.impactDays !== undefined) return `${num(r.impactDays)}d`;
  if (r.severity !== undefined) return `sev ${r.severity}`;
  return '-';
}
