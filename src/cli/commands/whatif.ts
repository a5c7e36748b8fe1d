import { Option } from 'commander';
import { UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { statusDate } from '../today.js';
import { renderDiagnostics } from '../render/diagnostics.js';
import { renderWhatIfJson } from '../render/whatif-json.js';
import { renderWhatIfText } from '../render/whatif-text.js';
import { whatIfOnce, type WhatIfChange } from '../../engine/strategy/whatif.js';
import type { RegisterCommand } from './index.js';

type Format = 'table' | 'md' | 'json';
type Opts = {
  slip: string[];
  remove: string[];
  cut: string[];
  capacity: string[];
  level?: boolean;
  format: Format;
  forecast?: string | boolean;
  seed: string;
  schedules?: string;
};

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `vantage whatif FILE --slip ID=DAYS [--slip ...] [--remove ID] [--cut ID] [--capacity RES=+N|RES=N]
 * [--forecast [TRIALS]] [--format table|md|json]`: what moves, by how much and through which dependencies.
 */
export const registerWhatif: RegisterCommand = (program, output) => {
  program
    .command('whatif')
    .description('what moves if something slips, is removed or cut, or capacity changes: milestones, objectives, chains')
    .argument('<file>', 'program or portfolio file (*.vantage.yaml)')
    .option('--slip <id=days>', 'add working days to an item\'s remaining work (repeatable)', collect, [])
    .option('--remove <id>', 'drop an item and its dependency edges (repeatable)', collect, [])
    .option('--cut <id>', 'set an item\'s status to cut (repeatable)', collect, [])
    .option('--capacity <res=+n>', 'change (+N/-N) or set (N) a team\'s or person\'s capacity (repeatable)', collect, [])
    .option('--level', 'always level resources')
    .option('--no-level', 'dependencies only')
    .option('--forecast [trials]', 'also compare the Monte Carlo forecast (default 2000 trials, fixed seed)')
    .option('--seed <n>', 'seed of the levelling search and the forecast', '1')
    .option('--schedules <n>', 'levelling search budget in generated schedules (default: by plan size)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json']).default('table'))
    .action(async (file: string, opts: Opts, command) => {
      const today = statusDate(command);
      const changes = parseChanges(opts);
      if (changes.length === 0) throw new UsageError('whatif needs at least one change: --slip ID=DAYS, --remove ID, --cut ID or --capacity RES=+N');
      const seed = whole(opts.seed, '--seed');
      const trials = opts.forecast === undefined || opts.forecast === false ? 0 : opts.forecast === true ? 2000 : whole(opts.forecast, '--forecast');
      const loaded = await loadForCli(file, output);
      const result = whatIfOnce(loaded, changes, {
        today,
        level: opts.level ?? 'auto',
        seed,
        ...(opts.schedules !== undefined ? { schedules: whole(opts.schedules, '--schedules') } : {}),
        forecastTrials: trials,
        forecastSeed: seed,
      });
      const bad = result.diagnostics.filter((d) => d.severity === 'error');
      if (bad.length > 0) throw new UsageError(bad.map((d) => d.message).join('; '));
      output.out(opts.format === 'json' ? renderWhatIfJson(result) : renderWhatIfText(result, changes, { markdown: opts.format === 'md' }));
      const warnings = result.diagnostics.filter((d) => d.severity !== 'error' && d.code !== 'cross-program-dependency');
      if (warnings.length > 0) output.err(renderDiagnostics(warnings, new Map()));
    });
};

/** Parses the change flags (exported for tests). */
export function parseChanges(opts: Pick<Opts, 'slip' | 'remove' | 'cut' | 'capacity'>): WhatIfChange[] {
  const changes: WhatIfChange[] = [];
  for (const s of opts.slip) {
    const m = /^(.+)=([+-]?\d+(?:\.\d+)?)d?$/.exec(s);
    if (!m) throw new UsageError(`--slip must look like ID=DAYS (e.g. PAY-1=10), not '${s}'`);
    changes.push({ kind: 'slip', id: m[1], days: Number(m[2]) });
  }
  for (const id of opts.remove) changes.push({ kind: 'remove', id });
  for (const id of opts.cut) changes.push({ kind: 'cut', id });
  for (const s of opts.capacity) {
    const m = /^(.+?)=([+-]?)(\d+(?:\.\d+)?)$/.exec(s);
    if (!m) throw new UsageError(`--capacity must look like RES=+N, RES=-N or RES=N (e.g. backend=+1), not '${s}'`);
    const n = Number(m[3]);
    changes.push(m[2] === '' ? { kind: 'capacity', resource: m[1], value: n } : { kind: 'capacity', resource: m[1], delta: m[2] === '-' ? -n : n });
  }
  return changes;
}

function whole(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} must be a whole number >= 0, not '${text}'`);
  return value;
}
