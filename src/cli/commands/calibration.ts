/**
 * `vantage calibration FILE [--format table|md|json] [--backtest] [--min-entries N]`: how the estimates in the
 * history compare with how long the work took (actual/estimate ratios, overall and by workstream and type), and with
 * --backtest how much calibrating them would have helped, walking forward through the history.
 *
 * Also the loading step `forecast --calibrate` shares (calibrationFromHistory).
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { HistoryEntry, Program } from '../../model/program.js';
import type { LoadedValue } from '../../io/yaml/load.js';
import { createCalendar } from '../../engine/calendar.js';
import { backtestCalibration } from '../../engine/calibration/backtest.js';
import { buildCalibration, MIN_GROUP_ENTRIES, type Calibration } from '../../engine/calibration/groups.js';
import { calibrationSamples, type CalibrationSample, type SkippedEntries } from '../../engine/calibration/samples.js';
import { InputError, UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { renderCalibrationJson } from '../render/calibration-json.js';
import { renderCalibrationMd, renderCalibrationTable } from '../render/calibration-text.js';
import { statusDate } from '../today.js';
import type { RegisterCommand } from './index.js';

/** The calibration learned from a file's history, with what went into it. */
export type HistoryCalibration = {
  /** The program's name (a portfolio: its name; the histories of all its programs are pooled). */
  name: string;
  /** History entries considered (finished on or before the status date, or not finished). */
  historyEntries: number;
  samples: CalibrationSample[];
  skipped: SkippedEntries;
  calibration: Calibration;
};

/**
 * Reads the calibration from a loaded program's (or every program of a portfolio's) history: entries finished by
 * `today`, on each program's own calendar. Throws InputError (code `calibration-too-little-history`) when fewer than
 * `minEntries` entries have an estimate and both dates.
 */
export async function calibrationFromHistory(loaded: LoadedValue, today: string, minEntries = MIN_GROUP_ENTRIES): Promise<HistoryCalibration> {
  const programs: Program[] = loaded.kind === 'program' ? [loaded.program] : loaded.portfolio.programs;
  const samples: CalibrationSample[] = [];
  const skipped: SkippedEntries = { noEstimate: 0, zeroEstimate: 0, notFinished: 0 };
  let historyEntries = 0;
  for (const p of programs) {
    const known: HistoryEntry[] = p.history.filter((e) => e.finished === undefined || e.finished <= today);
    historyEntries += known.length;
    const r = calibrationSamples(known, createCalendar(p.program.calendar, p.program.start));
    samples.push(...r.samples);
    skipped.noEstimate += r.skipped.noEstimate;
    skipped.zeroEstimate += r.skipped.zeroEstimate;
    skipped.notFinished += r.skipped.notFinished;
  }
  const file = loaded.kind === 'program' ? loaded.program.file : loaded.portfolio.file;
  if (samples.length < minEntries) {
    const why = [
      skipped.noEstimate > 0 ? `${skipped.noEstimate} without an estimate` : '',
      skipped.notFinished > 0 ? `${skipped.notFinished} without both started and finished dates` : '',
      skipped.zeroEstimate > 0 ? `${skipped.zeroEstimate} with a zero estimate` : '',
    ].filter((x) => x !== '');
    const diagnostic: Diagnostic = {
      code: 'calibration-too-little-history',
      severity: 'error',
      message:
        `calibration needs at least ${minEntries} history entries with an estimate, a started and a finished date; ` +
        `only ${samples.length} of the ${historyEntries} entries finished by ${today} qualify${why.length > 0 ? ` (${why.join(', ')})` : ''}`,
      file,
      ...(await historyLine(programs[0]?.file ?? file)),
      hint: 'add finished work to `history:` (a list or a CSV with id,started,finished,estimate,workstream,type)',
    };
    throw new InputError([diagnostic]);
  }
  return {
    name: loaded.kind === 'program' ? loaded.program.program.name : loaded.portfolio.name,
    historyEntries,
    samples,
    skipped,
    calibration: buildCalibration(samples, minEntries),
  };
}

/** The line of the top-level `history:` key, so the error points at it (nothing when the file has none). */
async function historyLine(file: string): Promise<{ line?: number; col?: number }> {
  try {
    const lines = (await readFile(file, 'utf8')).split('\n');
    const i = lines.findIndex((l) => /^history\s*:/.test(l));
    return i >= 0 ? { line: i + 1, col: 1 } : {};
  } catch {
    return {};
  }
}

type Flags = { format: string; backtest?: boolean; minEntries: string; details?: boolean };

export const registerCalibration: RegisterCommand = (program, output, setExit) => {
  program
    .command('calibration')
    .description('how estimates compare with actuals in the history (ratios by workstream and type); --backtest: does calibrating help?')
    .argument('<file>', 'a program or portfolio file with a history')
    .option('--format <format>', 'table, md or json', 'table')
    .option('--backtest', 'walk-forward backtest: estimates as given vs calibrated on the entries finished before each one')
    .option('--details', 'with --backtest: list every scored entry')
    .option('--min-entries <n>', 'groups with fewer entries use a coarser group', String(MIN_GROUP_ENTRIES))
    .action(async (file: string, flags: Flags, command) => {
      const format = flags.format;
      if (format !== 'table' && format !== 'md' && format !== 'json') throw new UsageError(`--format must be table, md or json, not '${format}'`);
      const minEntries = Number(flags.minEntries);
      if (!/^\d+$/.test(flags.minEntries.trim()) || !(minEntries >= 1 && minEntries <= 10_000)) {
        throw new UsageError(`--min-entries must be a whole number from 1 to 10000, not '${flags.minEntries}'`);
      }
      if (flags.details && !flags.backtest) throw new UsageError('--details lists the backtest entries: add --backtest');
      const today = statusDate(command);
      const loaded = await loadForCli(file, output);
      const hc = await calibrationFromHistory(loaded, today, minEntries);
      const backtest = flags.backtest ? backtestCalibration(hc.samples, { minTraining: minEntries, minEntries }) : undefined;
      const view = { ...hc, today, backtest, details: Boolean(flags.details) };
      if (format === 'json') output.out(renderCalibrationJson(view));
      else if (format === 'md') output.out(renderCalibrationMd(view));
      else output.out(renderCalibrationTable(view));
      setExit(0);
    });
};
