import { Option } from 'commander';
import { loadForCli } from '../load.js';
import { statusDate } from '../today.js';
import { renderLoadJson } from '../render/load-json.js';
import { renderLoadText } from '../render/load-text.js';
import { loadReport, type LoadPeriodKind } from '../../engine/strategy/load.js';
import type { RegisterCommand } from './index.js';

type Format = 'table' | 'md' | 'json';

/**
 * `vantage load FILE [--by week|month] [--no-level] [--format table|md|json]`: allocation against capacity per person
 * and team from the levelled schedule, over-allocation and single points of failure.
 */
export const registerLoad: RegisterCommand = (program, output) => {
  program
    .command('load')
    .description('delegation and load: allocation vs capacity per person and team, over-allocation, single points of failure')
    .argument('<file>', 'program or portfolio file (*.vantage.yaml)')
    .addOption(new Option('--by <period>', 'period of the grid').choices(['week', 'month']).default('week'))
    .option('--level', 'always level resources')
    .option('--no-level', 'dependencies only (shows the over-allocation levelling would remove)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json']).default('table'))
    .action(async (file: string, opts: { by: LoadPeriodKind; level?: boolean; format: Format }, command) => {
      const today = statusDate(command);
      const loaded = await loadForCli(file, output);
      const subject = loaded.kind === 'portfolio' ? loaded.portfolio : loaded.program;
      const report = loadReport(subject, { today, by: opts.by, level: opts.level ?? 'auto' });
      output.out(opts.format === 'json' ? renderLoadJson(report) : renderLoadText(report, { markdown: opts.format === 'md' }));
    });
};
