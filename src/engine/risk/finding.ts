/**
 * A finding of automatic risk detection: what a rule saw, the numbers behind it, who and what it concerns, and what
 * to do. Findings are plain data, in a stable order, so the same plan, status date and seed always give the same list.
 */
import { RULE_IDS, type RuleId } from '../../model/risk-rules.js';

export type FindingSeverity = 'high' | 'medium' | 'low';

/** A number, date or id list behind a finding (working days, calendar days, shares 0..1, ISO dates). */
export type EvidenceValue = number | string | boolean | string[];

export type Finding = {
  rule: RuleId;
  severity: FindingSeverity;
  /** One sentence a TPM can paste into a status update. */
  message: string;
  evidence: Record<string, EvidenceValue>;
  /** Item or milestone ids involved, most important first. */
  items: string[];
  /** Person (or stakeholder) ids involved. */
  people: string[];
  /** The suggested action, imperative. */
  action: string;
  /** What the finding is about (an item, person, milestone, objective, stakeholder id, or `program`). */
  subject: string;
  /** Stable across runs: `<rule>:<subject>`; `--propose` records it as `x-finding` so re-runs add nothing twice. */
  key: string;
};

const SEVERITY_RANK: Record<FindingSeverity, number> = { high: 0, medium: 1, low: 2 };

/** Sorts findings by severity (high first), then rule (catalogue order), then first item, then subject. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const ruleRank = (r: RuleId): number => RULE_IDS.indexOf(r);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      ruleRank(a.rule) - ruleRank(b.rule) ||
      cmp(a.items[0] ?? '', b.items[0] ?? '') ||
      cmp(a.subject, b.subject),
  );
}

/** Builds a finding with its stable key. */
export function finding(f: Omit<Finding, 'key'>): Finding {
  return { ...f, key: `${f.rule}:${f.subject}` };
}

/** A share 0..1 as a whole percentage: 0.437 → "44%". */
export const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** Rounds to 2 decimals (evidence numbers). */
export const round2 = (x: number): number => Math.round(x * 100) / 100 + 0;
