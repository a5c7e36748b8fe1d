import { Option } from 'commander';
import { UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { statusDate } from '../today.js';
import { renderDiagnostics } from '../render/diagnostics.js';
import { renderScheduleTable } from '../render/schedule-table.js';
import { renderScheduleJson } from '../render/schedule-json.js';
import { renderScheduleCsv } from '../render/schedule-csv.js';
import { renderScheduleMermaid } from '../render/schedule-mermaid.js';
import { schedulePortfolio, scheduleProgram, type ScheduleOptions, type ScheduleResult } from '../../engine/schedule.js';
import type { RegisterCommand } from './index.js';

type Format = 'table' | 'json' | 'csv' | 'mermaid';

/**
 * `vantage schedule FILE [--no-level | --level] [--format table|json|csv|mermaid] [--schedules N] [--seed S]`:
 * the dependency- and resource-aware schedule of a program or portfolio file. Warnings go to stderr; the exit code
 * is 1 only when the file has errors (or the engine finds a dependency cycle).
 */
export const registerSchedule: RegisterCommand = (program, output, setExit) => {
  program
    .command('schedule')
    .description('schedule a program or portfolio: critical path, slack, resource levelling, milestones')
    .argument('<file>', 'program or portfolio file (*.vantage.yaml)')
    .option('--level', 'always level resources')
    .option('--no-level', 'dependencies only: the pure critical-path schedule')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'mermaid']).default('table'))
    .option('--schedules <n>', 'levelling search budget in generated schedules (default: by plan size)')
    .option('--seed <n>', 'levelling search seed', '1')
    .action(async (file: string, opts: { level?: boolean; format: Format; schedules?: string; seed: string }, command) => {
      const today = statusDate(command);
      const options: ScheduleOptions = { today, level: opts.level ?? 'auto', seed: integer(opts.seed, '--seed', 0) };
      if (opts.schedules !== undefined) options.schedules = integer(opts.schedules, '--schedules', 0);
      const loaded = await loadForCli(file, output);
      const result =
        loaded.kind === 'portfolio' ? schedulePortfolio(loaded.portfolio, options) : scheduleProgram(loaded.program, options);
      output.out(render(result, opts.format, output.isTTY));
      // The loader already warned about cross-program references in a single program file (cross-program-ref).
      const warnings = result.warnings.filter((w) => w.code !== 'cross-program-dependency');
      if (warnings.length > 0) output.err(renderDiagnostics(warnings, new Map()));
      if (result.warnings.some((w) => w.severity === 'error')) setExit(1);
    });
};

function render(result: ScheduleResult, format: Format, tty: boolean): string {
  switch (format) {
    case 'json':
      return renderScheduleJson(result);
    case 'csv':
      return renderScheduleCsv(result);
    case 'mermaid':
      return renderScheduleMermaid(result);
    default:
      return renderScheduleTable(result, { color: tty });
  }
}

function integer(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be a whole number >= ${min}, not '${text}'`);
  return value;
}
