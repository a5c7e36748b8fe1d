import { readFile } from 'node:fs/promises';
import type { RegisterCommand } from './index.js';
import { EnvironmentError, InputError, UsageError } from '../context.js';
import { parseSm } from '../../io/psplib/sm.js';
import { instanceFromJobs } from '../../engine/rcpsp/build-instance.js';
import { searchSchedule } from '../../engine/rcpsp/search.js';

type RcpspOptions = { schedules: string; seed: string; format: string };

function integer(value: string, name: string, min: number): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${value}"`);
  return v;
}

/**
 * `vantage rcpsp FILE.sm [--schedules N] [--seed S] [--format json|text]`: solves a PSPLIB single-mode instance with the
 * RCPSP search and prints the makespan and the start of every job (by PSPLIB job number).
 */
export const registerRcpsp: RegisterCommand = (program, output) => {
  program
    .command('rcpsp')
    .description('schedule a PSPLIB single-mode instance (.sm) with the resource-constrained search')
    .argument('<file>', 'a PSPLIB .sm file')
    .option('--schedules <n>', 'budget of generated schedules', '5000')
    .option('--seed <s>', 'random seed (same seed, same result)', '1')
    .option('--format <format>', 'json or text', 'text')
    .action(async (file: string, opts: RcpspOptions) => {
      const schedules = integer(opts.schedules, 'schedules', 1);
      const seed = integer(opts.seed, 'seed', 0);
      if (opts.format !== 'json' && opts.format !== 'text') throw new UsageError(`--format must be json or text, got "${opts.format}"`);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new EnvironmentError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      const { project, diagnostics } = parseSm(text, file);
      if (!project) throw new InputError(diagnostics, new Map([[file, text]]));
      const { instance, jobNumber } = instanceFromJobs(project);
      const result = searchSchedule(instance, { schedules, seed });
      const { solution } = result;
      const starts: Record<string, number> = {};
      for (let j = 0; j < instance.n; j++) starts[String(jobNumber[j])] = solution.start[j];
      if (opts.format === 'json') {
        output.out(`${JSON.stringify({ makespan: solution.makespan, starts, schedules: result.schedules, budget: schedules, seed, lowerBound: result.lowerBound }, null, 2)}\n`);
        return;
      }
      const gap = result.lowerBound > 0 ? ((100 * (solution.makespan - result.lowerBound)) / result.lowerBound).toFixed(1) : '0.0';
      const lines = [
        `${file}: ${instance.n} jobs, ${instance.resources} resources`,
        `makespan ${solution.makespan} (critical-path lower bound ${result.lowerBound}, +${gap}%), ${result.schedules} schedules, seed ${seed}`,
        '',
        ' job | start | finish',
      ];
      for (let j = 0; j < instance.n; j++) {
        lines.push(`${String(jobNumber[j]).padStart(4)} | ${String(solution.start[j]).padStart(5)} | ${String(solution.finish[j]).padStart(6)}`);
      }
      output.out(`${lines.join('\n')}\n`);
    });
};
