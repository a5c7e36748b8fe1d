/**
 * `vantage calibration FILE` as a terminal table (default) or Markdown: the ratio distributions by group, in words
 * ("estimates run 1.4x long in workstream payments"), and the walk-forward backtest side by side.
 */
import { groupFor, groupLabel, type Calibration, type RatioGroup } from '../../engine/calibration/groups.js';
import type { CalibrationBacktest } from '../../engine/calibration/backtest.js';
import type { CalibrationView } from './calibration-json.js';

/** 1.4 -> "1.40x". */
export function times(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : '—';
}

/**
 * The median ratio in words: "estimates run 1.4x long in workstream payments", "work takes 0.7x the estimate in
 * ...", or "estimates are about right in ..." (within 10% either way).
 */
export function ratioPhrase(p50: number, where: string): string {
  const at = where === '' ? '' : ` in ${where}`;
  if (p50 >= 1.1) return `estimates run ${p50.toFixed(1)}x long${at}`;
  if (p50 <= 0.9) return `work takes ${p50.toFixed(1)}x the estimate${at}`;
  return `estimates are about right${at}`;
}

type Row = { label: string; count: number; p50: number; p85: number; note: string };

function rows(cal: Calibration): Row[] {
  const out: Row[] = [
    { label: 'all history', count: cal.overall.count, p50: cal.overall.p50, p85: cal.overall.p85, note: ratioPhrase(cal.overall.p50, '') },
  ];
  for (const g of cal.groups) {
    out.push({ label: groupLabel(g), count: g.distribution.count, p50: g.distribution.p50, p85: g.distribution.p85, note: noteOf(cal, g) });
  }
  return out;
}

function noteOf(cal: Calibration, g: RatioGroup): string {
  if (g.trusted) return ratioPhrase(g.distribution.p50, groupLabel(g));
  const used = groupFor(cal, g.workstream, g.type);
  return `fewer than ${cal.minEntries}: uses ${groupLabel(used)}`;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '—');
const num = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '—');

function intro(v: CalibrationView): string[] {
  const s = v.skipped;
  const skippedParts = [
    s.noEstimate > 0 ? `${s.noEstimate} without an estimate` : '',
    s.notFinished > 0 ? `${s.notFinished} not finished` : '',
    s.zeroEstimate > 0 ? `${s.zeroEstimate} with a zero estimate` : '',
  ].filter((x) => x !== '');
  return [
    `${v.samples.length} of ${v.historyEntries} history entries have an estimate and an actual duration${skippedParts.length > 0 ? ` (skipped: ${skippedParts.join(', ')})` : ''}.`,
    `Ratio = actual working days (started to finished, both included) / the estimate's expected value; above 1 means it took longer.`,
    `Groups with fewer than ${v.calibration.minEntries} entries use the next coarser one: workstream+type, workstream, type, all history.`,
  ];
}

function backtestLines(b: CalibrationBacktest, table: (r: string[][]) => string[]): string[] {
  const out = [
    `Walk-forward backtest: ${b.entries} entries scored in finish order, each predicted only from entries that finished before it (${b.warmUp} warm-up entries not scored).`,
    '',
  ];
  out.push(
    ...table([
      ['', 'Uncalibrated', 'Calibrated', 'Ideal'],
      ['P50 coverage (actual <= P50)', pct(b.uncalibrated.coverageP50), pct(b.calibrated.coverageP50), '50%'],
      ['P85 coverage (actual <= P85)', pct(b.uncalibrated.coverageP85), pct(b.calibrated.coverageP85), '85%'],
      ['Median |ln(actual / P50)|', num(b.uncalibrated.medianAbsLogError), num(b.calibrated.medianAbsLogError), '0'],
    ]),
  );
  out.push('', 'Uncalibrated: the estimate\'s own P50 and P85 (a single-number estimate is both). Calibrated: expected value × the group\'s ratio P50 and P85.');
  return out;
}

function detailRows(b: CalibrationBacktest): string[][] {
  return [
    ['Entry', 'Finished', 'Actual', 'Uncal. P50/P85', 'Cal. P50/P85', 'Group'],
    ...b.details.map((d) => [
      d.id,
      d.finished,
      num(d.actualDays),
      `${num(d.uncalibrated.p50)}/${num(d.uncalibrated.p85)}`,
      `${num(d.calibrated.p50)}/${num(d.calibrated.p85)}`,
      d.calibrated.group,
    ]),
  ];
}

/** Aligned columns; the first row is the header. */
function plainTable(r: string[][]): string[] {
  const widths = r[0].map((_, c) => Math.max(...r.map((row) => row[c].length)));
  return r.map((row, i) => {
    const line = row.map((cell, c) => (c === 0 || c === row.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
    return i === 0 ? line : `${line}`;
  });
}

const esc = (text: string): string => text.replace(/\|/g, '\\|');

function mdTable(r: string[][]): string[] {
  return [`| ${r[0].map(esc).join(' | ')} |`, `|${r[0].map(() => '---').join('|')}|`, ...r.slice(1).map((row) => `| ${row.map(esc).join(' | ')} |`)];
}

function groupRows(v: CalibrationView): string[][] {
  return [['Group', 'Entries', 'P50', 'P85', 'In words'], ...rows(v.calibration).map((r) => [r.label, String(r.count), times(r.p50), times(r.p85), r.note])];
}

export function renderCalibrationTable(v: CalibrationView): string {
  const out = [`Estimate calibration: ${v.name} (history to ${v.today})`, ...intro(v), ''];
  out.push(...plainTable(groupRows(v)));
  if (v.backtest) {
    out.push('', ...backtestLines(v.backtest, plainTable));
    if (v.details) out.push('', ...plainTable(detailRows(v.backtest)));
  }
  return `${out.join('\n')}\n`;
}

export function renderCalibrationMd(v: CalibrationView): string {
  const out = [`# Estimate calibration: ${esc(v.name)}`, '', `History to ${v.today}. ${intro(v).join(' ')}`, ''];
  out.push(...mdTable(groupRows(v)));
  if (v.backtest) {
    out.push('', '## Backtest', '', ...backtestLines(v.backtest, mdTable));
    if (v.details) out.push('', ...mdTable(detailRows(v.backtest)));
  }
  return `${out.join('\n')}\n`;
}
