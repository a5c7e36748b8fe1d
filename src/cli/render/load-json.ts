import type { LoadReport } from '../../engine/strategy/load.js';

/** `vantage load --format json`: the report as one JSON document. */
export function renderLoadJson(report: LoadReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
