import type { ScopeResult } from '../../engine/strategy/scope.js';

const pct = (p: number): string => `${Math.round(p * 100)}%`;
const num = (x: number): string => (Math.round(x * 100) / 100).toString();

/** `vantage scope` as a terminal report: verdict, forecast before/after, the cut line, value kept. */
export function renderScopeText(r: ScopeResult): string {
  const lines: string[] = [];
  const at = `${pct(r.confidence)} confidence`;
  if (r.deferred.length === 0 && r.feasible) {
    lines.push(`Everything fits: ${pct(r.probabilityBefore)} likely by ${r.date} (${at} needs ${pct(r.confidence)}); nothing to defer.`);
  } else if (!r.feasible) {
    lines.push(`Even the must-haves alone cannot make ${r.date} at ${at}: they make ${r.mustDate ?? '?'} (${pct(r.probabilityAfter)} likely by ${r.date}).`);
    if (r.deferred.length > 0) lines.push('Deferring everything deferrable:');
  } else {
    lines.push(`Defer ${r.deferred.length} item(s) to make ${r.date} at ${at}: ${pct(r.probabilityBefore)} -> ${pct(r.probabilityAfter)}.`);
  }
  lines.push(`Forecast at ${at}: ${r.dateBefore} before, ${r.dateAfter} after.`);
  if (r.cuts.length > 0) {
    lines.push('', 'Cut line (in order):');
    const rows = r.cuts.map((c) => [c.id, c.with.join(', ') || '-', num(c.value), `${num(c.daysBought)}d`, `${c.probabilityGain >= 0 ? '+' : ''}${pct(c.probabilityGain)}`]);
    const head = ['defer', 'with', 'value', 'buys', 'probability'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const fmt = (row: string[]): string => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
    lines.push(fmt(head), ...rows.map(fmt));
  }
  lines.push('', `Value kept: ${num(r.valueKept)} of ${num(r.valueTotal)} (${r.valueTotal > 0 ? pct(r.valueKept / r.valueTotal) : '100%'}).`);
  if (r.undeferrable.length > 0) lines.push(`Not deferrable (must, or a must depends on it): ${r.undeferrable.join(', ')}.`);
  lines.push(`Search: ${r.evaluations} forecasts of ${r.trials} trials, seed ${r.seed}.`);
  return `${lines.join('\n')}\n`;
}
