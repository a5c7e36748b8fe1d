import { Option } from 'commander';
import { UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { statusDate } from '../today.js';
import { renderScopeJson } from '../render/scope-json.js';
import { renderScopeText } from '../render/scope-text.js';
import { planScope } from '../../engine/strategy/scope.js';
import type { RegisterCommand } from './index.js';

type Opts = { by?: string; confidence?: string; format: 'table' | 'json'; trials: string; seed: string; level?: boolean };

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `vantage scope FILE [--by DATE] [--confidence P] [--trials N] [--seed S] [--format table|json]`: what to defer so
 * the rest lands by the date at the confidence level, keeping the most value.
 */
export const registerScope: RegisterCommand = (program, output) => {
  program
    .command('scope')
    .description('impact over perfection: which optional items to defer so the rest lands on time, keeping the most value')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .option('--by <date>', 'finish-by date (default: the program target)')
    .option('--confidence <p>', 'required confidence in (0, 1) (default: the program confidence)')
    .option('--trials <n>', 'Monte Carlo trials per evaluated cut', '600')
    .option('--seed <n>', 'seed shared by every evaluation', '1')
    .option('--level', 'always level resources')
    .option('--no-level', 'dependencies only')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (file: string, opts: Opts, command) => {
      const today = statusDate(command);
      if (opts.by !== undefined && (!ISO.test(opts.by) || Number.isNaN(Date.parse(opts.by)))) {
        throw new UsageError(`--by must be a date like 2027-06-30, not '${opts.by}'`);
      }
      const confidence = opts.confidence === undefined ? undefined : Number(opts.confidence);
      if (confidence !== undefined && !(confidence > 0 && confidence < 1)) {
        throw new UsageError(`--confidence must be a number between 0 and 1, not '${opts.confidence ?? ''}'`);
      }
      const trials = whole(opts.trials, '--trials', 1);
      const seed = whole(opts.seed, '--seed', 0);
      const loaded = await loadForCli(file, output);
      if (loaded.kind !== 'program') throw new UsageError('scope works on one program file, not a portfolio');
      const p = loaded.program;
      if (opts.by === undefined && p.program.target === undefined) {
        throw new UsageError(`program ${p.program.id} has no target: give one with --by DATE`);
      }
      const result = planScope(p, {
        today,
        trials,
        seed,
        level: opts.level ?? 'auto',
        ...(opts.by !== undefined ? { by: opts.by } : {}),
        ...(confidence !== undefined ? { confidence } : {}),
      });
      output.out(opts.format === 'json' ? renderScopeJson(result) : renderScopeText(result));
    });
};

function whole(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be a whole number >= ${min}, not '${text}'`);
  return value;
}
