/**
 * Pure helpers of the risk register view: its sort orders, exposure with its unit, and the heat-map cell level.
 * No DOM; tested in Node by test/web/risks-order.test.ts.
 */
import type { RegisterRisk, RiskFinding } from '../types.js';

export type SortKey = 'exposure' | 'probability' | 'impact' | 'id';

type Sortable = Pick<RegisterRisk, 'id' | 'active' | 'exposure' | 'exposureUnit' | 'probability' | 'impactDays' | 'severity'>;

/**
 * Compares two risks for the register's `key` column. Exposure follows the engine's rank so units never mix: active
 * before closed, working days before severity scores, then the figure; descending puts the highest exposure first.
 * Missing probabilities and impacts sort as lowest; ties keep the id order.
 */
export function compareRisks(a: Sortable, b: Sortable, key: SortKey, descending: boolean): number {
  const dir = descending ? -1 : 1;
  const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  if (key === 'id') return dir * byId;
  const ra = rank(a, key);
  const rb = rank(b, key);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return dir * (ra[i] < rb[i] ? -1 : 1);
  return byId;
}

/** Keys that order risks ascending for `key`, compared in turn (higher means more exposed). */
function rank(r: Sortable, key: Exclude<SortKey, 'id'>): number[] {
  if (key === 'probability') return [r.probability ?? -1];
  if (key === 'impact') return r.impactDays !== undefined ? [1, r.impactDays] : [0, r.severity ?? -1]; // severity-only impacts below any day count
  // Units never mix: active before closed, then days before severity scores, then the figure.
  return [r.active ? 1 : 0, r.exposureUnit === 'days' ? 1 : 0, r.exposure];
}

/** "3.02 d" (working days), "3 sev" (probability × severity), or "—" for a closed risk or one with no probability. */
export function exposureText(r: Pick<RegisterRisk, 'active' | 'probability' | 'exposure' | 'exposureUnit'>): string {
  if (!r.active) return '— (closed)';
  if (r.probability === undefined) return '— (no probability)';
  const n = Math.round(r.exposure * 100) / 100;
  return r.exposureUnit === 'days' ? `${n} d` : `${n} sev`;
}

/** A heat-map cell's level 'low' | 'medium' | 'high' from its bands (1..5 each): the product p × i, 1..25. */
export function heatLevel(probabilityBand: number, impactBand: number): 'low' | 'medium' | 'high' {
  const score = probabilityBand * impactBand;
  return score >= 12 ? 'high' : score >= 5 ? 'medium' : 'low';
}

/**
 * The draft risk a finding becomes (as `vantage risks --propose` writes it): the smallest free `R<n>` id among the
 * risks section's entries, the message as title, the action as mitigation, the first person of the finding among
 * `persons` as owner, and the rule and finding key as `x-rule` / `x-finding` so it is not proposed twice.
 */
export function draftRisk(finding: Pick<RiskFinding, 'rule' | 'key' | 'message' | 'action' | 'people'>, entries: { entryId: string }[], persons: ReadonlySet<string>): Record<string, string> {
  const used = new Set(entries.map((e) => e.entryId));
  let n = 1;
  while (used.has(`R${n}`)) n++;
  const owner = finding.people.find((p) => persons.has(p));
  return {
    id: `R${n}`,
    kind: 'risk',
    title: finding.message,
    status: 'open',
    ...(owner === undefined ? {} : { owner }),
    mitigation: finding.action,
    'x-rule': finding.rule,
    'x-finding': finding.key,
  };
}
