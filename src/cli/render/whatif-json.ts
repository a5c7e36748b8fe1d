import type { WhatIfResult } from '../../engine/strategy/whatif.js';

/**
 * `vantage whatif --format json`: `{milestones, objectives, program, chains}` as issue 5 specifies, plus `programs`
 * (portfolio), `chainText`, `moved`, `anomalies`, `levelled`, `forecast` (with --forecast) and `diagnostics`.
 */
export function renderWhatIfJson(result: WhatIfResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
