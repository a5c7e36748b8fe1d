import { IMPACT_BANDS, PROBABILITY_BANDS, type RisksReport } from './risks-report.js';

/**
 * `vantage risks --format json`: `{risks: [{id, exposure, ...}], findings: [{rule, message, items, people, action, ...}]}`
 * as issue 6 specifies. Each risk: id, exposure, exposureUnit ('days' | 'severity'), then the register fields (see
 * RegisterEntry). Each finding: rule, message, items, people, action, then severity, evidence, subject, key. Also:
 * heatMap {probabilityBands, impactBands, cells[p-1][i-1]}, firedTriggers, overdueReviews, missingOwner,
 * missingMitigation, today, forecast {trials, seed, confidence, atConfidence}, and `proposed` with --propose.
 */
export function renderRisksJson(r: RisksReport): string {
  const out = {
    risks: r.register.risks.map(({ id, exposure, exposureUnit, ...rest }) => ({ id, exposure, exposureUnit, ...rest })),
    findings: r.findings.map(({ rule, message, items, people, action, ...rest }) => ({ rule, message, items, people, action, ...rest })),
    heatMap: { probabilityBands: PROBABILITY_BANDS, impactBands: IMPACT_BANDS, cells: r.register.heatMap },
    firedTriggers: r.register.firedTriggers,
    overdueReviews: r.register.overdueReviews,
    missingOwner: r.register.missingOwner,
    missingMitigation: r.register.missingMitigation,
    program: r.program,
    today: r.today,
    forecast: r.forecast,
    ...(r.proposed === undefined ? {} : { proposed: r.proposed }),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
