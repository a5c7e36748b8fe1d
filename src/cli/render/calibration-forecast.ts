/**
 * `vantage forecast FILE --calibrate`: the forecast renderers plus what calibration did. JSON gains
 * `calibration: {used: true, entries, minEntries, groups: [{level, workstream?, type?, trusted, items, ...Distribution}],
 * uncalibratedP85, p85, p85ShiftDays, backtest: {entries, warmUp, uncalibrated, calibrated}}` (groups: the ones the
 * open items were calibrated with, `items` how many; backtest: as `vantage calibration --backtest`);
 * text and Markdown say the forecast is calibrated and how far it moved the P85 date.
 */
import type { GroupUse } from '../../engine/calibration/table.js';
import { groupLabel } from '../../engine/calibration/groups.js';
import type { ForecastResult } from '../../engine/forecast/summary.js';
import type { CalibrationBacktest } from '../../engine/calibration/backtest.js';
import { backtestJson, groupJson } from './calibration-json.js';
import { times } from './calibration-text.js';
import { forecastJson } from './forecast-json.js';
import { renderForecastMd } from './forecast-md.js';
import { renderForecastText, type ForecastTextOptions } from './forecast-text.js';

export type ForecastCalibration = {
  /** History entries the ratios come from. */
  entries: number;
  minEntries: number;
  uses: GroupUse[];
  /** The P85 finish date without and with calibration (same seed and trials), and the move in working days. */
  uncalibratedP85: string;
  p85: string;
  p85ShiftDays: number;
  /** The walk-forward backtest on the same history (how much calibrating would have helped). */
  backtest: CalibrationBacktest;
};

export function forecastCalibrationJson(c: ForecastCalibration): Record<string, unknown> {
  return {
    used: true,
    entries: c.entries,
    minEntries: c.minEntries,
    groups: c.uses.map((u) => ({ ...groupJson(u.group), items: u.items })),
    uncalibratedP85: c.uncalibratedP85,
    p85: c.p85,
    p85ShiftDays: c.p85ShiftDays,
    backtest: backtestJson(c.backtest, false),
  };
}

/**
 * One sentence: "Calibrated on 24 history entries (workstream payments: median 1.40x for 3 items; all history: 1.10x
 * for 2 items): P85 moved +6 working days, from 2027-03-01 to 2027-03-09."
 */
export function calibrationNote(c: ForecastCalibration): string {
  const groups = c.uses.map((u) => `${groupLabel(u.group)}: median ${times(u.group.distribution.p50)} for ${u.items} item${u.items === 1 ? '' : 's'}`);
  const shift = c.p85ShiftDays === 0 ? 'P85 did not move' : `P85 moved ${c.p85ShiftDays > 0 ? '+' : ''}${c.p85ShiftDays} working days`;
  return `Calibrated on ${c.entries} history entries (${groups.join('; ')}): ${shift}, from ${c.uncalibratedP85} to ${c.p85}.${trackRecord(c.backtest)}`;
}

/** " On this history, the calibrated P85 held for 81% of 27 entries (estimates alone: 33%)." (nothing before any is scored). */
function trackRecord(b: CalibrationBacktest): string {
  if (b.entries === 0) return '';
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  return ` Walking forward through this history, the calibrated P85 held for ${pct(b.calibrated.coverageP85)} of ${b.entries} entries (estimates alone: ${pct(b.uncalibrated.coverageP85)}).`;
}

export function renderCalibratedForecastJson(result: ForecastResult, c: ForecastCalibration): string {
  return `${JSON.stringify({ ...forecastJson(result), calibration: forecastCalibrationJson(c) }, null, 2)}\n`;
}

/** The terminal forecast with the calibration note as its second line. */
export function renderCalibratedForecastText(result: ForecastResult, c: ForecastCalibration, options: ForecastTextOptions): string {
  const lines = renderForecastText(result, options).split('\n');
  lines.splice(1, 0, calibrationNote(c));
  return lines.join('\n');
}

/** The Markdown forecast with the calibration note under its headline. */
export function renderCalibratedForecastMd(result: ForecastResult, c: ForecastCalibration): string {
  const lines = renderForecastMd(result).split('\n');
  // Lines: title, blank, headline, blank, mode line: the note goes after the headline paragraph.
  lines.splice(4, 0, `*${calibrationNote(c)}*`, '');
  return lines.join('\n');
}
